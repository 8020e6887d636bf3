// SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer). Checked by
// test/report/sarif-validate.test.ts with the SARIF Multitool's SARIF, GitHub
// (Gh) and GitHub Advanced Security (Ghas) rules.
//
// Locations are relative to the repository root with uriBaseId %SRCROOT%;
// `partialFingerprints` carries rtpolicy's line-independent fingerprint, so
// alerts survive line shifts just as baselines do. Suppressed findings are
// kept with `suppressions` (annotation and comment: inSource; baseline:
// external), which code scanning shows as dismissed.
import { pathToFileURL } from 'node:url';
import type { Finding, Region, Report, RuleInfo, Severity, Suppression } from '../engine/types.js';
import { absolutePath, orderedFindings, pathInRepository, type RenderOptions, ruleTable } from './shared.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';
/** The key of rtpolicy's fingerprint in `partialFingerprints` (versioned, as SARIF recommends). */
export const FINGERPRINT_KEY = 'rtpolicyFingerprint/v1';

/** GitHub's `problem.severity` for rules that are not security rules. */
const PROBLEM_SEVERITY: Record<Severity, string> = {
  error: 'error',
  warning: 'warning',
  note: 'recommendation',
};
/** GitHub's `security-severity` (0.0-10.0: 7+ high, 4+ medium, below low) for rules tagged `security`. */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.0', note: '2.0' };

export function renderSarif(report: Report, options: RenderOptions = {}): string {
  const rules = ruleTable(report);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const run = {
    tool: {
      driver: {
        name: report.tool.name,
        version: report.tool.version,
        semanticVersion: report.tool.version,
        informationUri: report.tool.informationUri,
        rules: rules.map(sarifRule),
      },
    },
    ...(options.sourceRoot
      ? { originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(options.sourceRoot) } } }
      : {}),
    results: orderedFindings(report.findings).map((f) => {
      const index = ruleIndex.get(f.ruleId)!;
      return sarifResult(f, rules[index], index, options);
    }),
    columnKind: 'utf16CodeUnits',
    ...(options.includeTiming ? { properties: { durationMs: report.stats.durationMs } } : {}),
  };
  return `${JSON.stringify({ $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] }, null, 2)}\n`;
}

function sarifRule(rule: RuleInfo) {
  const tags = [...new Set(rule.tags ?? [])];
  const security = tags.some((t) => t.toLowerCase() === 'security');
  return {
    id: rule.id,
    // SARIF wants a PascalCase name that differs from the id (rules SARIF2012, SARIF1001).
    ...(rule.name && rule.name !== rule.id ? { name: pascalCase(rule.name) } : {}),
    shortDescription: { text: sentence(rule.title) },
    fullDescription: { text: sentence(rule.description), markdown: sentence(rule.description) },
    help: { text: helpText(rule), markdown: helpMarkdown(rule) },
    ...(rule.helpUri ? { helpUri: rule.helpUri } : {}),
    defaultConfiguration: { level: rule.severity },
    properties: {
      ...(tags.length > 0 ? { tags } : {}),
      // Built-in checks read declared manifests, so what they report is certain.
      ...(rule.origin !== 'policy' ? { precision: 'very-high' } : {}),
      'problem.severity': PROBLEM_SEVERITY[rule.severity],
      ...(security ? { 'security-severity': SECURITY_SEVERITY[rule.severity] } : {}),
    },
  };
}

function helpText(rule: RuleInfo): string {
  const parts = [sentence(rule.title), rule.description];
  if (rule.remediation) parts.push(`How to fix: ${rule.remediation}`);
  const references = [rule.helpUri, ...(rule.relatedResources ?? [])].filter((r): r is string => !!r);
  if (references.length > 0) parts.push(`References:\n${references.map((r) => `- ${r}`).join('\n')}`);
  return parts.join('\n\n');
}

function helpMarkdown(rule: RuleInfo): string {
  const parts = [`**${sentence(rule.title)}**`, rule.description];
  if (rule.remediation) parts.push(`**How to fix:** ${rule.remediation}`);
  if (rule.helpUri) parts.push(`[Documentation for ${rule.id}](${rule.helpUri})`);
  const related = rule.relatedResources ?? [];
  if (related.length > 0) parts.push(`References:\n\n${related.map((r) => `- <${r}>`).join('\n')}`);
  return parts.join('\n\n');
}

function sarifResult(finding: Finding, rule: RuleInfo, ruleIndex: number, options: RenderOptions) {
  const { object, suppression } = finding;
  const logicalName =
    object?.kind && object.name ? objectName(object.kind, object.namespace, object.name) : '';
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: finding.severity,
    // SARIF requires message text; a policy may report an empty string.
    message: { text: sentence(finding.message) || sentence(rule.title) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(finding.file, options),
          region: sarifRegion(finding.region),
        },
        ...(logicalName
          ? { logicalLocations: [{ name: object!.name, fullyQualifiedName: logicalName, kind: 'object' }] }
          : {}),
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
    ...(suppression ? { suppressions: [sarifSuppression(suppression)] } : {}),
    ...(finding.path || finding.documentIndex !== undefined
      ? {
          properties: {
            ...(finding.documentIndex !== undefined ? { documentIndex: finding.documentIndex } : {}),
            ...(finding.path ? { path: finding.path } : {}),
          },
        }
      : {}),
  };
}

function artifactLocation(file: string, options: RenderOptions) {
  const inRepository = pathInRepository(file, options);
  if (inRepository === undefined) return { uri: pathToFileURL(absolutePath(file, options)).href };
  return { uri: inRepository.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

/** A SARIF region; an inverted span (a bug upstream) is narrowed to its start rather than made invalid. */
function sarifRegion(region: Region) {
  const endLine = Math.max(region.endLine, region.startLine);
  const endColumn =
    endLine === region.startLine ? Math.max(region.endColumn, region.startColumn) : region.endColumn;
  return { startLine: region.startLine, startColumn: region.startColumn, endLine, endColumn };
}

function sarifSuppression(suppression: Suppression) {
  const how = {
    annotation: 'Ignored by the rtpolicy.io/ignore annotation',
    comment: 'Ignored by a # rtpolicy:ignore comment',
    baseline: 'Accepted in the baseline',
  }[suppression.kind];
  return {
    kind: suppression.kind === 'baseline' ? 'external' : 'inSource',
    status: 'accepted',
    justification: suppression.justification ?? `${how}.`,
  };
}

function objectName(kind: string, namespace: string | undefined, name: string): string {
  return namespace ? `${kind}/${namespace}/${name}` : `${kind}/${name}`;
}

/** SARIF asks for messages that are complete sentences (rule SARIF2001). */
function sentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return trimmed;
  return /[.!?)\]"'`]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** `privileged-without-sandbox` -> `PrivilegedWithoutSandbox`; a name without separators is kept. */
function pascalCase(name: string): string {
  const words = name.split(/[-_\s]+/).filter(Boolean);
  if (words.length <= 1) return name;
  return words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}
