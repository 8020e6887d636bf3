// RuntimeClass classification (RULES.md "How a RuntimeClass is classified").
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/index.js';
import type { Config } from '../../src/config/types.js';
import { classifyHandlerName, classifyRuntimeClass } from '../../src/k8s/index.js';
import type { RuntimeHandlerEntry } from '../../src/loader/index.js';

function entry(handler: string, fields: Partial<RuntimeHandlerEntry>): RuntimeHandlerEntry {
  return {
    handler,
    format: 'containerd',
    pluginPath: 'plugins."io.containerd.grpc.v1.cri".containerd.runtimes',
    allowedAnnotations: [],
    raw: {},
    isDefault: false,
    file: 'config.toml',
    line: 1,
    column: 1,
    path: [],
    ...fields,
  };
}

const handlers = (...entries: RuntimeHandlerEntry[]): Record<string, RuntimeHandlerEntry[]> => {
  const out: Record<string, RuntimeHandlerEntry[]> = {};
  for (const e of entries) out[e.handler] = [...(out[e.handler] ?? []), e];
  return out;
};

function withClasses(runtimeClasses: Config['runtimeClasses']): Config {
  return { ...defaultConfig(), runtimeClasses };
}

describe('3. by handler name', () => {
  it.each([
    ['kata', 'vm', 'qemu', false],
    ['kata-qemu', 'vm', 'qemu', false],
    ['kata-clh', 'vm', 'cloud-hypervisor', false],
    ['kata-fc', 'vm', 'firecracker', true],
    ['kata-qemu-snp', 'vm', 'qemu', false],
    ['kata-remote', 'vm', 'remote', false],
    ['kata-dragonball', 'vm', 'dragonball', false],
    ['runsc', 'gvisor', undefined, false],
    ['runsc-kvm', 'gvisor', undefined, false],
    ['gvisor', 'gvisor', undefined, false],
    ['runc', 'none', undefined, false],
    ['crun', 'none', undefined, false],
    ['nvidia', 'unknown', undefined, false],
    ['spin', 'unknown', undefined, false],
  ])('%s -> %s', (handler, sandbox, hypervisor, firecracker) => {
    const result = classifyRuntimeClass('any-name', handler, defaultConfig(), {});
    expect(result).toEqual({
      sandbox,
      firecracker,
      classifiedBy: 'handler-name',
      ...(hypervisor ? { hypervisor } : {}),
    });
  });

  it('counts any *-fc Kata handler as Firecracker', () => {
    expect(classifyHandlerName('kata-custom-fc')).toMatchObject({ sandbox: 'vm', firecracker: true });
  });

  it('never classifies by the RuntimeClass name', () => {
    expect(classifyRuntimeClass('kata', 'runc', defaultConfig(), {}).sandbox).toBe('none');
    expect(classifyRuntimeClass('gvisor', 'runsc', defaultConfig(), {}).sandbox).toBe('gvisor');
    expect(classifyRuntimeClass('kata', 'kata-qemu', defaultConfig(), {}).sandbox).toBe('vm');
    expect(classifyRuntimeClass('sandboxed', undefined, defaultConfig(), {})).toEqual({
      sandbox: 'unknown',
      firecracker: false,
      classifiedBy: 'none',
    });
  });
});

describe('2. by a node config that defines the handler', () => {
  it.each([
    ['containerd kata shim', entry('h', { runtimeType: 'io.containerd.kata.v2' }), 'vm'],
    ['containerd kata-qemu shim', entry('h', { runtimeType: 'io.containerd.kata-qemu.v2' }), 'vm'],
    ['containerd runsc shim', entry('h', { runtimeType: 'io.containerd.runsc.v1' }), 'gvisor'],
    ['containerd runc shim', entry('h', { runtimeType: 'io.containerd.runc.v2' }), 'none'],
    [
      'runc shim with crun',
      entry('h', { runtimeType: 'io.containerd.runc.v2', binaryName: '/usr/bin/crun' }),
      'none',
    ],
    [
      'runc shim with runsc',
      entry('h', { runtimeType: 'io.containerd.runc.v2', binaryName: '/usr/local/bin/runsc' }),
      'gvisor',
    ],
    [
      'CRI-O kata shim',
      entry('h', { format: 'crio', runtimeType: 'vm', runtimePath: '/usr/bin/containerd-shim-kata-v2' }),
      'vm',
    ],
    [
      'CRI-O runsc shim',
      entry('h', { format: 'crio', runtimeType: 'vm', runtimePath: '/usr/bin/containerd-shim-runsc-v1' }),
      'gvisor',
    ],
    [
      'CRI-O runsc',
      entry('h', { format: 'crio', runtimeType: 'oci', runtimePath: '/usr/local/bin/runsc' }),
      'gvisor',
    ],
    ['CRI-O crun', entry('h', { format: 'crio', runtimePath: '/usr/bin/crun' }), 'none'],
  ])('%s -> %s', (_, handlerEntry, sandbox) => {
    // The handler name `h` says nothing: the config decides.
    expect(classifyRuntimeClass('rc', 'h', defaultConfig(), handlers(handlerEntry))).toMatchObject({
      sandbox,
      classifiedBy: 'node-config',
    });
  });

  it('wins over the handler name', () => {
    const plainRunc = entry('kata-special', { runtimeType: 'io.containerd.runc.v2' });
    expect(classifyRuntimeClass('rc', 'kata-special', defaultConfig(), handlers(plainRunc))).toMatchObject({
      sandbox: 'none',
      classifiedBy: 'node-config',
    });
  });

  it('finds the hypervisor in the runtime type or the Kata configuration file', () => {
    const fc = entry('kata', { runtimeType: 'io.containerd.kata-fc.v2' });
    expect(classifyRuntimeClass('rc', 'kata', defaultConfig(), handlers(fc))).toEqual({
      sandbox: 'vm',
      hypervisor: 'firecracker',
      firecracker: true,
      classifiedBy: 'node-config',
    });
    const clh = entry('vm', {
      runtimeType: 'io.containerd.kata.v2',
      configPath: '/opt/kata/share/defaults/kata-containers/configuration-clh.toml',
    });
    expect(classifyRuntimeClass('rc', 'vm', defaultConfig(), handlers(clh)).hypervisor).toBe(
      'cloud-hypervisor',
    );
  });

  it('falls back to the handler name when the runtime type tells nothing', () => {
    const wasm = entry('kata-wasm', { runtimeType: 'io.containerd.wasmtime.v1' });
    expect(classifyRuntimeClass('rc', 'kata-wasm', defaultConfig(), handlers(wasm)).classifiedBy).toBe(
      'handler-name',
    );
  });

  it('is unknown when node configs disagree', () => {
    const kata = entry('edge', { runtimeType: 'io.containerd.kata.v2', file: 'a.toml' });
    const runc = entry('edge', { runtimeType: 'io.containerd.runc.v2', file: 'b.toml' });
    expect(classifyRuntimeClass('rc', 'edge', defaultConfig(), handlers(kata, runc))).toMatchObject({
      sandbox: 'unknown',
      classifiedBy: 'node-config',
    });
  });
});

describe('1. by rtpolicy.yaml', () => {
  it('overrides node configs and handler names', () => {
    const config = withClasses({
      kata: { sandbox: 'none' },
      fast: { sandbox: 'vm', hypervisor: 'firecracker' },
    });
    const kata = entry('kata-qemu', { runtimeType: 'io.containerd.kata-qemu.v2' });
    expect(classifyRuntimeClass('kata', 'kata-qemu', config, handlers(kata))).toEqual({
      sandbox: 'none',
      firecracker: false,
      classifiedBy: 'config',
    });
    expect(classifyRuntimeClass('fast', 'custom', config, {})).toEqual({
      sandbox: 'vm',
      hypervisor: 'firecracker',
      firecracker: true,
      classifiedBy: 'config',
    });
  });
});
