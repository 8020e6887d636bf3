#!/usr/bin/env node
// Writes docs/rules/: an index and one page per rule of the built-in pack.
// Titles, descriptions, remediations and links come from the pack's
// METADATA (lib/pack/pack.json: run `npm run build` first); what each rule
// inspects and its source come from the rule catalog of the spec (RULES.md);
// the bad and good examples are the rule's fixtures verbatim, which
// test/pack/docs.test.ts checks. Run after changing a rule or its fixtures:
//   node scripts/gen-rule-docs.mjs [--rules ../shared/RULES.md]
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const rulesArg = process.argv.indexOf('--rules');
const rulesFile = resolve(rulesArg === -1 ? join(root, '../shared/RULES.md') : process.argv[rulesArg + 1]);
if (!existsSync(rulesFile)) {
  console.error(`gen-rule-docs: ${rulesFile} not found; pass the rule catalog with --rules FILE`);
  process.exit(2);
}
const pack = JSON.parse(readFileSync(join(root, 'lib/pack/pack.json'), 'utf8'));
const rules = readFileSync(rulesFile, 'utf8');
const inspects = {};
for (const line of rules.split('\n')) {
  const m = /^\| (RTC\d{3}) \| (.*?) \| (.*?) \| (.*?) \| (.*?) \|$/.exec(line);
  if (m) inspects[m[1]] = { what: m[2], severity: m[3], inspects: m[4], source: m[5] };
}
const CONFIG = {
  RTC001:
    'The target version is `kubernetesVersion` in rtpolicy.yaml or `--kubernetes-version` (default: the latest stable minor).',
  RTC010:
    'Declare RuntimeClasses the cluster provides under `runtimeClasses:` in rtpolicy.yaml (with `handler` and `sandbox`), so that pods may name them.',
  RTC011: 'Follows `kubernetesVersion`: before 1.18 the finding is a warning that the field is dropped.',
  RTC015:
    'The minimum memory (and cpu) per hypervisor is `sandbox.minimumOverhead` in rtpolicy.yaml (`qemu`, `cloud-hypervisor`, `firecracker`, `vm` for an unknown VMM, `gvisor`). A class is classified from its handler (see [How a RuntimeClass is classified](README.md#how-a-runtimeclass-is-classified)), or by `runtimeClasses.<name>.sandbox` / `hypervisor` in rtpolicy.yaml.',
  RTC016:
    'A class counts as sandboxed when it classifies as `vm` or `gvisor`; override a classification with `runtimeClasses.<name>.sandbox` in rtpolicy.yaml.',
  RTC020:
    'Only applies when the repository holds containerd `config.toml` or CRI-O `crio.conf` files. `runc` (and `crun` with CRI-O) are built into the runtimes and never reported.',
  RTC031:
    'Which classes count as sandboxes is `sandbox.classes` in rtpolicy.yaml (default `[vm, gvisor]`). Classes the cluster provides are declared under `runtimeClasses:`.',
  RTC034:
    'Follows `kubernetesVersion`: before 1.33 the message says that `procMount` needs the ProcMountType feature gate.',
  RTC040:
    "Namespaces that require a sandbox are `sandbox.namespaces` (by name) and `sandbox.namespaceSelector` (matched against the labels of the repository's Namespace objects) in rtpolicy.yaml; the sandbox classes are `sandbox.classes`.",
};
function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]))
    .sort();
}
const lang = (f) => (f.endsWith('.toml') || f.endsWith('.conf') ? 'toml' : 'yaml');
function examples(id, kind) {
  const dir = join(root, 'fixtures/rules', id, kind);
  return filesUnder(dir)
    .map((file) => {
      const rel = relative(root, file);
      const text = readFileSync(file, 'utf8');
      return `\`${rel}\`\n\n\`\`\`${lang(file)}\n${text.trimEnd()}\n\`\`\`\n`;
    })
    .join('\n');
}
mkdirSync(join(root, 'docs/rules'), { recursive: true });
const index = [
  '# Rules of the built-in pack',
  '',
  'Each rule has a stable id, a default severity and a page that says what it checks, why, how to fix it, with a bad and a good example (the same files `test/pack/fixtures.test.ts` checks) and its sources. Turn a rule off or change its severity in rtpolicy.yaml (`rules: { RTC016: false, RTC033: note }`). `rtpolicy rules` lists them.',
  '',
  '| id | severity | title |',
  '|---|---|---|',
];
for (const rule of pack.catalog) {
  const info = inspects[rule.id];
  const pkg = rule.policyRef.replace(/^data\./, '').replace(/\.deny$/, '');
  index.push(`| [${rule.id}](${rule.id}.md) | ${rule.severity} | ${rule.title} |`);
  const lines = [
    `# ${rule.id}: ${rule.title}`,
    '',
    `Default severity: **${info.severity}** · Policy: \`${pkg}\` (\`policies/\`) · [All rules](README.md)`,
    '',
    '## What it checks',
    '',
    `${info.what[0].toUpperCase()}${info.what.slice(1).replace(/\.$/, '')}. It inspects ${info.inspects}.`,
    '',
    '## Why it matters',
    '',
    rule.description,
    '',
    '## How to fix',
    '',
    rule.remediation,
    '',
  ];
  if (CONFIG[rule.id]) lines.push('## Configuration', '', CONFIG[rule.id], '');
  lines.push(
    '## Bad example',
    '',
    'rtpolicy reports the lines marked `# expect:`.',
    '',
    examples(rule.id, 'bad'),
    '## Good example',
    '',
    examples(rule.id, 'good'),
    '## Sources',
    '',
    ...rule.relatedResources.map((r) => `- <${r}>`),
    `- RULES.md: ${info.source}`,
    '',
  );
  writeFileSync(join(root, 'docs/rules', `${rule.id}.md`), lines.join('\n').replace(/\n{3,}/g, '\n\n'));
}
index.push(
  '',
  '## How a RuntimeClass is classified',
  '',
  'Rules about sandboxes look at what a RuntimeClass runs, never at its name: RuntimeClass -> `handler` -> runtime entry, in this order:',
  '',
  '1. `runtimeClasses.<name>.sandbox` in rtpolicy.yaml (`vm`, `gvisor`, `none`);',
  '2. a containerd `config.toml` or CRI-O `crio.conf` in the repository that defines the handler: `runtime_type` `io.containerd.kata*.v2` or a CRI-O `runtime_path` ending in `containerd-shim-kata-v2` is `vm`; `io.containerd.runsc.v1` / `containerd-shim-runsc-v1` is `gvisor`; `io.containerd.runc.v2` (also with a crun `BinaryName`) is `none`;',
  "3. the handler's name: `kata*` is `vm` (`kata-fc`/`*-fc` is Firecracker), `runsc*`/`gvisor*` is `gvisor`, `runc`/`crun` is `none`; anything else is `unknown`.",
  '',
  "A pod without `runtimeClassName` runs on the node's default handler (runc). A class counts as a sandbox when its class is in `sandbox.classes` (default `vm` and `gvisor`).",
  '',
  '## Where pods live',
  '',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: `${VAR}` is an example of template text in the prose.
  'Pod rules read the pod spec of `Pod` (`spec`), `PodTemplate` (`template.spec`), `ReplicationController`, `ReplicaSet`, `Deployment`, `StatefulSet`, `DaemonSet` and `Job` (`spec.template.spec`) and `CronJob` (`spec.jobTemplate.spec.template.spec`), each in its own API group (a custom resource named `Deployment` is not a workload), and all of `initContainers`, `containers` and `ephemeralContainers`. A workload whose template has no containers, or a container without `image`, is taken for a partial object (a kustomize patch): rules that report a missing field (no runtimeClassName, no limits) leave it alone. Values written for a template engine (`{{ .Values.x }}`, `${VAR}`) are not judged.',
);
writeFileSync(join(root, 'docs/rules/README.md'), `${index.join('\n')}\n`);
console.log(`docs/rules: ${pack.catalog.length} rule pages and the index`);
