// `rtpolicy check` through the built CLI: exit statuses, formats and files,
// custom policies (conftest v1 and v0, Gatekeeper), bundles from `rtpolicy
// build`, the compile cache, exact locations, suppressions and baselines,
// standard input, data, run-time policy errors, worker threads.
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures, type RunOptions, rtpolicy } from './helpers.js';

let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rtpolicy-cli-check-'));
  // A private compile cache, shared by the tests of this file.
  env = { XDG_CACHE_HOME: join(dir, 'cache') };
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const check = (args: string[], options: RunOptions = {}) =>
  rtpolicy(['check', ...args], { cwd: fixtures, ...options, env: { ...env, ...options.env } });

const IMAGES = ['--no-builtin', '--policy', 'policies/images'];

/** `file:line:col severity message (rule)` lines of the text report. */
const findingLines = (stdout: string) => stdout.split('\n').filter((l) => /^\S+:\d+:\d+ /.test(l));

describe('rtpolicy check: exit status and usage', () => {
  it('prints help with examples', async () => {
    const { status, stdout } = await check(['--help']);
    expect(status).toBe(0);
    for (const text of [
      '--policy <path>',
      '--no-builtin',
      '--bundle',
      '--fail-level',
      '--write-baseline',
      'Examples:',
    ]) {
      expect(stdout).toContain(text);
    }
  });

  it('exits 0 when nothing reaches the fail level, 1 when something does', async () => {
    const clean = await check([...IMAGES, 'manifests/deployment.yaml']);
    expect(clean.status).toBe(0);
    expect(clean.stdout).toMatch(/^0 errors, 0 warnings, 0 notes; checked 1 file, 1 document; [\d.]+ m?s\n$/);
    // The image finding is a warning: it fails the run from --fail-level warning on.
    expect((await check([...IMAGES, 'manifests/multi.yaml'])).status).toBe(0);
    expect((await check([...IMAGES, '--fail-level', 'warning', 'manifests/multi.yaml'])).status).toBe(1);
    expect(
      (await check([...IMAGES, '--fail-level', 'none', '--policy', 'policies/conftest-v1', 'manifests']))
        .status,
    ).toBe(0);
    expect((await check([...IMAGES, '--policy', 'policies/conftest-v1', 'manifests'])).status).toBe(1);
  }, 60_000);

  it('exits 2 on usage mistakes and says what to do', async () => {
    const cases: [string[], RegExp][] = [
      [['--format', 'html', '.'], /unknown --format 'html': expected text, json, sarif, github or junit/],
      [['--fail-level', 'fatal', '.'], /invalid --fail-level 'fatal'/],
      [['no/such/dir'], /no\/such\/dir: no such file or directory\n.*name existing files or directories/],
      [['--rego-version', 'v2', '.'], /argument 'v2' is invalid/],
      [['--workers', 'many', '.'], /expected a whole number of worker threads/],
      [['--bogus'], /unknown option '--bogus'/],
      [['--baseline', 'missing.json', 'manifests'], /cannot read baseline missing.json/],
    ];
    for (const [args, message] of cases) {
      const { status, stderr } = await check([...IMAGES, ...args]);
      expect(status, args.join(' ')).toBe(2);
      expect(stderr).toMatch(message);
    }
  }, 60_000);

  it('exits 2 on a bad rtpolicy.yaml, with its line and column', async () => {
    const work = join(dir, 'config');
    await mkdir(work, { recursive: true });
    await writeFile(join(work, 'rtpolicy.yaml'), 'failLevel: error\nrules:\n  ACME-1: loud\n');
    const { status, stderr } = await check([...IMAGES.slice(0, 1), '.'], { cwd: work });
    expect(status).toBe(2);
    expect(stderr).toMatch(/^rtpolicy\.yaml:3:\d+: .*ACME-1/m);
    expect(stderr).toContain('--config');
  });

  it('exits 2 on a policy that does not compile, with file:row:col: code: message', async () => {
    const { status, stderr } = await check(['--no-builtin', '--policy', 'policies/broken', 'manifests']);
    expect(status).toBe(2);
    expect(stderr).toMatch(/^policies\/broken\/broken\.rego:\d+:\d+: rego_parse_error: /m);
  });
});

describe('rtpolicy check: reports', () => {
  it('points at the exact line and column inside the third document of a file', async () => {
    const { stdout } = await check([...IMAGES, 'manifests/multi.yaml']);
    expect(findingLines(stdout)).toEqual([
      'manifests/multi.yaml:30:7 warning image docker.io/library/nginx:1.27 is not from registry.acme.example (ACME-1)',
    ]);
  });

  it('writes several formats, each to its own file, text to stdout', async () => {
    const out = join(dir, 'reports');
    const { status, stdout } = await check([
      ...IMAGES,
      '--format',
      'text',
      '--format',
      `json=${out}/report.json`,
      '--format',
      `sarif=${out}/nested/report.sarif`,
      '--format',
      `junit=${out}/junit.xml`,
      'manifests',
    ]);
    expect(status).toBe(0);
    expect(findingLines(stdout)).toHaveLength(1);
    const json = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    expect(json.summary).toMatchObject({ warnings: 1, files: 2, documents: 4 });
    const sarif = JSON.parse(await readFile(join(out, 'nested/report.sarif'), 'utf8'));
    expect(sarif.runs[0].results[0]).toMatchObject({
      ruleId: 'ACME-1',
      locations: [{ physicalLocation: { region: { startLine: 30, startColumn: 7 } } }],
    });
    expect(await readFile(join(out, 'junit.xml'), 'utf8')).toContain('<testsuite');
    // --output-file takes the single format.
    await check([...IMAGES, '--format', 'json', '--output-file', join(out, 'single.json'), 'manifests']);
    expect(JSON.parse(await readFile(join(out, 'single.json'), 'utf8')).findings).toHaveLength(1);
  });
});

describe('rtpolicy check: policies', () => {
  const conftestFindings = [
    'manifests/deployment.yaml:1:1 error Deployment api: containers must not run as root (main.deny)',
    'manifests/deployment.yaml:1:1 warning container api uses the latest tag (main.warn)',
  ];

  it('runs a conftest-style Rego v1 policy', async () => {
    const { stdout } = await check(['--no-builtin', '--policy', 'policies/conftest-v1', 'manifests']);
    expect(findingLines(stdout)).toEqual(conftestFindings);
  });

  it('runs the same policy written in Rego v0 with --rego-version v0, and says why without it', async () => {
    const { stdout } = await check([
      '--no-builtin',
      '--rego-version',
      'v0',
      '--policy',
      'policies/conftest-v0',
      'manifests',
    ]);
    expect(findingLines(stdout)).toEqual(conftestFindings);
    const v1 = await check(['--no-builtin', '--policy', 'policies/conftest-v0', 'manifests']);
    expect(v1.status).toBe(2);
    expect(v1.stderr).toMatch(/^policies\/conftest-v0\/deployment\.rego:\d+:\d+: rego_parse_error: /m);
  }, 60_000);

  it('runs Gatekeeper-style violation rules', async () => {
    const { stdout } = await check([
      '--no-builtin',
      '--rego-version',
      'v0',
      '--policy',
      'policies/gatekeeper-v0',
      'manifests/deployment.yaml',
    ]);
    expect(findingLines(stdout)).toEqual([
      'manifests/deployment.yaml:1:1 error you must provide labels: team (k8srequiredlabels.violation)',
    ]);
  });

  it('evaluates a bundle built by `rtpolicy build`, by rule or by package entrypoint', async () => {
    for (const entrypoints of [
      ['-e', 'main/deny', '-e', 'main/warn'],
      ['-e', 'main'],
    ]) {
      const bundle = join(dir, `bundle-${entrypoints.length}.tar.gz`);
      const built = await rtpolicy(['build', ...entrypoints, '-o', bundle, 'policies/conftest-v1'], {
        cwd: fixtures,
      });
      expect(built.status, built.stderr).toBe(0);
      const { stdout } = await check(['--no-builtin', '--bundle', bundle, 'manifests']);
      expect(findingLines(stdout)).toEqual(conftestFindings);
    }
  }, 60_000);

  it('compiles --policy once: the next run takes it from the cache', async () => {
    const cache = join(dir, 'own-cache');
    const first = await check([...IMAGES, '--verbose', 'manifests'], { env: { XDG_CACHE_HOME: cache } });
    expect(first.stderr).toMatch(/compiled 1 policy file\(s\) in \d+ ms/);
    expect(first.stderr).toContain(`policy cache stored: ${cache}/rtpolicy/policies/`);
    const second = await check([...IMAGES, '--verbose', 'manifests'], { env: { XDG_CACHE_HOME: cache } });
    expect(second.stderr).not.toContain('compiled');
    expect(second.stderr).toContain(`policy cache hit: ${cache}/rtpolicy/policies/`);
    const withoutTime = (text: string) => text.replace(/[\d.]+ m?s\n$/, '');
    expect(withoutTime(second.stdout)).toBe(withoutTime(first.stdout));
    expect((await readdir(join(cache, 'rtpolicy/policies'))).filter((f) => f.endsWith('.wasm'))).toHaveLength(
      1,
    );
    const uncached = await check([...IMAGES, '--no-cache', '--verbose', 'manifests'], {
      env: { XDG_CACHE_HOME: cache },
    });
    expect(uncached.stderr).toMatch(/compiled 1 policy file\(s\)/);
  }, 90_000);

  it('gives policies --data files, and data.rtpolicy', async () => {
    const work = join(dir, 'data');
    await mkdir(join(work, 'policy'), { recursive: true });
    await writeFile(
      join(work, 'policy/teams.rego'),
      `package teamcheck

import rego.v1

deny contains sprintf("team %s is not in data.teams (%d RuntimeClass known)", [team, count(data.rtpolicy.runtimeClasses)]) if {
	team := input.metadata.labels.team
	not data.teams[team]
}
`,
    );
    await writeFile(join(work, 'teams.yaml'), 'teams:\n  shop: { owner: ann }\n');
    await writeFile(
      join(work, 'app.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels: { team: shop }\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: b\n  labels: { team: ops }\n---\napiVersion: node.k8s.io/v1\nkind: RuntimeClass\nmetadata:\n  name: gvisor\nhandler: runsc\n',
    );
    const { stdout } = await check(
      ['--no-builtin', '--policy', 'policy', '--data', 'teams.yaml', 'app.yaml'],
      {
        cwd: work,
      },
    );
    expect(findingLines(stdout)).toEqual([
      'app.yaml:7:1 error team ops is not in data.teams (1 RuntimeClass known) (teamcheck.deny)',
    ]);
  }, 60_000);

  it('passes --ignore to discovery and --kubernetes-version to data.rtpolicy', async () => {
    const work = join(dir, 'version');
    await mkdir(join(work, 'policy'), { recursive: true });
    await mkdir(join(work, 'vendor'), { recursive: true });
    await writeFile(
      join(work, 'policy/version.rego'),
      'package version\n\nimport rego.v1\n\nwarn contains sprintf("target %s", [data.rtpolicy.kubernetesVersion]) if input.kind\n',
    );
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n';
    await writeFile(join(work, 'app.yaml'), pod);
    await writeFile(join(work, 'vendor/app.yaml'), pod);
    const args = ['--no-builtin', '--policy', 'policy', '--ignore', 'vendor'];
    const { stdout } = await check([...args, '--kubernetes-version', '1.29', '.'], { cwd: work });
    expect(findingLines(stdout)).toEqual(['app.yaml:1:1 warning target 1.29 (version.warn)']);
    const invalid = await check([...args, '--kubernetes-version', 'latest', '.'], { cwd: work });
    expect(invalid.status).toBe(2);
    expect(invalid.stderr).toMatch(/--kubernetes-version/);
  }, 60_000);

  it('reports a policy that fails at run time as RTP010 and goes on', async () => {
    const work = join(dir, 'runtime-error');
    await mkdir(work, { recursive: true });
    await writeFile(
      join(work, 'two.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels: { conflict: "yes" }\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n',
    );
    const { status, stdout } = await check(
      ['--no-builtin', '--policy', join(fixtures, 'policies/conflict'), '--format', 'json', 'two.yaml'],
      { cwd: work },
    );
    expect(status).toBe(1);
    const report = JSON.parse(stdout);
    expect(
      report.findings.map(
        (f: { ruleId: string; object: { name: string } }) => `${f.object.name} ${f.ruleId}`,
      ),
    ).toEqual(['a RTP010', 'a conflict.warn', 'b conflict.warn']);
    expect(report.findings[0].message).toMatch(
      /^data\.conflict\.deny failed on this document: .*conflict\.rego:\d+:\d+: eval_conflict_error: complete rules must not produce multiple outputs$/,
    );
  }, 60_000);

  it('evaluates the built-in pack (here a stand-in) with its catalog', async () => {
    const assets = join(dir, 'assets');
    const built = spawnSync(
      process.execPath,
      ['scripts/build-pack.mjs', '--policies', join(fixtures, 'pack'), '--out', join(assets, 'pack')],
      { encoding: 'utf8' },
    );
    expect(built.status, built.stderr).toBe(0);
    const work = join(dir, 'builtin');
    await mkdir(work, { recursive: true });
    await writeFile(
      join(work, 'pod.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      securityContext:\n        privileged: yes\n',
    );
    const { status, stdout } = await check(['--format', 'sarif', 'pod.yaml'], {
      cwd: work,
      env: { RTPOLICY_ASSETS: assets },
    });
    expect(status).toBe(1);
    const run = JSON.parse(stdout).runs[0];
    expect(
      run.results.map(
        (r: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[] }) => [
          r.ruleId,
          r.locations[0].physicalLocation.region.startLine,
        ],
      ),
    ).toEqual([['TST031', 9]]);
    const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'TST031');
    expect(rule.helpUri).toBe('https://github.com/rtpolicy/rtpolicy/blob/main/docs/rules/TST031.md');
  }, 60_000);
});

describe('rtpolicy check: suppressions, baselines, stdin', () => {
  const PODS = `apiVersion: v1
kind: Pod
metadata:
  name: annotated
  annotations:
    rtpolicy.io/ignore: ACME-1
spec:
  securityContext: { runAsNonRoot: true }
  containers:
    - name: app
      image: quay.io/vendor/app:1
---
apiVersion: v1
kind: Pod
metadata:
  name: commented
spec:
  securityContext: { runAsNonRoot: true }
  containers:
    - name: app
      image: docker.io/app:1 # rtpolicy:ignore ACME-1 mirrored nightly
    - name: other
      image: docker.io/other:1
`;

  it('suppresses by annotation and comment, then by a baseline', async () => {
    const work = join(dir, 'suppress');
    await mkdir(work, { recursive: true });
    await writeFile(join(work, 'pods.yaml'), PODS);
    const args = [...IMAGES.slice(0, 2), join(fixtures, 'policies/images'), '--fail-level', 'warning'];
    const first = await check([...args, '--write-baseline', 'baseline.json', 'pods.yaml'], { cwd: work });
    expect(first.status).toBe(1);
    expect(findingLines(first.stdout)).toEqual([
      'pods.yaml:23:7 warning image docker.io/other:1 is not from registry.acme.example (ACME-1)',
    ]);
    expect(first.stdout).toMatch(/0 errors, 1 warning, 0 notes \(2 suppressed\)/);
    const baseline = JSON.parse(await readFile(join(work, 'baseline.json'), 'utf8'));
    expect(baseline.findings.map((f: { object: string }) => f.object)).toEqual(['Pod commented']);
    const second = await check([...args, '--baseline', 'baseline.json', 'pods.yaml'], { cwd: work });
    expect(second.status).toBe(0);
    expect(findingLines(second.stdout)).toEqual([]);
    expect(second.stdout).toMatch(/\(3 suppressed\)/);
  }, 60_000);

  it('reads standard input for -', async () => {
    const named = await check([...IMAGES, '--stdin-filename', 'deploy/pods.yaml', '-'], { input: PODS });
    expect(findingLines(named.stdout)).toEqual([
      'deploy/pods.yaml:23:7 warning image docker.io/other:1 is not from registry.acme.example (ACME-1)',
    ]);
    const unnamed = await check([...IMAGES, '--format', 'json', '-'], { input: PODS });
    expect(JSON.parse(unnamed.stdout).findings.map((f: { file: string }) => f.file)).toEqual([
      '<stdin>',
      '<stdin>',
      '<stdin>',
    ]);
  });
});

describe('rtpolicy check: worker threads', () => {
  it('gives the same report with and without worker threads', async () => {
    const work = join(dir, 'many');
    for (let i = 0; i < 120; i++) {
      const sub = join(work, `team-${i % 4}`);
      await mkdir(sub, { recursive: true });
      await writeFile(
        join(sub, `pod-${i}.yaml`),
        `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p${i}\nspec:\n  containers:\n    - name: c\n      image: ${i % 3 ? 'registry.acme.example/a' : 'docker.io/a'}:${i}\n`,
      );
    }
    const serial = await check([...IMAGES, '--workers', '0', '--format', 'json', work]);
    const parallel = await check([...IMAGES, '--workers', '2', '--verbose', '--format', 'json', work]);
    expect(parallel.stderr).toMatch(/checked 120 file\(s\) with 2 worker thread\(s\)/);
    expect(parallel.stdout).toBe(serial.stdout);
    expect(JSON.parse(serial.stdout).summary).toMatchObject({ files: 120, documents: 120 });
  }, 60_000);
});
