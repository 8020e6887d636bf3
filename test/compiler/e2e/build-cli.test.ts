// `rtpolicy build`: the bundle it writes untars into files the SDK loads.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rtpolicy-build-test-'));
  await mkdir(join(dir, 'policies/net'), { recursive: true });
  await writeFile(
    join(dir, 'policies/net/host.rego'),
    `package k8s.net
import rego.v1

deny contains msg if {
  input.spec.hostNetwork == true
  not data.k8s.allowed_namespaces[input.metadata.namespace]
  msg := "pods must not use the host network"
}
`,
  );
  await writeFile(join(dir, 'policies/net/data.yaml'), 'allowed_namespaces:\n  kube-system: true\n');
  await writeFile(join(dir, 'policies/data.json'), JSON.stringify({ k8s: { version: '1.31' } }));
  await writeFile(join(dir, 'bad.rego'), 'package bad\n\np if {\n  x > 1\n}\n');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the CLI in-process, capturing what it prints on stderr. */
async function run(...args: string[]): Promise<{ status: number; stderr: string }> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => {
    lines.push(a.join(' '));
  });
  try {
    const status = await main(['node', 'rtpolicy', ...args]);
    return { status, stderr: lines.join('\n') };
  } finally {
    spy.mockRestore();
  }
}

describe('rtpolicy build', () => {
  it('writes a bundle the SDK loads, with data from data.json/data.yaml files', async () => {
    const out = join(dir, 'out/bundle.tar.gz');
    const { status, stderr } = await run(
      'build',
      '-t',
      'wasm',
      '-e',
      'k8s/net/deny',
      '-o',
      out,
      join(dir, 'policies'),
    );
    expect(stderr).toBe('');
    expect(status).toBe(0);

    const extracted = join(dir, 'x');
    await mkdir(extracted);
    await tar.extract({ file: out, cwd: extracted });
    const manifest = JSON.parse(await readFile(join(extracted, '.manifest'), 'utf8'));
    expect(manifest.wasm).toEqual([{ entrypoint: 'k8s/net/deny', module: '/policy.wasm' }]);
    const data = JSON.parse(await readFile(join(extracted, 'data.json'), 'utf8'));
    expect(data).toEqual({ k8s: { version: '1.31' }, net: { allowed_namespaces: { 'kube-system': true } } });

    const policy = await loadPolicy(await readFile(join(extracted, 'policy.wasm')));
    policy.setData({ k8s: { allowed_namespaces: { 'kube-system': true } } });
    const pod = (ns: string) => ({ kind: 'Pod', metadata: { namespace: ns }, spec: { hostNetwork: true } });
    expect(policy.evaluate(pod('apps'), 'k8s/net/deny')).toEqual([
      { result: ['pods must not use the host network'] },
    ]);
    expect(policy.evaluate(pod('kube-system'), 'k8s/net/deny')).toEqual([{ result: [] }]);
  });

  it('exits 2 with file:row:col: code: message for a bad policy', async () => {
    const { status, stderr } = await run(
      'build',
      '-e',
      'bad/p',
      '-o',
      join(dir, 'bad.tar.gz'),
      join(dir, 'bad.rego'),
    );
    expect(status).toBe(2);
    expect(stderr).toMatch(/bad\.rego:4:3: rego_unsafe_var_error: var x is unsafe/);
  });

  it('exits 2 for usage errors', async () => {
    expect((await run('build', '-o', join(dir, 'x.tar.gz'), join(dir, 'policies'))).status).toBe(2);
    expect((await run('build', '-t', 'rego', '-e', 'a/b', join(dir, 'policies'))).status).toBe(2);
    const missing = await run('build', '-e', 'a/b', join(dir, 'no-such-dir'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/no-such-dir/);
  });
});
