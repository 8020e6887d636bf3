// Where rtpolicy finds its build outputs (runtime.wasm, the precompiled
// pack): next to the running bundle (the GitHub Action's dist/), or under
// lib/ of the package (the CLI and the tests, which run from src/ or lib/).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(from: string): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return from;
    dir = parent;
  }
}

const here = dirname(fileURLToPath(import.meta.url));

/** The root of the rtpolicy package (the directory holding its package.json). */
export const packageRoot = findPackageRoot(here);

/**
 * The path of a build asset such as `runtime/runtime.wasm` or `pack/pack.json`.
 * Looks in RTPOLICY_ASSETS, beside this module (bundled builds), then lib/.
 */
export function assetPath(relative: string): string {
  const candidates = [
    process.env.RTPOLICY_ASSETS ? join(process.env.RTPOLICY_ASSETS, relative) : '',
    join(here, relative),
    join(packageRoot, 'lib', relative),
  ];
  return candidates.find((p) => p && existsSync(p)) ?? join(packageRoot, 'lib', relative);
}
