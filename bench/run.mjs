#!/usr/bin/env node
// Runs every bench/*.bench.mjs in turn (or those named on the command line:
// `node bench/run.mjs parse`), each in its own process so that one
// benchmark's heap and JIT state do not colour the next. Benchmarks print
// their own figures (medians over several runs, ratios measured in one run).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const benches = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();

let failed = 0;
for (const file of benches) {
  console.log(`\n== ${file.replace('.bench.mjs', '')}`);
  const r = spawnSync(process.execPath, ['--expose-gc', join(here, file)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
