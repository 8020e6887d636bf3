// containerd and CRI-O configs: runtime handlers, the node-config documents
// policies see, and TOML locations.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadText, type RuntimeHandlerEntry } from '../../src/loader/index.js';
import { TomlLocations } from '../../src/loader/toml-locations.js';
import { FIXTURES, loadAll, loadOne } from './helpers.js';

const nodes = (name: string): string => join(FIXTURES, 'nodes', name);
const V2 = 'plugins."io.containerd.grpc.v1.cri".containerd.runtimes';
const V3 = 'plugins."io.containerd.cri.v1.runtime".containerd.runtimes';

function summary(entries: RuntimeHandlerEntry[]) {
  return entries.map((e) => ({
    handler: e.handler,
    runtimeType: e.runtimeType,
    runtimePath: e.runtimePath,
    binaryName: e.binaryName,
    configPath: e.configPath,
    privilegedWithoutHostDevices: e.privilegedWithoutHostDevices,
    allowedAnnotations: e.allowedAnnotations,
    isDefault: e.isDefault,
    at: `${e.line}:${e.column}`,
  }));
}

describe('containerd config.toml', () => {
  it('reads the runtimes of a version 2 config', async () => {
    const file = await loadOne(nodes('v2/config.toml'));
    expect(file.problems).toEqual([]);
    expect(file.nodeConfig).toMatchObject({ format: 'containerd', version: 2, defaultHandler: 'runc' });
    const handlers = file.nodeConfig?.handlers ?? [];
    expect(new Set(handlers.map((h) => `${h.format} v${h.configVersion} ${h.pluginPath}`))).toEqual(
      new Set([`containerd v2 ${V2}`]),
    );
    expect(summary(handlers)).toEqual([
      {
        handler: 'runc',
        runtimeType: 'io.containerd.runc.v2',
        allowedAnnotations: [],
        isDefault: true,
        at: '7:3',
      },
      {
        handler: 'crun',
        runtimeType: 'io.containerd.runc.v2',
        binaryName: '/usr/bin/crun',
        allowedAnnotations: [],
        isDefault: false,
        at: '12:3',
      },
      {
        handler: 'kata-qemu',
        runtimeType: 'io.containerd.kata-qemu.v2',
        configPath: '/opt/kata/share/defaults/kata-containers/configuration-qemu.toml',
        privilegedWithoutHostDevices: true,
        allowedAnnotations: ['io.katacontainers.*'],
        isDefault: false,
        at: '17:3',
      },
      {
        handler: 'kata-fc',
        runtimeType: 'io.containerd.kata-fc.v2',
        allowedAnnotations: [],
        isDefault: false,
        at: '24:3',
      },
      {
        handler: 'runsc',
        runtimeType: 'io.containerd.runsc.v1',
        allowedAnnotations: [],
        isDefault: false,
        at: '28:3',
      },
    ]);
    expect(handlers[0].options).toEqual({ SystemdCgroup: true });
    expect(handlers[3].raw).toEqual({ runtime_type: 'io.containerd.kata-fc.v2', snapshotter: 'devmapper' });
  });

  it('reads a version 3 config with an inline options table and a multi-line array', async () => {
    const file = await loadOne(nodes('v3/config.toml'));
    expect(file.nodeConfig).toMatchObject({ format: 'containerd', version: 3, defaultHandler: 'runc' });
    const kata = file.nodeConfig?.handlers.find((h) => h.handler === 'kata');
    expect(kata).toMatchObject({
      pluginPath: V3,
      configVersion: 3,
      runtimeType: 'io.containerd.kata.v2',
      privilegedWithoutHostDevices: false,
      configPath: '/opt/kata/share/defaults/kata-containers/configuration-clh.toml',
      allowedAnnotations: [
        'io.katacontainers.config.hypervisor.kernel_params',
        'io.katacontainers.config.hypervisor.default_memory',
      ],
      line: 10,
      column: 1,
      path: ['config', 'plugins', 'io.containerd.cri.v1.runtime', 'containerd', 'runtimes', 'kata'],
    });
  });

  it('records the plugin path actually used, for configs that mix versions up', async () => {
    const text = `version = 3\n[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.kata]\nruntime_type = "io.containerd.kata.v2"\n`;
    const file = await loadText(text, 'mixed.toml');
    expect(file.nodeConfig?.handlers.map((h) => [h.handler, h.configVersion, h.pluginPath])).toEqual([
      ['kata', 3, V2],
    ]);
    const v1 = await loadText(
      '[plugins.cri.containerd.runtimes.runc]\nruntime_type = "io.containerd.runc.v1"\n',
      'v1.toml',
    );
    expect(v1.nodeConfig?.handlers.map((h) => [h.handler, h.configVersion, h.pluginPath])).toEqual([
      ['runc', 1, 'plugins.cri.containerd.runtimes'],
    ]);
  });

  it('is a document policies can inspect, with a source map from TOML paths to lines', async () => {
    const file = await loadOne(nodes('v2/config.toml'));
    const [document] = file.documents;
    expect(document.object).toMatchObject({
      apiVersion: 'rtpolicy.io/v1',
      kind: 'ContainerdConfig',
      metadata: { name: 'fixtures/loader/nodes/v2/config.toml' },
      version: 2,
      defaultHandler: 'runc',
      config: { version: 2 },
    });
    const path = [
      'config',
      'plugins',
      'io.containerd.grpc.v1.cri',
      'containerd',
      'runtimes',
      'kata-qemu',
      'runtime_type',
    ];
    expect(await document.locate(path)).toEqual({
      region: { startLine: 18, startColumn: 5, endLine: 18, endColumn: 48 },
      exact: true,
      path,
    });
    expect((await document.locate(['handlers', 2, 'runtimeType'])).region.startLine).toBe(18);
    expect((await document.locate(['handlers', 1, 'binaryName'])).region.startLine).toBe(15);
    const missing = await document.locate([...path.slice(0, 6), 'sandboxer']);
    expect(missing).toMatchObject({ exact: false, region: { startLine: 17, startColumn: 3 } });
  });
});

describe('CRI-O crio.conf and crio.conf.d', () => {
  it('reads the runtimes of crio.conf and of a drop-in', async () => {
    const files = await loadAll([nodes('crio')]);
    expect(files.map((f) => [f.file, f.format])).toEqual([
      ['fixtures/loader/nodes/crio/crio.conf', 'crio'],
      ['fixtures/loader/nodes/crio/crio.conf.d/99-kata.conf', 'crio'],
    ]);
    expect(files[0].nodeConfig?.defaultHandler).toBe('crun');
    expect(summary(files.flatMap((f) => f.nodeConfig?.handlers ?? []))).toEqual([
      {
        handler: 'crun',
        runtimeType: 'oci',
        runtimePath: '/usr/bin/crun',
        allowedAnnotations: [],
        isDefault: true,
        at: '5:1',
      },
      {
        handler: 'runsc',
        runtimeType: 'oci',
        runtimePath: '/usr/local/bin/runsc',
        allowedAnnotations: [],
        isDefault: false,
        at: '10:1',
      },
      {
        handler: 'kata',
        runtimeType: 'vm',
        runtimePath: '/usr/bin/containerd-shim-kata-v2',
        configPath: '/opt/kata/share/defaults/kata-containers/configuration-fc.toml',
        privilegedWithoutHostDevices: true,
        allowedAnnotations: ['io.katacontainers.*'],
        isDefault: false,
        at: '1:1',
      },
    ]);
    expect(files[1].documents[0].object.kind).toBe('CrioConfig');
    expect(files[1].nodeConfig?.handlers[0]).toMatchObject({
      runtimeRoot: '/run/vc',
      pluginPath: 'crio.runtime.runtimes',
    });
  });
});

describe('TOML that is not a node config, or not TOML', () => {
  it('reports invalid TOML at its line and column', async () => {
    const file = await loadText(
      'version = 2\n[plugins."io.containerd.grpc.v1.cri"\nx = 1\n',
      'nodes/config.toml',
    );
    expect(file.fileSkipped).toBe('invalid-toml');
    expect(file.problems).toHaveLength(1);
    expect(file.problems[0]).toMatchObject({
      ruleId: 'RTP001',
      file: 'nodes/config.toml',
      region: { startLine: 2 },
    });
    expect(file.problems[0].message).toMatch(/^invalid TOML in containerd config: /);
  });

  it('passes over other TOML files without a finding', async () => {
    const file = await loadText('[package]\nname = "x"\n', 'Cargo.toml');
    expect(file).toMatchObject({ fileSkipped: 'not-node-config', problems: [], documents: [] });
  });
});

describe('TomlLocations', () => {
  it('finds keys, dotted keys, inline tables, arrays and arrays of tables', () => {
    const text = [
      'title = "x" # comment',
      'a.b.c = 1',
      '[server]',
      'ports = [ 8000,',
      '  8001 ]',
      'limits = { cpu = "1", "mem.max" = "2Gi" }',
      'doc = """',
      'ports = 1',
      '"""',
      '[[fruit]]',
      'name = "apple"',
      '[[fruit]]',
      'name = "banana"',
      '[fruit.colour]',
      'main = "yellow"',
    ].join('\n');
    const toml = new TomlLocations(text);
    const at = (path: (string | number)[]) => {
      const found = toml.locate(path);
      return `${found.region.startLine}:${found.region.startColumn}${found.exact ? '' : ' (parent)'}`;
    };
    expect(at(['title'])).toBe('1:1');
    expect(at(['a', 'b', 'c'])).toBe('2:1');
    expect(at(['a', 'b'])).toBe('2:1');
    expect(at(['server', 'ports', 1])).toBe('5:3');
    expect(at(['server', 'limits', 'mem.max'])).toBe('6:23');
    expect(at(['server', 'doc'])).toBe('7:1');
    expect(at(['server', 'ports'])).toBe('4:1');
    expect(at(['fruit', 1, 'name'])).toBe('13:1');
    expect(at(['fruit', 1, 'colour', 'main'])).toBe('15:1');
    expect(at(['fruit', 0, 'colour'])).toBe('10:1 (parent)');
  });
});
