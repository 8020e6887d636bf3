// Evaluation cost of a 20-rule deny set over 10,000 Kubernetes objects, as a
// ratio to the bare SDK call floor: a module that returns a constant, called
// with the same inputs (input JSON encoding, the copy into Wasm memory, JSON
// parsing in the runtime, result dump and JSON.parse are in both). Target:
// at most 5x. Requires `npm run build` (imports lib/).
//
//   node bench/run.mjs eval
//
// Reports the median over RUNS passes of the per-document CPU time of each module,
// and the ratio of those medians; also the same for the deny set compiled
// with binaryen's -O2 over the generated code (optimizeLevel 2, not the
// default): what that optimisation would buy at run time.
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { compileWasm, hostBuiltins } from '../lib/index.js';

const DOCUMENTS = 10_000;
const RUNS = 9;

const DENY_SET = `package bench.k8s

import rego.v1

workload_kinds := {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"}

sandboxed := {"kata", "gvisor"}

dangerous_capabilities := {"SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE", "SYS_MODULE"}

pod_spec := input.spec if input.kind == "Pod"

pod_spec := input.spec.template.spec if input.kind in workload_kinds

pod_spec := input.spec.jobTemplate.spec.template.spec if input.kind == "CronJob"

containers contains c if some c in pod_spec.containers

containers contains c if some c in pod_spec.initContainers

deny contains msg if {
  some c in containers
  c.securityContext.privileged == true
  not pod_spec.runtimeClassName in sandboxed
  msg := sprintf("container %s is privileged but not sandboxed", [c.name])
}

deny contains msg if {
  some c in containers
  not c.securityContext.allowPrivilegeEscalation == false
  msg := sprintf("container %s may escalate privileges", [c.name])
}

deny contains msg if {
  some c in containers
  not c.securityContext.runAsNonRoot
  not pod_spec.securityContext.runAsNonRoot
  msg := sprintf("container %s may run as root", [c.name])
}

deny contains "pods must not use the host network" if pod_spec.hostNetwork

deny contains "pods must not share the host PID namespace" if pod_spec.hostPID

deny contains "pods must not share the host IPC namespace" if pod_spec.hostIPC

deny contains msg if {
  some c in containers
  endswith(c.image, ":latest")
  msg := sprintf("container %s uses the latest tag", [c.name])
}

deny contains msg if {
  some c in containers
  not contains(c.image, ":")
  msg := sprintf("container %s has an untagged image", [c.name])
}

deny contains msg if {
  some c in containers
  not c.resources.limits.memory
  msg := sprintf("container %s has no memory limit", [c.name])
}

deny contains msg if {
  some c in containers
  not c.resources.limits.cpu
  msg := sprintf("container %s has no CPU limit", [c.name])
}

deny contains msg if {
  some c in pod_spec.containers
  not c.readinessProbe
  msg := sprintf("container %s has no readiness probe", [c.name])
}

deny contains msg if {
  some c in pod_spec.containers
  not c.livenessProbe
  msg := sprintf("container %s has no liveness probe", [c.name])
}

deny contains msg if {
  some c in containers
  some cap in c.securityContext.capabilities.add
  cap in dangerous_capabilities
  msg := sprintf("container %s adds capability %s", [c.name, cap])
}

deny contains msg if {
  some v in pod_spec.volumes
  v.hostPath
  msg := sprintf("volume %s mounts a host path", [v.name])
}

deny contains msg if {
  input.metadata.namespace == "default"
  msg := sprintf("%s %s is in the default namespace", [input.kind, input.metadata.name])
}

deny contains msg if {
  pod_spec
  not input.metadata.labels["app.kubernetes.io/name"]
  msg := sprintf("%s %s has no app.kubernetes.io/name label", [input.kind, input.metadata.name])
}

deny contains msg if {
  some c in containers
  not c.securityContext.readOnlyRootFilesystem == true
  msg := sprintf("container %s has a writable root filesystem", [c.name])
}

deny contains msg if {
  input.kind == "Service"
  input.spec.type in {"NodePort", "LoadBalancer"}
  msg := sprintf("service %s is exposed as %s", [input.metadata.name, input.spec.type])
}

deny contains msg if {
  some c in containers
  c.securityContext.privileged == true
  pod_spec.automountServiceAccountToken != false
  msg := sprintf("privileged container %s gets a service account token", [c.name])
}

deny contains msg if {
  input.kind == "Deployment"
  input.spec.replicas < 2
  msg := sprintf("deployment %s runs fewer than 2 replicas", [input.metadata.name])
}
`;

const FLOOR = `package bench.floor

answer := 42
`;

/** A deterministic pseudo-random sequence, so that every run sees the same objects. */
function random(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function documents(n) {
  const rnd = random(42);
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const container = (i) => ({
    name: `c${i}`,
    image: pick(['nginx:1.25', 'nginx:latest', 'ghcr.io/org/app:2.1.0', 'redis', 'envoyproxy/envoy:v1.30']),
    ports: [{ containerPort: 8080 + i }],
    resources: rnd() < 0.7 ? { limits: { memory: '256Mi', cpu: '500m' }, requests: { memory: '128Mi' } } : {},
    readinessProbe: rnd() < 0.6 ? { httpGet: { path: '/ready', port: 8080 } } : undefined,
    livenessProbe: rnd() < 0.6 ? { httpGet: { path: '/live', port: 8080 } } : undefined,
    securityContext: {
      privileged: rnd() < 0.1,
      allowPrivilegeEscalation: rnd() < 0.5 ? false : undefined,
      runAsNonRoot: rnd() < 0.5,
      readOnlyRootFilesystem: rnd() < 0.5,
      capabilities: rnd() < 0.2 ? { add: [pick(['NET_ADMIN', 'CHOWN', 'SYS_ADMIN'])] } : undefined,
    },
  });
  const podSpec = () => ({
    containers: Array.from({ length: 1 + Math.floor(rnd() * 3) }, (_, i) => container(i)),
    initContainers: rnd() < 0.2 ? [container(9)] : undefined,
    hostNetwork: rnd() < 0.05,
    runtimeClassName: rnd() < 0.2 ? pick(['kata', 'gvisor', 'runc']) : undefined,
    volumes: rnd() < 0.3 ? [{ name: 'data', hostPath: rnd() < 0.3 ? { path: '/var' } : undefined }] : [],
  });
  const meta = (i) => ({
    name: `obj-${i}`,
    namespace: pick(['default', 'apps', 'kube-system']),
    labels: rnd() < 0.7 ? { 'app.kubernetes.io/name': `app-${i}` } : { app: `app-${i}` },
  });
  const docs = [];
  for (let i = 0; i < n; i++) {
    const kind = pick([
      'Deployment',
      'Deployment',
      'Pod',
      'StatefulSet',
      'DaemonSet',
      'CronJob',
      'Service',
      'ConfigMap',
    ]);
    const metadata = meta(i);
    let doc;
    if (kind === 'Pod') doc = { apiVersion: 'v1', kind, metadata, spec: podSpec() };
    else if (kind === 'CronJob') {
      doc = {
        apiVersion: 'batch/v1',
        kind,
        metadata,
        spec: { jobTemplate: { spec: { template: { spec: podSpec() } } } },
      };
    } else if (kind === 'Service') {
      doc = {
        apiVersion: 'v1',
        kind,
        metadata,
        spec: { type: pick(['ClusterIP', 'NodePort', 'LoadBalancer']) },
      };
    } else if (kind === 'ConfigMap')
      doc = { apiVersion: 'v1', kind, metadata, data: { key: 'value'.repeat(20) } };
    else {
      const replicas = 1 + Math.floor(rnd() * 3);
      doc = {
        apiVersion: 'apps/v1',
        kind,
        metadata,
        spec: { replicas, template: { metadata, spec: podSpec() } },
      };
    }
    // What a YAML decoder gives: no undefined members.
    docs.push(JSON.parse(JSON.stringify(doc)));
  }
  return docs;
}

async function load(source, entrypoint, options) {
  const wasm = await compileWasm({
    modules: [{ filename: 'bench.rego', source }],
    entrypoints: [entrypoint],
  });
  if (options?.optimizeLevel) {
    // Relink the same plan at another optimisation level.
    const { parseModule } = await import('../lib/rego/parser.js');
    const { analyze } = await import('../lib/compiler/check/index.js');
    const { plan } = await import('../lib/compiler/plan/index.js');
    const { generateWasm } = await import('../lib/compiler/wasm/index.js');
    const policy = plan(analyze([parseModule(source, 'bench.rego')]), [entrypoint]);
    return loadPolicy(
      await generateWasm(policy, { optimizeLevel: options.optimizeLevel }),
      undefined,
      hostBuiltins,
    );
  }
  return loadPolicy(wasm, undefined, hostBuiltins);
}

/**
 * Per-document microseconds of one pass over all documents, in CPU time of
 * the process: on a machine shared with other work, wall time swings by 2x
 * from pass to pass while CPU time stays put.
 */
function pass(policy, docs) {
  const cpu = process.cpuUsage();
  let findings = 0;
  for (const doc of docs) findings += policy.evaluate(doc)[0]?.result?.length ?? 0;
  const { user, system } = process.cpuUsage(cpu);
  return { us: (user + system) / docs.length, findings };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const docs = documents(DOCUMENTS);
const floor = await load(FLOOR, 'bench/floor/answer');
const deny = await load(DENY_SET, 'bench/k8s/deny');
const o2 = await load(DENY_SET, 'bench/k8s/deny', { optimizeLevel: 2 });

// Warm-up: JIT and the SDK's memory growth.
pass(floor, docs);
pass(deny, docs);
pass(o2, docs);

const times = { floor: [], deny: [], o2: [] };
let findings = 0;
for (let i = 0; i < RUNS; i++) {
  times.floor.push(pass(floor, docs).us);
  const d = pass(deny, docs);
  times.deny.push(d.us);
  findings = d.findings;
  times.o2.push(pass(o2, docs).us);
}
const f = median(times.floor);
const d = median(times.deny);
const p = median(times.o2);
console.log(`${DOCUMENTS} documents, ${findings} findings per pass; medians of ${RUNS} passes`);
console.log(`floor (constant module): ${f.toFixed(1)} µs CPU/document`);
console.log(
  `20-rule deny set:        ${d.toFixed(1)} µs CPU/document  ratio ${(d / f).toFixed(2)}x (target <= 5x)`,
);
console.log(`  with -O2 (level 2):    ${p.toFixed(1)} µs CPU/document  ratio ${(p / f).toFixed(2)}x`);
