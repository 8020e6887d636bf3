#!/usr/bin/env node
// Bundles the GitHub Action into dist/ (committed: a runner executes
// action.yml's `runs.main` straight from the checkout of the action, with no
// npm install):
//   dist/index.js        src/action/main.ts and everything it imports
//   dist/worker.js       the engine's worker thread (parallel.ts looks for it beside the bundle)
//   dist/vendor/binaryen.js  binaryen as published (13 MB, loaded only to compile `policy` inputs)
//   dist/pack/           the precompiled built-in pack (lib/pack/)
//   dist/runtime/        runtime.wasm, to compile `policy` inputs
// src/paths.ts assetPath() looks for pack/ and runtime/ beside the bundle.
//
// Why two self-contained entries rather than code splitting: with splitting,
// esbuild gives a dynamically imported CommonJS module (`import('yaml')`)
// only a default export, where Node gives its named exports too. binaryen
// stays a file of its own because it uses top-level await, which cannot be
// inlined into a bundle that imports it dynamically.
//
// The output is deterministic (no timestamps, no absolute paths, no source
// maps), so test/action/dist.test.ts can rebuild into a temporary directory
// and compare bytes to catch a stale dist/.
//   node scripts/build-action.mjs [--out DIR]      (after `npm run build`)
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outIndex = process.argv.indexOf('--out');
const outDir = resolve(outIndex === -1 ? join(root, 'dist') : process.argv[outIndex + 1]);

const ASSETS = ['pack/pack.wasm', 'pack/pack.json', 'runtime/runtime.wasm'];
const missing = ASSETS.filter((asset) => !existsSync(join(root, 'lib', asset)));
if (missing.length > 0) {
  console.error(
    `build-action: missing ${missing.map((a) => `lib/${a}`).join(', ')}: run \`npm run build\` first`,
  );
  process.exit(1);
}

/** Leaves `name` out of the bundle, imported from `target` (relative to dist/) instead. */
function vendored(name, target) {
  return {
    name: `vendor-${name}`,
    setup(b) {
      b.onResolve({ filter: new RegExp(`^${name}$`) }, () => ({ path: target, external: true }));
    },
  };
}

rmSync(outDir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { index: 'src/action/main.ts', worker: 'src/engine/worker.ts' },
  outdir: outDir,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  charset: 'utf8',
  logLevel: 'warning',
  plugins: [vendored('binaryen', './vendor/binaryen.js')],
  // CommonJS dependencies (opa-wasm) call require() for Node's own modules,
  // which an ES module must create for itself.
  banner: {
    js: "import { createRequire as __rtpolicyCreateRequire } from 'node:module';\nconst require = __rtpolicyCreateRequire(import.meta.url);",
  },
});

const copies = [
  ...ASSETS.map((asset) => [join(root, 'lib', asset), asset]),
  [join(root, 'node_modules/binaryen/index.js'), 'vendor/binaryen.js'],
  [join(root, 'node_modules/binaryen/LICENSE'), 'vendor/binaryen.LICENSE'],
];
for (const [source, asset] of copies) {
  const target = join(outDir, asset);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(source, target);
}
if (outIndex === -1) console.error(`build-action: wrote ${outDir}`);
