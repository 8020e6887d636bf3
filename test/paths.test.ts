import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assetPath, packageRoot } from '../src/paths.js';

describe('paths', () => {
  it('finds the package root from the source tree', () => {
    expect(existsSync(join(packageRoot, 'package.json'))).toBe(true);
    expect(join(packageRoot, 'src')).toBe(join(packageRoot, 'src'));
  });

  it('prefers RTPOLICY_ASSETS when the asset exists there', () => {
    const saved = process.env.RTPOLICY_ASSETS;
    process.env.RTPOLICY_ASSETS = packageRoot;
    try {
      expect(assetPath('package.json')).toBe(join(packageRoot, 'package.json'));
      expect(assetPath('no/such/asset.wasm')).toBe(join(packageRoot, 'lib', 'no/such/asset.wasm'));
    } finally {
      if (saved === undefined) delete process.env.RTPOLICY_ASSETS;
      else process.env.RTPOLICY_ASSETS = saved;
    }
  });
});
