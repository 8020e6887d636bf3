// `rtpolicy check` end to end, through the CLI (bin/rtpolicy.js), in one run:
//   1. throughput: wall time of a check of 10,000 generated workload
//      manifests (~7.5 MB) with the built-in pack, as a ratio to the wall
//      time of a node process that only reads the same files and decodes
//      them with js-yaml's loadAll (target: at most 2.0);
//   2. start-up: wall time of a check of one small file (target < 350 ms),
//      beside the time of `node -e 0` on the same machine;
//   3. memory: peak RSS of a check of 100,000 documents (target < 1 GB).
// Runs alternate between the two sides of a ratio; figures are medians.
//   node bench/check.bench.mjs [--files 10000] [--runs 5] [--startup-runs 9] [--rss-documents 100000]
// Needs a build (`node scripts/build.mjs`). When the built-in pack has no
// rules yet, the stand-in pack of fixtures/engine/pack is compiled and used
// in its place (through RTPOLICY_ASSETS), and the output says so.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'bin/rtpolicy.js');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const FILES = arg('files', 10_000);
const RUNS = arg('runs', 5);
const STARTUP_RUNS = arg('startup-runs', 9);
const RSS_DOCUMENTS = arg('rss-documents', 100_000);

const KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicaSet'];
const CLASSES = ['kata', 'gvisor', ''];

/** A workload of about 750 bytes (7.5 MB for 10,000); some are privileged, some mount hostPath, a third run without a RuntimeClass. */
function workload(i) {
  const kind = KINDS[i % KINDS.length];
  const name = `app-${i}`;
  const runtimeClass = CLASSES[i % CLASSES.length];
  return `apiVersion: ${kind === 'Job' ? 'batch/v1' : 'apps/v1'}
kind: ${kind}
metadata:
  name: ${name}
  namespace: team-${i % 17}
  labels:
    app: ${name}
  annotations:
    team.example.com/owner: shop-team-${i % 17}
spec:
  template:
    metadata:
      labels:
        app: ${name}
    spec:${runtimeClass ? `\n      runtimeClassName: ${runtimeClass}` : ''}
      serviceAccountName: ${name}
      containers:
        - name: main
          image: registry.example.com/shop/${name}:1.${i % 40}.0
          env:
            - name: LOG_LEVEL
              value: info
          resources:
            requests: { cpu: 100m, memory: 128Mi }
            limits: { cpu: 500m, memory: 256Mi }
          securityContext:
            privileged: ${i % 10 === 0 ? 'yes' : 'false'}
            allowPrivilegeEscalation: false
      volumes:
        - name: data
          ${i % 7 === 0 ? 'hostPath: { path: /var/lib/data }' : 'emptyDir: {}'}
`;
}

const RUNTIME_CLASSES = `apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata:
  name: kata
handler: kata-qemu
overhead:
  podFixed: { cpu: 250m, memory: 350Mi }
scheduling:
  nodeSelector: { katacontainers.io/kata-runtime: "true" }
---
apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata:
  name: gvisor
handler: runsc
overhead:
  podFixed: { cpu: 100m, memory: 100Mi }
scheduling:
  nodeSelector: { sandbox: gvisor }
`;

/** Writes `files` manifests of `perFile` documents each under `dir`; returns the bytes written. */
function generate(dir, files, perFile) {
  let bytes = 0;
  let n = 0;
  for (let f = 0; f < files; f++) {
    const sub = join(dir, `team-${f % 20}`);
    if (f < 20) mkdirSync(sub, { recursive: true });
    const docs = [];
    for (let d = 0; d < perFile; d++) docs.push(workload(n++));
    const text = docs.join('---\n');
    bytes += Buffer.byteLength(text);
    writeFileSync(join(sub, `workload-${f}.yaml`), text);
  }
  writeFileSync(join(dir, 'runtimeclasses.yaml'), RUNTIME_CLASSES);
  return bytes;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** Runs a node process and returns its wall time in ms (and its result). */
function timed(args, env = {}) {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  }
  return { ms, result };
}

const work = mkdtempSync(join(tmpdir(), 'rtpolicy-check-bench-'));
try {
  // The pack: the built-in one, or the stand-in when the built-in one is still empty.
  const env = { XDG_CACHE_HOME: join(work, 'cache') };
  const builtin = JSON.parse(readFileSync(join(root, 'lib/pack/pack.json'), 'utf8'));
  let packLabel = `built-in pack (${builtin.rules.length} rules, ${builtin.catalog.length} ids)`;
  if (builtin.rules.length === 0) {
    const assets = join(work, 'assets');
    const build = spawnSync(
      process.execPath,
      [
        join(root, 'scripts/build-pack.mjs'),
        '--policies',
        join(root, 'fixtures/engine/pack'),
        '--out',
        join(assets, 'pack'),
      ],
      { encoding: 'utf8' },
    );
    if (build.status !== 0) throw new Error(`building the stand-in pack failed: ${build.stderr}`);
    const standIn = JSON.parse(readFileSync(join(assets, 'pack/pack.json'), 'utf8'));
    env.RTPOLICY_ASSETS = assets;
    packLabel = `stand-in pack fixtures/engine/pack (${standIn.catalog.length} rule ids; the built-in pack has no rules yet)`;
  }
  const { workerCount } = await import(join(root, 'lib/engine/parallel.js'));
  console.log(
    `pack: ${packLabel}; ${availableParallelism()} CPUs, ${workerCount(FILES)} worker thread(s) for ${FILES} files`,
  );

  // 1. Throughput.
  const manifests = join(work, 'manifests');
  const bytes = generate(manifests, FILES, 1);
  console.log(`${FILES} workload files, ${(bytes / 1e6).toFixed(1)} MB`);
  const jsYamlScript = join(work, 'js-yaml-only.mjs');
  writeFileSync(
    jsYamlScript,
    `import { readFileSync } from 'node:fs';
import { globSync } from ${JSON.stringify(join(root, 'node_modules/glob/dist/esm/index.js'))};
import { loadAll } from ${JSON.stringify(join(root, 'node_modules/js-yaml/dist/js-yaml.mjs'))};
let documents = 0;
for (const file of globSync('**/*.yaml', { cwd: process.argv[2], absolute: true }).sort()) {
  documents += loadAll(readFileSync(file, 'utf8')).length;
}
console.log(documents);
`,
  );
  const checkArgs = [cli, 'check', manifests, '--format', 'json', '--output-file', join(work, 'report.json')];
  timed(checkArgs, env); // warm the file cache
  const report = JSON.parse(readFileSync(join(work, 'report.json'), 'utf8'));
  const byRule = {};
  for (const f of report.findings) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
  console.log(
    `check: ${report.summary.documents} documents, ${report.findings.length} findings ${JSON.stringify(byRule)}`,
  );
  const times = { jsyaml: [], check: [] };
  for (let run = 0; run < RUNS; run++) {
    times.jsyaml.push(timed([jsYamlScript, manifests]).ms);
    times.check.push(timed(checkArgs, env).ms);
  }
  const ratios = times.check.map((t, i) => t / times.jsyaml[i]);
  console.log(
    `js-yaml only (node: glob + readFileSync + loadAll): median ${median(times.jsyaml).toFixed(0)} ms`,
  );
  console.log(`rtpolicy check (CLI, JSON report):               median ${median(times.check).toFixed(0)} ms`);
  console.log(`ratio check / js-yaml: median ${median(ratios).toFixed(2)} over ${RUNS} runs (target <= 2.0)`);

  // 2. Start-up.
  const small = join(work, 'small.yaml');
  writeFileSync(small, workload(1));
  const startup = { node: [], check: [] };
  for (let run = 0; run < STARTUP_RUNS; run++) {
    startup.node.push(timed(['-e', '0']).ms);
    startup.check.push(timed([cli, 'check', small], env).ms);
  }
  console.log(
    `start-up, check of one small file: median ${median(startup.check).toFixed(0)} ms over ${STARTUP_RUNS} runs ` +
      `(target < 350; \`node -e 0\`: ${median(startup.node).toFixed(0)} ms)`,
  );

  // 3. Peak RSS on RSS_DOCUMENTS documents (10 per file).
  rmSync(manifests, { recursive: true, force: true });
  const big = join(work, 'big');
  const bigBytes = generate(big, Math.ceil(RSS_DOCUMENTS / 10), 10);
  const rssHook = join(work, 'rss.mjs');
  writeFileSync(
    rssHook,
    "process.on('exit', () => process.stderr.write('maxRSS ' + process.resourceUsage().maxRSS + '\\n'));\n",
  );
  const { ms, result } = timed(
    ['--import', rssHook, cli, 'check', big, '--format', 'json', '--output-file', join(work, 'big.json')],
    env,
  );
  const maxRss = Number(/maxRSS (\d+)/.exec(result.stderr)?.[1]) * 1024;
  const bigReport = JSON.parse(readFileSync(join(work, 'big.json'), 'utf8'));
  console.log(
    `peak RSS, ${bigReport.summary.documents} documents (${(bigBytes / 1024 / 1024).toFixed(0)} MiB, ` +
      `${bigReport.findings.length} findings): ${(maxRss / 1024 / 1024).toFixed(0)} MiB in ${(ms / 1000).toFixed(1)} s (target < 1024 MiB)`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
