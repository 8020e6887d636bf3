// rtpolicy.yaml: discovery, defaults, validation errors with positions.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  applyOverrides,
  ConfigError,
  configIgnorePatterns,
  configSearchStart,
  DEFAULT_CONFIG_TEXT,
  defaultConfig,
  findConfigFile,
  loadConfig,
  loaderOptionsFor,
  parseConfig,
} from '../../src/config/index.js';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rtpolicy-config-'));
  temps.push(dir);
  return dir;
}

/** The messages of a ConfigError, as the CLI prints them. */
async function errorsOf(text: string): Promise<string[]> {
  try {
    await parseConfig(text, '/repo/rtpolicy.yaml', '/repo');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message.split('\n');
  }
  throw new Error('expected a ConfigError');
}

describe('discovery and defaults', () => {
  it('uses the defaults when there is no rtpolicy.yaml', async () => {
    const dir = tempDir();
    expect(findConfigFile(dir)).toBeUndefined();
    expect(await loadConfig({ cwd: dir })).toEqual(defaultConfig());
    expect(defaultConfig()).toMatchObject({
      failLevel: 'error',
      kubernetesVersion: '1.34',
      sandbox: { classes: ['vm', 'gvisor'], namespaces: [] },
      limits: { maxFileSize: 8 * 1024 * 1024, maxAliasNodes: 1_000_000 },
    });
  });

  it('finds rtpolicy.yaml in the working directory or above it', async () => {
    const root = tempDir();
    const deep = join(root, 'a/b/c');
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(root, 'rtpolicy.yaml'), 'failLevel: warning\n');
    writeFileSync(join(root, 'a/.rtpolicy.yaml'), 'failLevel: note\n');
    expect(findConfigFile(deep)).toBe(join(root, 'a/.rtpolicy.yaml'));
    expect((await loadConfig({ cwd: deep })).failLevel).toBe('note');
    expect((await loadConfig({ cwd: root })).failLevel).toBe('warning');
    const explicit = await loadConfig({ cwd: deep, configFile: join(root, 'rtpolicy.yaml') });
    expect(explicit).toMatchObject({ failLevel: 'warning', file: join(root, 'rtpolicy.yaml') });
  });

  it('prefers the rtpolicy.yaml nearest to the checked paths, then the working directory', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'repo/apps/web'), { recursive: true });
    mkdirSync(join(root, 'other'), { recursive: true });
    writeFileSync(join(root, 'rtpolicy.yaml'), 'failLevel: warning\n');
    writeFileSync(join(root, 'repo/rtpolicy.yaml'), 'failLevel: note\n');
    writeFileSync(join(root, 'repo/apps/web/pod.yaml'), 'kind: Pod\n');

    expect(configSearchStart(['repo/apps/web/pod.yaml'], root)).toBe(join(root, 'repo/apps/web'));
    expect(configSearchStart(['repo/apps/web', 'repo/apps'], root)).toBe(join(root, 'repo/apps'));
    expect(configSearchStart(['repo/apps', 'other'], root)).toBe(root);
    expect(configSearchStart(['-'], root)).toBeUndefined();

    // From the parent directory, `check repo` uses repo's config, as run inside repo would.
    expect((await loadConfig({ cwd: root, paths: ['repo'] })).failLevel).toBe('note');
    expect((await loadConfig({ cwd: root, paths: ['repo/apps/web/pod.yaml'] })).failLevel).toBe('note');
    // Paths in several repositories meet at root, whose config applies.
    expect((await loadConfig({ cwd: root, paths: ['repo', 'other'] })).failLevel).toBe('warning');
    // Standard input: the working directory's.
    expect((await loadConfig({ cwd: join(root, 'other'), paths: ['-'] })).failLevel).toBe('warning');
    // --config wins over both.
    const explicit = await loadConfig({ cwd: root, paths: ['repo'], configFile: 'rtpolicy.yaml' });
    expect(explicit.failLevel).toBe('warning');
  });

  it('fails on a --config file that does not exist', async () => {
    const dir = tempDir();
    await expect(loadConfig({ cwd: dir, configFile: 'missing.yaml' })).rejects.toThrow(
      'missing.yaml:1:1: config file not found',
    );
  });

  it('ships a commented default config that parses to exactly the defaults', async () => {
    const { file, ...parsed } = await parseConfig(DEFAULT_CONFIG_TEXT, '/repo/rtpolicy.yaml', '/repo');
    expect(file).toBe('/repo/rtpolicy.yaml');
    expect(parsed).toEqual(defaultConfig());
  });
});

describe('a full configuration', () => {
  it('becomes a typed Config', async () => {
    const config = await parseConfig(
      `failLevel: warning
kubernetesVersion: 1.30
ignore: ["charts/**", "*.tmpl.yaml"]
rules:
  RTC016: false
  RTC036: off
  RTC033: note
  RTC031: { severity: warning }
runtimeClasses:
  gvisor: { handler: gvisor, sandbox: gvisor, nodeSelector: { sandbox.gke.io/runtime: gvisor } }
  kata-vm-isolation: { handler: kata, sandbox: vm, hypervisor: cloud-hypervisor, overhead: { memory: 600Mi, cpu: 250m } }
sandbox:
  classes: [vm]
  namespaces: [tenant-a]
  namespaceSelector:
    matchLabels: { isolation: sandboxed }
    matchExpressions: [{ key: tier, operator: In, values: [untrusted] }]
  minimumOverhead:
    firecracker: { memory: 150Mi }
limits: { maxFileSize: 2MiB, maxAliasNodes: 5000 }
`,
      '/repo/rtpolicy.yaml',
      '/repo',
    );
    expect(config).toEqual({
      file: '/repo/rtpolicy.yaml',
      failLevel: 'warning',
      kubernetesVersion: '1.30',
      ignore: ['charts/**', '*.tmpl.yaml'],
      rules: {
        RTC016: { enabled: false },
        RTC036: { enabled: false },
        RTC033: { enabled: true, severity: 'note' },
        RTC031: { enabled: true, severity: 'warning' },
      },
      runtimeClasses: {
        gvisor: {
          handler: 'gvisor',
          sandbox: 'gvisor',
          nodeSelector: { 'sandbox.gke.io/runtime': 'gvisor' },
        },
        'kata-vm-isolation': {
          handler: 'kata',
          sandbox: 'vm',
          hypervisor: 'cloud-hypervisor',
          overhead: { memory: '600Mi', cpu: '250m' },
        },
      },
      sandbox: {
        classes: ['vm'],
        namespaces: ['tenant-a'],
        namespaceSelector: {
          matchLabels: { isolation: 'sandboxed' },
          matchExpressions: [{ key: 'tier', operator: 'In', values: ['untrusted'] }],
        },
        minimumOverhead: { ...defaultConfig().sandbox.minimumOverhead, firecracker: { memory: '150Mi' } },
      },
      limits: { maxFileSize: 2 * 1024 * 1024, maxAliasNodes: 5000 },
    });
    expect(configIgnorePatterns(config)).toEqual([
      { pattern: 'charts/**', base: '/repo' },
      { pattern: '*.tmpl.yaml', base: '/repo' },
    ]);
    expect(loaderOptionsFor(config, { cwd: '/repo/sub', ignore: ['legacy/**'] })).toEqual({
      cwd: '/repo/sub',
      ignore: [
        { pattern: 'charts/**', base: '/repo' },
        { pattern: '*.tmpl.yaml', base: '/repo' },
        'legacy/**',
      ],
      maxFileSize: 2 * 1024 * 1024,
      maxAliasNodes: 5000,
    });
  });
});

describe('validation errors carry file:line:column', () => {
  it('names the setting and the allowed values', async () => {
    const text = `failLevel: error
rules:
  RTC031:
    severity: critical
`;
    expect(await errorsOf(text)).toEqual([
      'rtpolicy.yaml:4:15: rules.RTC031.severity must be one of error, warning, note, not "critical"',
    ]);
  });

  it('suggests the key that was meant', async () => {
    const text = `sandbox:
  clases: [vm]
  namespaces: [a]
runtimeClass:
  gvisor: {}
`;
    expect(await errorsOf(text)).toEqual([
      'rtpolicy.yaml:2:3: sandbox.clases is not a known setting; did you mean sandbox.classes?',
      'rtpolicy.yaml:4:1: runtimeClass is not a known setting; did you mean runtimeClasses?',
    ]);
  });

  it('lists the known keys when nothing is close', async () => {
    expect(await errorsOf('sandbox:\n  zzz: 1\n')).toEqual([
      'rtpolicy.yaml:2:3: sandbox.zzz is not a known setting; known keys: classes, namespaces, namespaceSelector, minimumOverhead',
    ]);
  });

  it('reports every problem, in file order', async () => {
    const text = `kubernetesVersion: latest
failLevel: fatal
ignore: charts
runtimeClasses:
  Kata_VM:
    sandbox: kata
    overhead: { memory: lots }
sandbox:
  classes: [vm, none]
  namespaceSelector:
    matchExpressions: [{ key: tier, operator: In }]
limits: { maxAliasNodes: -1 }
`;
    expect(await errorsOf(text)).toEqual([
      'rtpolicy.yaml:1:20: kubernetesVersion must be a version such as "1.31", not "latest"',
      'rtpolicy.yaml:2:12: failLevel must be one of error, warning, note, none, not "fatal"',
      'rtpolicy.yaml:3:9: ignore must be a list of strings, not "charts"',
      'rtpolicy.yaml:5:3: runtimeClasses.Kata_VM is not a valid RuntimeClass name (a DNS-1123 subdomain)',
      'rtpolicy.yaml:6:14: runtimeClasses.Kata_VM.sandbox must be one of vm, gvisor, none, not "kata"',
      'rtpolicy.yaml:7:25: runtimeClasses.Kata_VM.overhead.memory must be a quantity such as 250m or 160Mi, not "lots"',
      'rtpolicy.yaml:9:17: sandbox.classes[1] must be one of vm, gvisor, not "none"',
      'rtpolicy.yaml:11:24: sandbox.namespaceSelector.matchExpressions[0].values must list at least one value for operator In',
      'rtpolicy.yaml:12:26: limits.maxAliasNodes must be a positive whole number, not -1',
    ]);
  });

  it('reports YAML errors and duplicate keys at their position', async () => {
    expect(await errorsOf('failLevel: error\nfailLevel: note\n')).toEqual([
      'rtpolicy.yaml:2:1: invalid YAML: duplicated mapping key',
    ]);
    expect(await errorsOf('rules:\n  - RTC031\n bad: [\n')).toHaveLength(1);
  });

  it('names the command-line option in override errors', () => {
    const { config, issues } = applyOverrides(defaultConfig(), {
      failLevel: 'warning',
      kubernetesVersion: 'v1.29.3',
    });
    expect(issues).toEqual([]);
    expect(config).toMatchObject({ failLevel: 'warning', kubernetesVersion: '1.29' });
    expect(applyOverrides(defaultConfig(), { failLevel: 'loud', maxFileSize: 'huge' }).issues).toEqual([
      '--fail-level must be one of error, warning, note, none, not "loud"',
      '--max-file-size must be a size in bytes or such as 8MiB, not "huge"',
    ]);
  });
});
