#!/usr/bin/env node
// Writes docs/builtins.md, the table of builtins and where each runs: in the
// Wasm runtime (exported as `builtin_<name>` by lib/runtime/runtime.wasm), on
// the host (`hostBuiltins`, TypeScript), or nowhere yet; host builtins with a
// fast path in the runtime (`fastpath_<name>`) say so. It reads the built
// catalog and host builtins from lib/, so run it after the build:
//
//   node scripts/gen-builtins-doc.mjs          # rewrite docs/builtins.md
//   node scripts/gen-builtins-doc.mjs --check  # exit 1 when the file is stale
//
// test/builtins/docs.test.ts renders the same table from src/ and fails when
// the committed file differs.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const docPath = join(root, 'docs/builtins.md');
export const runtimeWasmPath = join(root, 'lib/runtime/runtime.wasm');

/** The order of categories in OPA's Policy Reference, then rtpolicy's extra ones. */
const CATEGORY_ORDER = [
  'assignment',
  'comparison',
  'numbers',
  'bits',
  'aggregates',
  'array',
  'sets',
  'object',
  'strings',
  'regex',
  'glob',
  'conversions',
  'units',
  'types',
  'encoding',
  'uri',
  'time',
  'crypto',
  'tokens',
  'graph',
  'graphql',
  'net',
  'semver',
  'uuid',
  'http',
  'providers.aws',
  'opa',
  'rego',
  'tracing',
  'internal',
];

/** Builtins the compiler turns into code (unification, assignment) or constants (annotations): nothing calls them. */
const COMPILED = new Set(['eq', 'assign', 'rego.metadata.chain', 'rego.metadata.rule']);

/** Why a builtin has no implementation. */
const NOT_SUPPORTED = [
  [/^http\.send$/, 'needs network access, which a synchronous host call cannot make'],
  [/^net\.lookup_ip_addr$/, 'needs DNS, which a synchronous host call cannot make'],
  [/^graphql\./, 'no GraphQL parser in rtpolicy'],
  [/^crypto\.(x509\.|parse_private_keys)/, "Go's certificate and key structures are not reproduced"],
  [/^io\.jwt\./, 'not implemented (io.jwt.decode and io.jwt.verify_* are)'],
  [/^rego\.parse_module$/, "OPA's AST JSON is not reproduced"],
  [/^internal\.test_case$/, 'used by `opa test` only'],
  [/./, 'not implemented'],
];

const LIMITS = `## How host builtins differ from OPA

Host builtins receive their arguments as JSON, which the SDK produces with
\`opa_json_dump\` and \`JSON.parse\`, except those whose answers depend on
what JSON loses: \`sprintf\`, \`print\`, \`object.subset\`, \`json.patch\`,
\`strings.replace_n\` and \`net.cidr_contains_matches\`. Modules compiled by
rtpolicy call those under \`rtpolicy.exact.<name>\` with each argument as its
Rego value text, so they see sets as sets, keys of any type and integers of
any size, and give OPA's answers. For the others (and for all of them in a
module built by \`opa build\`):

- A set arrives as a sorted array. Where OPA treats sets and arrays
  differently, the host sees an array: \`json.filter\`/\`json.remove\` and
  \`walk\` into sets.
- A non-string object key arrives as its JSON text (\`{1: "a"}\` as
  \`{"1": "a"}\`).
- A number beyond 2^53 arrives rounded to a double. Integers are read back in
  their shortest decimal form, so timestamps with microsecond precision stay
  exact. Results are always exact (big numbers are handed back as JSON text).
- A number's literal form is lost (\`2.0\` arrives as \`2\`): \`sprintf\`
  formats a whole number as an integer, except under a float verb (\`%f\`,
  \`%e\`, \`%g\`).

\`opa.runtime()\` is \`{}\` unless the embedder passes an environment
(\`createHostBuiltins({ env })\`): policies do not read the process
environment, CI secrets included, by default.

Errors follow OPA's default: a builtin error (a malformed CIDR, a bad regular
expression, an operand of the wrong type) makes the call undefined, and is
thrown instead with \`createHostBuiltins({ strictBuiltinErrors: true })\`
(OPA's \`--strict-builtin-errors\`).

Regular expressions use RE2 syntax, translated to JavaScript's engine with the
same matches; JavaScript backtracks, so a pathological pattern can be slow
where RE2 is linear. \`regex.match\` of an ASCII string and an ASCII pattern
of the common subset (src/runtime/README.md, "Fast paths") is answered by the
Wasm runtime instead, in linear time.
`;

/** The Rego names in a runtime.wasm's exports `<prefix><name with . as __>`. */
function exportedNames(wasmPath, prefix) {
  if (!existsSync(wasmPath)) return undefined;
  const module = new WebAssembly.Module(readFileSync(wasmPath));
  return WebAssembly.Module.exports(module)
    .map((e) => e.name)
    .filter((n) => n.startsWith(prefix))
    .map((n) => n.slice(prefix.length).replaceAll('__', '.'));
}

/** The Rego names of the builtins a runtime.wasm exports natively. */
export function runtimeBuiltinNames(wasmPath = runtimeWasmPath) {
  return exportedNames(wasmPath, 'builtin_');
}

/** The Rego names of the host builtins a runtime.wasm has a fast path for (`fastpath_<name>`). */
export function runtimeFastPathNames(wasmPath = runtimeWasmPath) {
  return exportedNames(wasmPath, 'fastpath_');
}

const cell = (s) => s.replaceAll('|', '\\|');

/**
 * The Markdown document. `builtins` are the catalog's declarations and
 * `signature` its signatureToString, `hostNames` the host-implemented names,
 * `nativeNames` the runtime's, `sdkReserved` the names the SDK shadows,
 * `fastPathNames` the host builtins with a fast path in the runtime (by
 * default those of lib/runtime/runtime.wasm, none when it is not built).
 */
export function renderBuiltinsDoc({
  builtins,
  signature,
  hostNames,
  nativeNames,
  sdkReserved,
  fastPathNames = runtimeFastPathNames() ?? [],
}) {
  const native = new Set(nativeNames);
  const fastPaths = new Set(fastPathNames);
  const host = new Set(hostNames);
  const where = (name) =>
    COMPILED.has(name)
      ? 'compiler'
      : native.has(name)
        ? 'runtime'
        : host.has(name)
          ? 'host'
          : 'not supported';
  const counts = { compiler: 0, runtime: 0, host: 0, 'not supported': 0 };
  for (const b of builtins) counts[where(b.name)]++;
  const byCategory = new Map();
  for (const b of builtins) {
    if (!byCategory.has(b.category)) byCategory.set(b.category, []);
    byCategory.get(b.category).push(b);
  }
  const categories = [...byCategory.keys()].sort(
    (a, b) =>
      (CATEGORY_ORDER.indexOf(a) + 1 || 999) - (CATEGORY_ORDER.indexOf(b) + 1 || 999) || a.localeCompare(b),
  );
  const lines = [
    '# Builtin functions',
    '',
    '<!-- Generated by `node scripts/gen-builtins-doc.mjs` from src/builtins/catalog.ts, hostBuiltins and',
    '     lib/runtime/runtime.wasm. Do not edit: test/builtins/docs.test.ts fails when this file is stale. -->',
    '',
    `rtpolicy knows the ${builtins.length} builtins of OPA 1.x. ${counts.runtime} run natively in the Wasm runtime,`,
    `${counts.host} on the host (TypeScript, passed to the SDK as \`customBuiltins\`), ${counts.compiler} are compiled`,
    `away, and ${counts['not supported']} are not supported: a policy that calls one does not compile (\`rego_type_error\` at the call).`,
    '',
    'Where: **runtime** = `builtin_<name>` in runtime.wasm; **host** = `hostBuiltins` in src/builtins/;',
    '**compiler** = turned into code (`=`, `:=`) or inlined from annotations (`rego.metadata.*`).',
    'A host builtin with a *runtime fast path* (`fastpath_<name>` in runtime.wasm) has its common cases',
    'answered in the runtime, without a host call; the host answers the rest (src/runtime/README.md).',
    'Builtins marked *deprecated* are rejected in Rego v1 modules (`rego_type_error`) and callable in v0 modules.',
    '',
  ];
  for (const category of categories) {
    lines.push(`## ${category}`, '', '| Builtin | Signature | Where | Notes |', '|---|---|---|---|');
    for (const b of [...byCategory.get(category)].sort((x, y) => (x.name < y.name ? -1 : 1))) {
      const notes = [];
      if (b.infix) notes.push(`infix \`${cell(b.infix)}\``);
      if (b.deprecated) notes.push('*deprecated*');
      if (b.nondeterministic) notes.push('nondeterministic');
      if (b.relation) notes.push('relation');
      if (where(b.name) === 'host' && sdkReserved.includes(b.name))
        notes.push(`module name \`rtpolicy.${b.name}\``);
      if (where(b.name) === 'host' && fastPaths.has(b.name)) notes.push('*runtime fast path*');
      if (where(b.name) === 'not supported')
        notes.push(NOT_SUPPORTED.find(([pattern]) => pattern.test(b.name))[1]);
      lines.push(`| \`${b.name}\` | \`${cell(signature(b))}\` | ${where(b.name)} | ${notes.join('; ')} |`);
    }
    lines.push('');
  }
  lines.push(LIMITS);
  return lines.join('\n');
}

async function main() {
  const load = (p) => {
    const file = join(root, p);
    if (!existsSync(file)) {
      console.error(
        `gen-builtins-doc: ${p} is missing; run the build first (node scripts/build.mjs typescript)`,
      );
      process.exit(2);
    }
    return import(pathToFileURL(file).href);
  };
  const catalog = await load('lib/builtins/catalog.js');
  const host = await load('lib/builtins/index.js');
  const nativeNames = runtimeBuiltinNames();
  if (!nativeNames)
    console.error('gen-builtins-doc: lib/runtime/runtime.wasm is missing; listing no native builtins');
  const doc = renderBuiltinsDoc({
    builtins: catalog.allBuiltins(),
    signature: catalog.signatureToString,
    hostNames: host.hostBuiltinNames,
    nativeNames: nativeNames ?? [],
    sdkReserved: [...host.SDK_RESERVED_BUILTINS],
  });
  if (process.argv.includes('--check')) {
    const current = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '';
    if (current !== doc) {
      console.error('docs/builtins.md is stale: run node scripts/gen-builtins-doc.mjs');
      process.exit(1);
    }
    return;
  }
  writeFileSync(docPath, doc);
  console.error(`wrote ${docPath}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
