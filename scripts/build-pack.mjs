#!/usr/bin/env node
// Precompiles the built-in policy pack so that `rtpolicy check` never runs
// the compiler (nor loads binaryen) for it: policies/**/*.rego, tests
// (`*_test.rego`) left out, compiled with the compiler in lib/ into
//   lib/pack/pack.wasm  the OPA-ABI module
//   lib/pack/pack.json  its manifest: rules, rule catalog (RuleInfo from
//                       METADATA, helpUri -> docs/rules/<ID>.md), entrypoints
// Run by `node scripts/build.mjs pack` after the TypeScript step.
//   node scripts/build-pack.mjs [--policies DIR] [--out DIR] [--force]
// The pack is rebuilt only when its sources or the compiler changed.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const option = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
};
const policiesDir = option('policies', join(root, 'policies'));
const outDir = option('out', join(root, 'lib/pack'));
const force = process.argv.includes('--force');

/** Files under `dir` (recursively) that `accept` keeps, sorted. */
function filesUnder(dir, accept) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path, accept));
    else if (accept(path)) out.push(path);
  }
  return out.sort();
}

const posixPath = (p) => relative(root, p).split(sep).join('/');
const sources = filesUnder(policiesDir, (p) => p.endsWith('.rego') && !p.endsWith('_test.rego')).map(
  (file) => ({
    filename: posixPath(file),
    source: readFileSync(file, 'utf8'),
  }),
);

// Everything the pack's bytes depend on: its sources and the compiler that built them.
const compilerFiles = [
  ...filesUnder(join(root, 'lib/compiler'), (p) => p.endsWith('.js')),
  ...filesUnder(join(root, 'lib/rego'), (p) => p.endsWith('.js')),
  ...filesUnder(join(root, 'lib/builtins'), (p) => p.endsWith('.js')),
  ...filesUnder(join(root, 'lib/engine'), (p) => /policy-[a-z]+\.js$/.test(p)),
  join(root, 'lib/runtime/runtime.wasm'),
  join(root, 'package.json'),
];
const inputs = createHash('sha256');
for (const { filename, source } of sources) inputs.update(`${filename}\0${source}\0`);
for (const file of compilerFiles)
  if (existsSync(file)) inputs.update(`${posixPath(file)}\0`).update(readFileSync(file));
const inputsSha256 = inputs.digest('hex');

const { readCompiledPolicy, writeCompiledPolicy } = await import('../lib/engine/policy-artifact.js');
const base = join(outDir, 'pack');
if (!force) {
  const current = await readCompiledPolicy(base).catch(() => undefined);
  if (current?.manifest.inputsSha256 === inputsSha256) {
    // Up to date: mark it so for build.mjs's timestamp check.
    const now = new Date();
    utimesSync(`${base}.json`, now, now);
    console.error(`pack: up to date (${current.manifest.rules.length} rules)`);
    process.exit(0);
  }
}

const { compilePolicy } = await import('../lib/engine/policy-compiler.js');
const { RegoError, formatRegoError } = await import('../lib/rego/ast.js');
let compiled;
try {
  compiled = await compilePolicy(sources, { origin: 'builtin', regoVersion: 'v1' });
} catch (err) {
  if (!(err instanceof RegoError)) throw err;
  for (const detail of err.errors) console.error(formatRegoError(detail));
  console.error(`pack: ${err.errors.length} error(s) in ${posixPath(policiesDir)}`);
  process.exit(1);
}
compiled.manifest.inputsSha256 = inputsSha256;
await writeCompiledPolicy(base, compiled);
const { rules, catalog } = compiled.manifest;
console.error(
  `pack: ${sources.length} files, ${rules.length} rules, ${catalog.length} rule ids, ` +
    `${(statSync(`${base}.wasm`).size / 1024).toFixed(0)} KiB -> ${posixPath(base)}.{wasm,json}`,
);
