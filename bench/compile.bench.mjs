// Compile time of a 50-rule policy set (conftest-style deny/warn rules over
// Kubernetes workloads, in 5 packages), target < 1 s including binaryen's
// load. Requires `npm run build` (imports lib/).
//
//   node bench/run.mjs compile
//
// Reports medians of RUNS runs:
//   cold   a fresh process per run: compileWasm's first call (binaryen load,
//          runtime.wasm read, parse, check, plan, codegen, link, optimise);
//   warm   later calls in one process;
//   stages the warm time split by stage, and what binaryen's -O2 over the
//          generated code (optimizeLevel 2, not the default) would cost
//          and buy in module size (bench/eval.bench.mjs shows its effect on
//          evaluation speed).
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const RUNS = 7;
const PACKAGES = 5;
const RULES_PER_PACKAGE = 10;

/** Ten rule shapes; package p gets all ten, so the set has 50 rules. */
const RULE_SHAPES = [
  (p, i) => `deny contains msg if {
  some c in containers
  c.securityContext.privileged == true
  not input.spec.template.spec.runtimeClassName in sandboxed
  msg := sprintf("[P${p}-${i}] container %s is privileged", [c.name])
}`,
  (p, i) => `deny contains msg if {
  some c in containers
  not c.securityContext.allowPrivilegeEscalation == false
  msg := sprintf("[P${p}-${i}] container %s may escalate privileges", [c.name])
}`,
  (p, i) => `deny contains msg if {
  some c in containers
  endswith(c.image, ":latest")
  msg := sprintf("[P${p}-${i}] container %s uses the latest tag", [c.name])
}`,
  (p, i) => `deny contains msg if {
  some c in containers
  not c.resources.limits.memory
  msg := sprintf("[P${p}-${i}] container %s has no memory limit", [c.name])
}`,
  (p, i) => `warn contains msg if {
  some c in containers
  not c.readinessProbe
  msg := sprintf("[P${p}-${i}] container %s has no readiness probe", [c.name])
}`,
  (p, i) => `deny contains msg if {
  some c in containers
  some cap in c.securityContext.capabilities.add
  cap in dangerous_capabilities
  msg := sprintf("[P${p}-${i}] container %s adds capability %s", [c.name, cap])
}`,
  (p, i) => `deny contains msg if {
  pod_spec.hostNetwork
  msg := "[P${p}-${i}] pods must not use the host network"
}`,
  (p, i) => `deny contains msg if {
  some v in pod_spec.volumes
  v.hostPath
  msg := sprintf("[P${p}-${i}] volume %s mounts a host path", [v.name])
}`,
  (p, i) => `warn contains msg if {
  not input.metadata.labels["app.kubernetes.io/name"]
  msg := sprintf("[P${p}-${i}] %s/%s has no app.kubernetes.io/name label", [input.kind, input.metadata.name])
}`,
  (p, i) => `deny contains msg if {
  input.metadata.namespace == "default"
  count(containers) > ${i % 3}
  msg := sprintf("[P${p}-${i}] %s uses the default namespace", [input.metadata.name])
}`,
];

function policySet() {
  const modules = [];
  const entrypoints = [];
  for (let p = 0; p < PACKAGES; p++) {
    const rules = RULE_SHAPES.slice(0, RULES_PER_PACKAGE).map((shape, i) => shape(p, i));
    modules.push({
      filename: `policies/pkg${p}.rego`,
      source: `package bench.pkg${p}

import rego.v1

sandboxed := {"kata", "gvisor"}

dangerous_capabilities := {"SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE"}

workload_kinds := {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"}

pod_spec := input.spec if input.kind == "Pod"

pod_spec := input.spec.template.spec if input.kind in workload_kinds

pod_spec := input.spec.jobTemplate.spec.template.spec if input.kind == "CronJob"

containers contains c if some c in pod_spec.containers

containers contains c if some c in pod_spec.initContainers

${rules.join('\n\n')}
`,
    });
    entrypoints.push(`bench/pkg${p}/deny`, `bench/pkg${p}/warn`);
  }
  return { modules, entrypoints };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(0)} ms`;

async function child() {
  const t0 = performance.now();
  const { compileWasm } = await import('../lib/index.js');
  const { loadBinaryen } = await import('../lib/compiler/wasm/index.js');
  const imported = performance.now();
  const cpu = process.cpuUsage();
  // compileWasm would load binaryen itself; loading it first shows its share.
  await loadBinaryen();
  const loaded = performance.now();
  const wasm = await compileWasm(policySet());
  const compiled = performance.now();
  const { user, system } = process.cpuUsage(cpu);
  process.stdout.write(
    JSON.stringify({
      importMs: imported - t0,
      binaryenMs: loaded - imported,
      compileMs: compiled - imported,
      // CPU time of all the process's threads: what the wall time would be on
      // an idle machine (an upper bound), when other processes compete for it.
      compileCpuMs: (user + system) / 1000,
      size: wasm.length,
    }),
  );
}

async function parent() {
  const cold = [];
  for (let i = 0; i < RUNS; i++) {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`compile child failed:\n${r.stderr}`);
    cold.push(JSON.parse(r.stdout));
  }

  const { compileWasm } = await import('../lib/index.js');
  const { parseModule } = await import('../lib/rego/parser.js');
  const { analyze } = await import('../lib/compiler/check/index.js');
  const { plan } = await import('../lib/compiler/plan/index.js');
  const { generateWasm } = await import('../lib/compiler/wasm/index.js');
  const set = policySet();
  await compileWasm(set); // warm-up: binaryen loaded, JIT warm

  const warm = [];
  const front = [];
  const linkDefault = [];
  const linkO2 = [];
  let sizes = {};
  for (let i = 0; i < RUNS; i++) {
    let t = performance.now();
    await compileWasm(set);
    warm.push(performance.now() - t);

    t = performance.now();
    const modules = set.modules.map((m) => parseModule(m.source, m.filename));
    const policy = plan(analyze(modules), set.entrypoints);
    front.push(performance.now() - t);

    t = performance.now();
    const standard = await generateWasm(policy);
    linkDefault.push(performance.now() - t);
    t = performance.now();
    const o2 = await generateWasm(policy, { optimizeLevel: 2 });
    linkO2.push(performance.now() - t);
    sizes = {
      standard: standard.length,
      o2: o2.length,
      none: (await generateWasm(policy, { optimizeLevel: 0 })).length,
    };
  }

  const rules = PACKAGES * RULES_PER_PACKAGE;
  console.log(`policy set: ${rules} rules in ${PACKAGES} packages, ${set.entrypoints.length} entrypoints`);
  console.log(
    `cold compile (fresh process, binaryen load included): median ${ms(median(cold.map((c) => c.compileMs)))}` +
      ` (target < 1000 ms), of which binaryen's load ${ms(median(cold.map((c) => c.binaryenMs)))};` +
      ` library import before it ${ms(median(cold.map((c) => c.importMs)))}`,
  );
  console.log(
    `  CPU time of that cold compile (all threads; what an idle machine would take at most): median ${ms(median(cold.map((c) => c.compileCpuMs)))}; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs`,
  );
  console.log(`warm compile: median ${ms(median(warm))}`);
  console.log(
    `  parse+check+plan ${ms(median(front))}, codegen+link ${ms(median(linkDefault))}` +
      ` (with -O2 over the generated code: ${ms(median(linkO2))})`,
  );
  console.log(`  policy.wasm ${sizes.standard} bytes (no passes: ${sizes.none}, with -O2: ${sizes.o2})`);
}

if (process.argv.includes('--child')) await child();
else await parent();
