// The compile cache: keys, hits, torn or stale entries, racing writers, and
// a cache directory that cannot be written.
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type CompiledPolicy,
  POLICY_MANIFEST_SCHEMA,
  readCompiledPolicy,
  sha256,
} from '../../src/engine/policy-artifact.js';
import { cachedCompile, cacheKey, defaultCacheDir } from '../../src/engine/policy-cache.js';
import type { RegoSource } from '../../src/engine/policy-compiler.js';
import { VERSION } from '../../src/engine/tool.js';

const SOURCES: RegoSource[] = [{ filename: 'p.rego', source: 'package p\n\ndeny contains "x" if input.a\n' }];

/** A stand-in compile that counts its calls (the real compiler is tested elsewhere). */
function fakeCompiler(marker = 1) {
  let calls = 0;
  const compile = async (): Promise<CompiledPolicy> => {
    calls++;
    const wasm = new Uint8Array([0, 97, 115, 109, marker]);
    return {
      wasm,
      manifest: {
        schema: POLICY_MANIFEST_SCHEMA,
        rtpolicyVersion: VERSION,
        regoVersion: 'v1',
        rules: [],
        catalog: [],
        sources: ['p.rego'],
        wasmSha256: sha256(wasm),
      },
    };
  };
  return { compile, calls: () => calls };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rtpolicy-cache-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('defaultCacheDir', () => {
  it('honours an absolute XDG_CACHE_HOME, else uses ~/.cache', () => {
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/var/cache/me' })).toBe('/var/cache/me/rtpolicy');
    expect(defaultCacheDir({ XDG_CACHE_HOME: 'relative/dir' })).toBe(join(homedir(), '.cache', 'rtpolicy'));
    expect(defaultCacheDir({})).toBe(join(homedir(), '.cache', 'rtpolicy'));
  });
});

describe('cacheKey', () => {
  it('changes with the sources, their names and the Rego version', () => {
    const key = cacheKey(SOURCES, 'v1');
    expect(cacheKey([{ ...SOURCES[0] }], 'v1')).toBe(key);
    expect(cacheKey([{ ...SOURCES[0], source: `${SOURCES[0].source}\n` }], 'v1')).not.toBe(key);
    expect(cacheKey([{ ...SOURCES[0], filename: 'q.rego' }], 'v1')).not.toBe(key);
    expect(cacheKey(SOURCES, 'v0')).not.toBe(key);
  });
});

describe('cachedCompile', () => {
  it('compiles once, then serves the entry', async () => {
    const compiler = fakeCompiler();
    const first = await cachedCompile(dir, SOURCES, 'v1', compiler.compile);
    const second = await cachedCompile(dir, SOURCES, 'v1', compiler.compile);
    expect([first.hit, second.hit]).toEqual([false, true]);
    expect(compiler.calls()).toBe(1);
    expect(second.compiled.wasm).toEqual(first.compiled.wasm);
    expect((await readdir(join(dir, 'policies'))).sort()).toEqual([
      `${cacheKey(SOURCES, 'v1')}.json`,
      `${cacheKey(SOURCES, 'v1')}.wasm`,
    ]);
  });

  it('recompiles when the wasm does not match its manifest or the manifest is stale', async () => {
    const compiler = fakeCompiler();
    const { entry } = await cachedCompile(dir, SOURCES, 'v1', compiler.compile);
    await writeFile(`${entry}.wasm`, new Uint8Array([1, 2, 3]));
    expect((await cachedCompile(dir, SOURCES, 'v1', compiler.compile)).hit).toBe(false);
    const manifest = JSON.parse(await readFile(`${entry}.json`, 'utf8'));
    await writeFile(`${entry}.json`, JSON.stringify({ ...manifest, rtpolicyVersion: '0.0.0-old' }));
    expect((await cachedCompile(dir, SOURCES, 'v1', compiler.compile)).hit).toBe(false);
    await writeFile(`${entry}.json`, '{"schema": 1, "rules": [');
    expect((await cachedCompile(dir, SOURCES, 'v1', compiler.compile)).hit).toBe(false);
    expect(compiler.calls()).toBe(4);
    await expect(readCompiledPolicy(entry, VERSION)).resolves.toBeTruthy();
  });

  it('leaves one whole entry when runs race on the same key', async () => {
    // Same key, same compiler output; a mixed pair from different outputs is caught by the hash (above).
    const runs = await Promise.all(
      Array.from({ length: 8 }, () => cachedCompile(dir, SOURCES, 'v1', fakeCompiler().compile)),
    );
    expect(runs.every((r) => r.writeError === undefined)).toBe(true);
    // No temporary file is left behind, and what is stored reads back consistent.
    expect(await readdir(join(dir, 'policies'))).toHaveLength(2);
    const stored = await readCompiledPolicy(runs[0].entry, VERSION);
    expect(stored.manifest.wasmSha256).toBe(sha256(stored.wasm));
  });

  it('still compiles when the cache cannot be written', async () => {
    if (process.getuid?.() === 0) {
      // root writes anywhere: make the cache path a file instead.
      await writeFile(join(dir, 'policies'), 'not a directory');
    } else {
      await mkdir(join(dir, 'policies'));
      await chmod(join(dir, 'policies'), 0o500);
    }
    const result = await cachedCompile(dir, SOURCES, 'v1', fakeCompiler().compile);
    expect(result.hit).toBe(false);
    expect(result.writeError).toBeTruthy();
    expect(result.compiled.wasm.byteLength).toBe(5);
  });
});
