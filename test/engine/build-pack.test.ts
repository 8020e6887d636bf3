// scripts/build-pack.mjs: the built-in pack precompiled into pack.wasm +
// pack.json (rules, catalog with helpUri, entrypoints), rebuilt only when
// its inputs change; a pack that does not compile fails the build with
// file:row:col. Runs the script against lib/ (build first).
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const script = resolve('scripts/build-pack.mjs');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rtpolicy-build-pack-'));
  await cp(resolve('fixtures/engine/pack'), join(dir, 'policies'), { recursive: true });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const buildPack = (...args: string[]) =>
  spawnSync(
    process.execPath,
    [script, '--policies', join(dir, 'policies'), '--out', join(dir, 'out'), ...args],
    {
      encoding: 'utf8',
    },
  );

describe('build-pack', () => {
  it('writes the wasm and a manifest with the rule catalog, tests left out', async () => {
    const built = buildPack();
    expect(built.status, built.stderr).toBe(0);
    const manifest = JSON.parse(await readFile(join(dir, 'out/pack.json'), 'utf8'));
    expect(manifest.sources.map((s: string) => s.replace(/^.*policies\//, ''))).toEqual([
      'lib.rego',
      'pods.rego',
      'runtimeclass.rego',
    ]);
    expect(manifest.gather).toBe('__rtpolicy_gather__/main');
    expect(manifest.rules.map((r: { entrypoint: string }) => r.entrypoint)).toEqual([
      'fixture/pods/deny',
      'fixture/runtimeclass/deny',
    ]);
    expect(manifest.catalog.map((r: { id: string }) => r.id)).toEqual([
      'TST010',
      'TST015',
      'TST031',
      'TST033',
    ]);
    expect(manifest.catalog[2]).toMatchObject({
      origin: 'builtin',
      severity: 'error',
      tags: ['security'],
      remediation: 'Set runtimeClassName to a kata or gVisor RuntimeClass.',
      helpUri: 'https://github.com/rtpolicy/rtpolicy/blob/main/docs/rules/TST031.md',
    });
    const wasm = await readFile(join(dir, 'out/pack.wasm'));
    expect(wasm.subarray(0, 4)).toEqual(Buffer.from([0, 0x61, 0x73, 0x6d]));
  }, 60_000);

  it('skips an unchanged pack and rebuilds a changed one', async () => {
    expect(buildPack().stderr).toMatch(/pack: up to date/);
    await writeFile(
      join(dir, 'policies/extra.rego'),
      'package fixture.extra\n\nimport rego.v1\n\nwarn contains "x" if false\n',
    );
    const rebuilt = buildPack();
    expect(rebuilt.stderr).toMatch(/pack: 4 files, 3 rules/);
  }, 60_000);

  it('fails with file:row:col when the pack does not compile', async () => {
    await writeFile(join(dir, 'policies/broken.rego'), 'package broken\n\ndeny contains x if {\n');
    const failed = buildPack();
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/policies\/broken\.rego:\d+:\d+: rego_parse_error: /);
  }, 60_000);
});
