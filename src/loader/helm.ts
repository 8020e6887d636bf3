// Recognises Helm chart templates, which are not YAML until Helm renders them.
// Many real manifests carry `{{ }}` inside strings (Prometheus alert
// templates, Argo CD notification templates, Grafana dashboards); those are
// plain YAML and must be checked. A file is a Helm template when
//   - an action refers to Helm's built-in objects or functions
//     (`.Values`, `.Release`, `.Chart`, `include`, `toYaml`...), or
//   - an action stands where YAML structure is, not inside a scalar:
//     `{{- if ... }}` on its own line, `replicas: {{ .Values.n }}`. The YAML
//     lexer reads such an action as two flow-mapping openers in a row.
import { loadYamlLibrary } from './sourcemap.js';

const HELM_ACTION =
  /\{\{-?[^}]*?(?:\$?\.(?:Values|Release|Chart|Capabilities|Files|Template)\b|\b(?:include|toYaml|fromYaml|tpl|required|lookup)\s)/;

/** True when `text` is a Helm template; only worth calling when it contains `{{`. */
export async function isHelmTemplate(text: string): Promise<boolean> {
  if (HELM_ACTION.test(text)) return true;
  const { Lexer } = await loadYamlLibrary();
  let previous = '';
  for (const token of new Lexer().lex(text)) {
    if (token === '{' && previous === '{') return true;
    previous = token;
  }
  return false;
}
