// OPA bundles: written by writeBundle, untarred and loaded by the SDK, read back
// by readBundle; readBundle also takes the layout `opa build` writes.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundle, writeBundle } from '../../../src/compiler/bundle.js';
import { generateWasm } from '../../../src/compiler/wasm/index.js';
import { block, local, PolicyBuilder } from '../wasm/ir-builder.js';

let dir: string;
let wasm: Uint8Array;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rtpolicy-bundle-test-'));
  // result := data.greeting[input.lang]
  const p = new PolicyBuilder();
  p.plan(
    'hello/greet',
    block(
      { op: 'Dot', source: local(1), key: p.str('greeting'), target: 2 },
      { op: 'Dot', source: local(0), key: p.str('lang'), target: 3 },
      { op: 'Dot', source: local(2), key: local(3), target: 4 },
      { op: 'ResultSetAdd', value: 4 },
    ),
  );
  wasm = await generateWasm(p.policy);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const contents = () => ({
  wasm,
  entrypoints: ['hello/greet'],
  data: { greeting: { en: 'hello', fr: 'bonjour' } },
  sources: [{ path: 'policies/hello.rego', source: 'package hello\n' }],
  regoVersion: 'v1' as const,
});

describe('writeBundle', () => {
  it('writes a tarball whose files the SDK loads', async () => {
    const out = join(dir, 'out', 'bundle.tar.gz');
    await writeBundle(out, contents());
    const extracted = join(dir, 'extracted');
    await mkdir(extracted);
    await tar.extract({ file: out, cwd: extracted });

    const manifest = JSON.parse(await readFile(join(extracted, '.manifest'), 'utf8'));
    expect(manifest).toEqual({
      revision: '',
      roots: [''],
      wasm: [{ entrypoint: 'hello/greet', module: '/policy.wasm' }],
      rego_version: 1,
    });
    expect(await readFile(join(extracted, 'policies/hello.rego'), 'utf8')).toBe('package hello\n');

    const policy = await loadPolicy(await readFile(join(extracted, 'policy.wasm')));
    policy.setData(JSON.parse(await readFile(join(extracted, 'data.json'), 'utf8')));
    expect(policy.evaluate({ lang: 'fr' }, 'hello/greet')).toEqual([{ result: 'bonjour' }]);
  });

  it('writes the same bytes for the same contents', async () => {
    await writeBundle(join(dir, 'a.tar.gz'), contents());
    await writeBundle(join(dir, 'b.tar.gz'), contents());
    expect(await readFile(join(dir, 'a.tar.gz'))).toEqual(await readFile(join(dir, 'b.tar.gz')));
  });
});

describe('readBundle', () => {
  it('reads back what writeBundle wrote', async () => {
    const out = join(dir, 'roundtrip.tar.gz');
    await writeBundle(out, { ...contents(), regoVersion: 'v0' });
    const bundle = await readBundle(out);
    expect(bundle.manifest.rego_version).toBe(0);
    expect(bundle.data).toEqual(contents().data);
    expect(Buffer.from(bundle.wasm)).toEqual(Buffer.from(wasm));
  });

  it('reads the layout opa build writes: absolute entry names, nested data files', async () => {
    const out = join(dir, 'opa.tar.gz');
    await writeFile(
      out,
      tarball({
        '/data.json': JSON.stringify({ top: 1 }),
        '/greeting/data.json': JSON.stringify({ en: 'hi' }),
        '/greeting/more/data.yaml': 'fr: salut\n',
        '/example/policy.wasm': wasm,
        '/example/hello.rego': 'package hello\n',
        '/.manifest': JSON.stringify({
          revision: 'abc',
          roots: [''],
          wasm: [{ entrypoint: 'hello/greet', module: '/example/policy.wasm' }],
        }),
      }),
    );
    const bundle = await readBundle(out);
    expect(bundle.manifest.revision).toBe('abc');
    expect(bundle.data).toEqual({ top: 1, greeting: { en: 'hi', more: { fr: 'salut' } } });
    const policy = await loadPolicy(bundle.wasm);
    policy.setData({ greeting: { en: 'hi' } });
    expect(policy.evaluate({ lang: 'en' })).toEqual([{ result: 'hi' }]);
  });

  it('reports what is wrong with a bad bundle', async () => {
    const noWasm = join(dir, 'nowasm.tar.gz');
    await writeFile(noWasm, tarball({ '/data.json': '{}' }));
    await expect(readBundle(noWasm)).rejects.toThrow(/holds no policy\.wasm/);

    const conflict = join(dir, 'conflict.tar.gz');
    await writeFile(
      conflict,
      tarball({ '/data.json': '{"a": 1}', '/a/data.json': '{"b": 2}', '/policy.wasm': wasm }),
    );
    await expect(readBundle(conflict)).rejects.toThrow(/conflicts with data at a/);

    const notTar = join(dir, 'not.tar.gz');
    await writeFile(notTar, 'plain text');
    await expect(readBundle(notTar)).rejects.toThrow(/not a readable bundle \(TAR_BAD_ARCHIVE/);
  });
});

/** A gzipped tarball with exactly these entry names (tar.create would strip a leading `/`). */
function tarball(files: Record<string, string | Uint8Array>): Buffer {
  const blocks: Buffer[] = [];
  for (const [path, content] of Object.entries(files)) {
    const body = Buffer.from(content);
    const header = Buffer.alloc(512);
    new tar.Header({ path, size: body.length, type: 'File', mode: 0o644, mtime: new Date(0) }).encode(header);
    blocks.push(header, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}
