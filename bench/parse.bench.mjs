// Parse throughput of the Rego front end (lexer + parser + METADATA) on a
// large generated module that exercises every construct of the language.
// Reports MB/s (UTF-8 bytes of source per second) as the median of several
// runs, after warm-up runs. Requires `npm run build` (imports lib/).
//
//   node bench/run.mjs parse            # default size (~6 MB)
//   node bench/parse.bench.mjs 20       # ~20 MB
import { parseModule } from '../lib/rego/parser.js';

const targetMB = Number(process.argv[2] ?? 6);
const RUNS = 7;
const WARMUP = 3;

// One block of rules per index; together they cover the v1 grammar.
function block(i) {
  return `
# METADATA
# title: Rule ${i}
# description: Containers must not run privileged (${i}).
# related_resources:
# - https://kubernetes.io/docs/concepts/security/pod-security-standards/
# custom:
#   id: RT${i}
#   severity: error
deny_${i} contains msg if {
\tsome i, c in input.spec.template.spec.containers
\tc.securityContext.privileged == true
\tnot input.spec.template.spec.runtimeClassName in {"kata", "gvisor"}
\tmsg := sprintf("container %s (%d) is privileged", [c.name, i])
}

default allow_${i} := false

allow_${i} if input.kind == "Pod"

allow_${i} if {
\tcount([x | some x in input.items; x.value > ${i} * 2 + 1]) >= 3
\t{k: v | some k, v in input.labels; startswith(k, "app")} != {}
\ts := {n | n := input.names[_]} | {"a", "b"} & {"b"}
}

obj_${i}[key] := value if {
\tsome key, value in input.map_${i}
\tvalue % 2 == 0
}

nested.path_${i}.leaf := {"a": [1, 2.5, -3, 1e10, null, true, false], "b": \`raw \${i}\`, "c": "esc\\n\\t\\u00e9"}

f_${i}(x, y) := z if {
\tz := (x + y) * 2 - x / 3
} else := 0 if {
\tx < 0
} else := -1

check_${i} if {
\tevery k, v in input.limits {
\t\tv <= ${i * 1000}
\t\tk != ""
\t}
\tresult := f_${i}(1, 2) with input as {"x": ${i}} with data.lib.mock as true
\tresult > 0
\tarray.concat([1], [2])[0] == 1
\tdata.lib.helpers.check(input.a.b[0]["c"].d)
\tnot data.exceptions[input.metadata.name]
}
`;
}

function generate(mb) {
  const parts = ['package bench.generated\n\nimport rego.v1\nimport data.lib.helpers\n'];
  let size = parts[0].length;
  for (let i = 0; size < mb * 1e6; i++) {
    const b = block(i);
    parts.push(b);
    size += b.length;
  }
  return parts.join('');
}

const source = generate(targetMB);
const bytes = Buffer.byteLength(source);
const rules = parseModule(source, 'bench.rego').rules.length;

// Wall-clock time is what users see; CPU time (this process, all threads) is shown too because the
// benchmark machines are shared and wall time swings with their load.
const wall = [];
const cpu = [];
for (let run = 0; run < WARMUP + RUNS; run++) {
  globalThis.gc?.();
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  parseModule(source, 'bench.rego');
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const used = process.cpuUsage(cpu0);
  if (run >= WARMUP) {
    wall.push(ms);
    cpu.push((used.user + used.system) / 1000);
  }
}
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = bytes / 1e6;
const rate = (ms) => (mb / (ms / 1000)).toFixed(1);
console.log(
  `parse: ${mb.toFixed(2)} MB, ${rules} rules, median of ${RUNS} runs after ${WARMUP} warm-up runs`,
);
console.log(
  `  wall ${median(wall).toFixed(0)} ms => ${rate(median(wall))} MB/s ` +
    `(best ${rate(Math.min(...wall))} MB/s, worst ${rate(Math.max(...wall))} MB/s)`,
);
console.log(`  cpu  ${median(cpu).toFixed(0)} ms => ${rate(median(cpu))} MB/s`);
