// Loader throughput: rtpolicy's loader (discovery, reading, YAML 1.1
// decoding, checks, List expansion) against js-yaml's plain `loadAll` over
// the same files (read with readFileSync), on generated workload manifests.
// Prints the median of several alternating runs and their ratio.
//   node bench/load.bench.mjs [--files 10000] [--runs 7]
// Needs a build (lib/): `node scripts/build.mjs typescript`.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadAll } from 'js-yaml';

const { discoverInputs, loadInputs, LoadStats } = await import('../lib/loader/index.js');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const FILES = arg('files', 10_000);
const RUNS = arg('runs', 7);

const KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicaSet'];

function manifest(i) {
  const kind = KINDS[i % KINDS.length];
  const apiVersion = kind === 'Job' ? 'batch/v1' : 'apps/v1';
  const name = `app-${i}`;
  return `apiVersion: ${apiVersion}
kind: ${kind}
metadata:
  name: ${name}
  namespace: team-${i % 17}
  labels:
    app: ${name}
spec:
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      runtimeClassName: ${i % 3 === 0 ? 'kata' : 'gvisor'}
      serviceAccountName: ${name}
      containers:
        - name: main
          image: registry.example.com/shop/${name}:1.${i % 40}.0
          env:
            - name: LOG_LEVEL
              value: info
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
            limits:
              cpu: 500m
              memory: 256Mi
          securityContext:
            privileged: ${i % 10 === 0 ? 'yes' : 'false'}
            allowPrivilegeEscalation: false
            capabilities:
              add: [NET_ADMIN]
      volumes:
        - name: data
          emptyDir: {}
`;
}

const dir = mkdtempSync(join(tmpdir(), 'rtpolicy-load-bench-'));
try {
  let bytes = 0;
  const files = [];
  for (let i = 0; i < FILES; i++) {
    const sub = join(dir, `team-${i % 20}`);
    if (i < 20) mkdirSync(sub);
    const path = join(sub, `workload-${i}.yaml`);
    const text = manifest(i);
    bytes += Buffer.byteLength(text);
    writeFileSync(path, text);
    files.push(path);
  }
  files.sort();
  console.log(`${FILES} files, ${(bytes / 1024 / 1024).toFixed(1)} MiB in ${dir}`);

  const plainJsYaml = () => {
    let documents = 0;
    for (const path of files) documents += loadAll(readFileSync(path, 'utf8')).length;
    return documents;
  };
  const rtpolicyLoader = async (discovery) => {
    const stats = new LoadStats();
    for await (const file of loadInputs([dir], {}, discovery)) stats.add(file);
    return stats.objects;
  };
  // The same with the file list found beforehand: what a second pass costs,
  // and how much of the first is the directory search (glob).
  const discovery = discoverInputs([dir]);

  // Warm up both (JIT, file cache), then alternate so that drift hits both alike.
  const expected = plainJsYaml();
  const got = await rtpolicyLoader();
  if (got !== expected) throw new Error(`loader yielded ${got} objects, js-yaml ${expected}`);
  const wall = { jsyaml: [], loader: [], given: [] };
  const cpu = { jsyaml: [], loader: [], given: [] };
  const measure = async (name, run) => {
    globalThis.gc?.();
    const t = performance.now();
    const c = process.cpuUsage();
    await run();
    const used = process.cpuUsage(c);
    wall[name].push(performance.now() - t);
    cpu[name].push((used.user + used.system) / 1000);
  };
  for (let run = 0; run < RUNS; run++) {
    await measure('jsyaml', plainJsYaml);
    await measure('loader', () => rtpolicyLoader());
    await measure('given', () => rtpolicyLoader(discovery));
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const ratio = (m, name) => median(m[name].map((t, i) => t / m.jsyaml[i])).toFixed(2);
  console.log(`js-yaml loadAll (readFileSync + loadAll): median ${median(wall.jsyaml).toFixed(0)} ms wall`);
  console.log(`rtpolicy loader (discover + read + decode): median ${median(wall.loader).toFixed(0)} ms wall`);
  console.log(
    `ratio loader / js-yaml over ${RUNS} runs: ${ratio(wall, 'loader')}x wall, ${ratio(cpu, 'loader')}x CPU`,
  );
  console.log(
    `  file list given (no glob search): ${ratio(wall, 'given')}x wall, ${ratio(cpu, 'given')}x CPU`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
