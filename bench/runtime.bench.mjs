// The Wasm runtime's JSON costs, which every evaluation pays: parsing the
// input document and dumping the result. Loads lib/runtime/runtime.wasm on
// its own (stub imports; `policy.eval` returns the input as the result, so
// the opa_eval row is parse + result set + dump with no policy work).
// Prints the median of RUNS timed runs after warm-up. Requires
// `node scripts/build.mjs runtime`.
//
//   node bench/run.mjs runtime
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = 9;

function load() {
  const memory = new WebAssembly.Memory({ initial: 5 });
  let exports;
  const instance = new WebAssembly.Instance(
    new WebAssembly.Module(readFileSync(join(root, 'lib/runtime/runtime.wasm'))),
    {
      env: {
        memory,
        opa_abort: (p) => {
          throw new Error(`abort at ${p}`);
        },
      },
      policy: {
        entrypoint_count: () => 1,
        eval: (ctx) => {
          const row = exports.opa_object();
          exports.opa_object_insert(
            row,
            exports.opa_string(resultKey, 6),
            exports.opa_eval_ctx_get_input(ctx),
          );
          exports.opa_set_add(exports.opa_eval_ctx_get_result(ctx), row);
          return 0;
        },
      },
    },
  );
  exports = instance.exports;
  // "result", kept below the heap that evaluations reset.
  const resultKey = exports.opa_malloc(6);
  new Uint8Array(memory.buffer).set(new TextEncoder().encode('result'), resultKey);
  return { x: exports, memory };
}

function deployment(i) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: `web-${i}`,
      namespace: 'shop',
      labels: {
        app: 'web',
        tier: 'frontend',
        'app.kubernetes.io/part-of': 'shop',
        'app.kubernetes.io/version': '1.4.2',
      },
      annotations: {
        'deployment.kubernetes.io/revision': '3',
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': '9102',
      },
    },
    spec: {
      replicas: 3,
      revisionHistoryLimit: 10,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: {
        metadata: { labels: { app: 'web', tier: 'frontend' } },
        spec: {
          runtimeClassName: 'kata-qemu',
          serviceAccountName: 'web',
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 10001,
            fsGroup: 2000,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: ['web', 'sidecar'].map((name, k) => ({
            name,
            image: `registry.example.com/shop/${name}:1.4.${k}`,
            imagePullPolicy: 'IfNotPresent',
            args: ['--port=8080', '--log-level=info'],
            ports: [{ name: 'http', containerPort: 8080 + k, protocol: 'TCP' }],
            env: [
              { name: 'MODE', value: 'production' },
              { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
            ],
            resources: { requests: { cpu: '250m', memory: '128Mi' }, limits: { cpu: 0.5, memory: '256Mi' } },
            securityContext: {
              allowPrivilegeEscalation: false,
              readOnlyRootFilesystem: true,
              privileged: false,
              capabilities: { drop: ['ALL'] },
            },
            livenessProbe: {
              httpGet: { path: '/healthz', port: 8080 },
              initialDelaySeconds: 10,
              periodSeconds: 5,
            },
            readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 5 },
            volumeMounts: [{ name: 'cache', mountPath: '/var/cache/web' }],
          })),
          volumes: [{ name: 'cache', emptyDir: { sizeLimit: '1Gi' } }],
          tolerations: [{ key: 'kata', operator: 'Exists', effect: 'NoSchedule' }],
          nodeSelector: { 'katacontainers.io/kata-runtime': 'true' },
        },
      },
    },
  };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median microseconds per operation over RUNS runs of `iterations` operations. */
function time(iterations, op) {
  for (let i = 0; i < Math.max(1, iterations >> 2); i++) op();
  const runs = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) op();
    runs.push(Number(process.hrtime.bigint() - t0) / 1e3 / iterations);
  }
  return median(runs);
}

function bench(label, doc, iterations) {
  const { x, memory } = load();
  const text = new TextEncoder().encode(JSON.stringify(doc));
  const base = x.opa_heap_ptr_get();
  if (base + text.length * 8 > memory.buffer.byteLength)
    memory.grow(Math.ceil((base + text.length * 8) / 65536));
  new Uint8Array(memory.buffer).set(text, base);
  const heap = base + text.length;
  const parseOnly = time(iterations, () => {
    x.opa_heap_ptr_set(heap);
    if (x.opa_json_parse(base, text.length) === 0) throw new Error('parse failed');
  });
  const parseDump = time(iterations, () => {
    x.opa_heap_ptr_set(heap);
    x.opa_json_dump(x.opa_json_parse(base, text.length));
  });
  const data = x.opa_json_parse(...[base, 0].map(() => 0)) || 0;
  const evalRow = time(iterations, () => {
    x.opa_eval(0, 0, data, base, text.length, heap, 0);
  });
  const js = time(iterations, () => JSON.stringify(JSON.parse(new TextDecoder().decode(text))));
  const kb = (text.length / 1024).toFixed(1);
  console.log(
    `${label.padEnd(22)} ${kb.padStart(7)} KB  parse ${parseOnly.toFixed(1).padStart(8)} µs  parse+dump ${parseDump
      .toFixed(1)
      .padStart(
        8,
      )} µs  opa_eval ${evalRow.toFixed(1).padStart(8)} µs  (V8 JSON.parse+stringify ${js.toFixed(1)} µs)`,
  );
}

console.log(`median of ${RUNS} runs, µs per operation`);
bench('Deployment', deployment(0), 20000);
const big = { apiVersion: 'v1', kind: 'List', items: [] };
while (JSON.stringify(big).length < 1024 * 1024) big.items.push(deployment(big.items.length));
bench('1 MB List', big, 20);
