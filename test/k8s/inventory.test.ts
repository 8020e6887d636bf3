// data.rtpolicy: the cross-document inventory given to policies.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/index.js';
import type { Config } from '../../src/config/types.js';
import { buildInventory, scanInventory, selectorMatches } from '../../src/k8s/index.js';
import { loadText } from '../../src/loader/index.js';
import { FIXTURES, loadAll, ROOT } from '../loader/helpers.js';

const INPUTS = [join(FIXTURES, 'manifests/multi.yaml'), join(FIXTURES, 'nodes')];

function config(): Config {
  const c = defaultConfig();
  c.runtimeClasses = {
    gvisor: { handler: 'gvisor', sandbox: 'gvisor', nodeSelector: { 'sandbox.gke.io/runtime': 'gvisor' } },
    kata: { hypervisor: 'qemu' },
  };
  c.sandbox.namespaces = ['payments'];
  c.sandbox.namespaceSelector = { matchLabels: { isolation: 'sandboxed' } };
  return c;
}

describe('buildInventory', () => {
  it('collects RuntimeClasses, runtime handlers, namespaces and node configs', async () => {
    const data = buildInventory(await loadAll(INPUTS), config());
    const kata = data.runtimeClasses.kata;
    expect(kata).toMatchObject({
      name: 'kata',
      handler: 'kata-qemu',
      sandbox: 'vm',
      sandboxed: true,
      hypervisor: 'qemu',
      firecracker: false,
      classifiedBy: 'node-config',
      source: 'repository',
      overhead: { cpu: '250m', memory: '160Mi' },
      file: 'fixtures/loader/manifests/multi.yaml',
      documentIndex: 1,
      line: 9,
    });
    expect(kata.object?.kind).toBe('RuntimeClass');
    expect(kata.definitions).toHaveLength(1);
    expect(data.runtimeClasses.gvisor).toEqual({
      name: 'gvisor',
      handler: 'gvisor',
      sandbox: 'gvisor',
      sandboxed: true,
      firecracker: false,
      classifiedBy: 'config',
      source: 'config',
      nodeSelector: { 'sandbox.gke.io/runtime': 'gvisor' },
      definitions: [],
    });

    const handlers = Object.fromEntries(
      Object.entries(data.runtimeHandlers).map(([name, entries]) => [
        name,
        entries.map((e) => `${e.format}:${e.sandbox}`),
      ]),
    );
    expect(handlers).toEqual({
      crun: ['crio:none', 'containerd:none'],
      kata: ['crio:vm', 'containerd:vm'],
      runsc: ['crio:gvisor', 'containerd:gvisor'],
      runc: ['containerd:none', 'containerd:none'],
      'kata-qemu': ['containerd:vm'],
      'kata-fc': ['containerd:vm'],
    });
    expect(data.runtimeHandlers['kata-fc'][0].hypervisor).toBe('firecracker');
    expect(data.runtimeHandlers.kata.map((e) => e.hypervisor)).toEqual(['firecracker', 'cloud-hypervisor']);

    expect(data.namespaces).toEqual({
      'tenant-a': {
        name: 'tenant-a',
        labels: { isolation: 'sandboxed' },
        requiresSandbox: true,
        source: 'repository',
        file: 'fixtures/loader/manifests/multi.yaml',
        documentIndex: 0,
        line: 2,
      },
      payments: { name: 'payments', labels: {}, requiresSandbox: true, source: 'config' },
    });
    expect(
      data.nodeConfigs.map((n) => [n.file.replace('fixtures/loader/nodes/', ''), n.format, n.version ?? '-']),
    ).toEqual([
      ['crio/crio.conf', 'crio', '-'],
      ['crio/crio.conf.d/99-kata.conf', 'crio', '-'],
      ['v2/config.toml', 'containerd', 2],
      ['v3/config.toml', 'containerd', 3],
    ]);
    expect(data.kubernetesVersion).toBe('1.34');
    expect(data.config).toEqual(config());
    // Plain JSON all the way down: it is handed to the policy as data.
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });

  it('gives the same inventory from the cheap pass that decodes only RuntimeClasses and Namespaces', async () => {
    const full = buildInventory(await loadAll(INPUTS), config());
    const cheap = await scanInventory(INPUTS, { cwd: ROOT }, config());
    expect(cheap).toEqual(full);
  });

  it('keeps every definition of a RuntimeClass, the first (in file order) as the object', async () => {
    const rc = (handler: string) =>
      `apiVersion: node.k8s.io/v1\nkind: RuntimeClass\nmetadata: {name: fast}\nhandler: ${handler}\n`;
    const files = [await loadText(rc('kata-fc'), 'a.yaml'), await loadText(rc('runc'), 'b.yaml')];
    const { fast } = buildInventory(files, defaultConfig()).runtimeClasses;
    expect(fast).toMatchObject({ handler: 'kata-fc', sandbox: 'vm', firecracker: true, file: 'a.yaml' });
    expect(fast.definitions.map((d) => [d.file, d.object.handler])).toEqual([
      ['a.yaml', 'kata-fc'],
      ['b.yaml', 'runc'],
    ]);
  });

  it('reads node.k8s.io/v1alpha1 (spec.runtimeHandler) and RuntimeClasses inside a List', async () => {
    const text = `apiVersion: v1
kind: List
items:
  - apiVersion: node.k8s.io/v1alpha1
    kind: RuntimeClass
    metadata: {name: old}
    spec:
      runtimeHandler: runsc
      overhead: {podFixed: {memory: 64Mi}}
      scheduling: {nodeSelector: {sandbox: gvisor}}
`;
    const data = buildInventory([await loadText(text, 'list.yaml')], defaultConfig());
    expect(data.runtimeClasses.old).toMatchObject({
      handler: 'runsc',
      sandbox: 'gvisor',
      overhead: { memory: '64Mi' },
      nodeSelector: { sandbox: 'gvisor' },
    });
  });

  it('counts a class as sandboxed only when its class is one of the configured sandbox classes', async () => {
    const c = defaultConfig();
    c.sandbox.classes = ['vm'];
    const text = 'apiVersion: node.k8s.io/v1\nkind: RuntimeClass\nmetadata: {name: gvisor}\nhandler: runsc\n';
    const data = buildInventory([await loadText(text, 'rc.yaml')], c);
    expect(data.runtimeClasses.gvisor).toMatchObject({ sandbox: 'gvisor', sandboxed: false });
  });
});

describe('selectorMatches', () => {
  const labels = { tier: 'untrusted', team: 'a' };
  it.each([
    [{}, true],
    [{ matchLabels: { tier: 'untrusted' } }, true],
    [{ matchLabels: { tier: 'trusted' } }, false],
    [{ matchExpressions: [{ key: 'tier', operator: 'In' as const, values: ['untrusted', 'x'] }] }, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'NotIn' as const, values: ['untrusted'] }] }, false],
    [{ matchExpressions: [{ key: 'zone', operator: 'NotIn' as const, values: ['a'] }] }, true],
    [{ matchExpressions: [{ key: 'team', operator: 'Exists' as const }] }, true],
    [{ matchExpressions: [{ key: 'team', operator: 'DoesNotExist' as const }] }, false],
  ])('%j -> %s', (selector, expected) => {
    expect(selectorMatches(selector, labels)).toBe(expected);
  });
});
