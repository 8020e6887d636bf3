// check() end to end, in-process: policies from every source, regions,
// suppressions, baselines, configuration, stdin, errors, determinism.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/load.js';
import { type CheckOptions, check } from '../../src/engine/check.js';
import { UsageError } from '../../src/engine/exit-status.js';
import { writeCompiledPolicy } from '../../src/engine/policy-artifact.js';
import { compilePolicy } from '../../src/engine/policy-compiler.js';
import { collectRegoSources } from '../../src/engine/policy-sources.js';
import { InputPathError } from '../../src/loader/discover.js';
import { RegoError } from '../../src/rego/ast.js';

const fixtures = resolve('fixtures/engine');
let dir: string;
let cacheDir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rtpolicy-check-test-'));
  cacheDir = join(dir, 'cache');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** check() on files of `dir` with the images policy and no built-in pack. */
const run = (options: CheckOptions) =>
  check({
    cwd: dir,
    builtin: false,
    cacheDir,
    policies: [join(fixtures, 'policies/images')],
    ...options,
  });

describe('check()', () => {
  it('evaluates custom policies on every document and places findings exactly', async () => {
    const { report, exitCode } = await check({
      cwd: fixtures,
      builtin: false,
      cacheDir,
      policies: ['policies/images', 'policies/conftest-v1'],
      paths: ['manifests'],
    });
    expect(exitCode).toBe(1);
    expect(report.stats).toMatchObject({ files: 2, documents: 4, skipped: {} });
    const summary = report.findings.map(
      (f) => `${f.file}:${f.region.startLine}:${f.region.startColumn} ${f.ruleId}`,
    );
    expect(summary).toEqual([
      'manifests/deployment.yaml:1:1 main.deny',
      'manifests/deployment.yaml:1:1 main.warn',
      // The sidecar's image in the third document.
      'manifests/multi.yaml:30:7 ACME-1',
    ]);
    const acme = report.findings[2];
    expect(acme).toMatchObject({
      severity: 'warning',
      message: 'image docker.io/library/nginx:1.27 is not from registry.acme.example',
      documentIndex: 2,
      path: ['spec', 'containers', 1, 'image'],
      object: { kind: 'Pod', name: 'web' },
    });
    expect(acme.fingerprint).toMatch(/^[0-9a-f]{32}:0$/);
    const ids = report.rules.map((r) => r.id);
    // The package-scope METADATA of the images policy describes both of its rules as ACME-1.
    expect(ids).toEqual([
      'ACME-1',
      'RTP001',
      'RTP002',
      'RTP003',
      'RTP004',
      'RTP010',
      'main.deny',
      'main.warn',
    ]);
    expect(report.rules[0]).toMatchObject({
      title: 'Images come from the company registry',
      origin: 'policy',
    });
  });

  it('applies rtpolicy.yaml: rules off, severities, fail level', async () => {
    const work = join(dir, 'config');
    await mkdir(work, { recursive: true });
    await writeFile(join(work, 'pod.yaml'), await readFile(join(fixtures, 'bad-input/pod.yaml')));
    await writeFile(
      join(work, 'rtpolicy.yaml'),
      'failLevel: error\nrules:\n  ACME-1: note\n  ACME-2: false\n',
    );
    const { report, exitCode } = await run({ cwd: work });
    expect(report.findings.map((f) => [f.ruleId, f.severity])).toEqual([['ACME-1', 'note']]);
    expect(exitCode).toBe(0);
    expect((await run({ cwd: work, failLevel: 'note' })).exitCode).toBe(1);
    await writeFile(join(work, 'rtpolicy.yaml'), 'rules:\n  ACME-1: loud\n');
    await expect(run({ cwd: work })).rejects.toBeInstanceOf(ConfigError);
  });

  it('honours annotation and comment suppressions, and baselines', async () => {
    const work = join(dir, 'suppress');
    await mkdir(work, { recursive: true });
    await writeFile(
      join(work, 'pods.yaml'),
      `apiVersion: v1
kind: Pod
metadata:
  name: annotated
  annotations:
    rtpolicy.io/ignore: ACME-1
    rtpolicy.io/ignore-reason: vendor image, scanned upstream
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
      # rtpolicy:ignore ACME-1 mirrored nightly
      image: docker.io/app:1
    - name: other
      image: docker.io/other:1
`,
    );
    const first = await run({ cwd: work, writeBaseline: 'baseline.json' });
    expect(
      first.report.findings.map((f) => [f.object?.name, f.suppression?.kind, f.suppression?.justification]),
    ).toEqual([
      ['annotated', 'annotation', 'vendor image, scanned upstream'],
      ['commented', 'comment', 'mirrored nightly'],
      ['commented', undefined, undefined],
    ]);
    expect(first.exitCode).toBe(0); // ACME-1 is a warning
    expect((await run({ cwd: work, failLevel: 'warning' })).exitCode).toBe(1);
    const baseline = JSON.parse(await readFile(join(work, 'baseline.json'), 'utf8'));
    expect(baseline.findings).toHaveLength(1);
    const second = await run({ cwd: work, failLevel: 'warning', baseline: 'baseline.json' });
    expect(second.exitCode).toBe(0);
    expect(second.report.findings.map((f) => f.suppression?.kind)).toEqual([
      'annotation',
      'comment',
      'baseline',
    ]);
  });

  it('reads standard input once for both passes and for comments', async () => {
    let reads = 0;
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: piped\nspec:\n  containers:\n    - name: a\n      image: x/y:1 # rtpolicy:ignore ACME-1\n';
    const { report } = await run({
      paths: ['-'],
      stdinFilename: 'piped.yaml',
      readStdin: async () => {
        reads++;
        return Buffer.from(text);
      },
    });
    expect(reads).toBe(1);
    const where = (f: (typeof report.findings)[number]) =>
      `${f.file}:${f.region.startLine}:${f.region.startColumn}`;
    expect(report.findings.map((f) => `${where(f)} ${f.ruleId} ${f.suppression?.kind}`)).toEqual([
      'piped.yaml:5:1 ACME-2 undefined',
      'piped.yaml:8:7 ACME-1 comment',
    ]);
  });

  it('evaluates the built-in pack when there is one, without compiling anything', async () => {
    const assets = join(dir, 'assets');
    const sources = await collectRegoSources([join(fixtures, 'pack')], fixtures);
    expect(sources.map((s) => s.filename)).toEqual([
      'pack/lib.rego',
      'pack/pods.rego',
      'pack/runtimeclass.rego',
    ]);
    await writeCompiledPolicy(join(assets, 'pack/pack'), await compilePolicy(sources, { origin: 'builtin' }));
    const work = join(dir, 'pack');
    await mkdir(work, { recursive: true });
    await writeFile(
      join(work, 'app.yaml'),
      `apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata:
  name: kata
handler: kata-qemu
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  template:
    spec:
      runtimeClassName: kata
      containers:
        - name: a
          securityContext: { privileged: true }
      volumes:
        - name: host
          hostPath: { path: /var }
`,
    );
    const previous = process.env.RTPOLICY_ASSETS;
    process.env.RTPOLICY_ASSETS = assets;
    try {
      const { report } = await check({ cwd: work, cacheDir: false });
      expect(
        report.findings.map((f) => `${f.region.startLine}:${f.region.startColumn} ${f.ruleId} ${f.severity}`),
      ).toEqual([
        // The RuntimeClass (data.rtpolicy) is sandboxed but has no overhead; the privileged pod is fine under it.
        '1:1 TST015 error',
        '20:11 TST033 warning',
      ]);
      const rule = report.rules.find((r) => r.id === 'TST033');
      expect(rule).toMatchObject({
        origin: 'builtin',
        helpUri: 'https://github.com/rtpolicy/rtpolicy/blob/main/docs/rules/TST033.md',
      });
    } finally {
      if (previous === undefined) delete process.env.RTPOLICY_ASSETS;
      else process.env.RTPOLICY_ASSETS = previous;
    }
  });

  it('writes byte-identical reports for the same input', async () => {
    const outputs = [join(dir, 'one.json'), join(dir, 'two.json')];
    for (const file of outputs) {
      await check({
        cwd: fixtures,
        builtin: false,
        cacheDir,
        policies: ['policies/images', 'policies/conftest-v1', 'policies/conflict'],
        paths: ['manifests', 'bad-input'],
        formats: [`json=${file}`, `sarif=${file}.sarif`],
      });
    }
    expect(await readFile(outputs[0], 'utf8')).toBe(await readFile(outputs[1], 'utf8'));
    expect(await readFile(`${outputs[0]}.sarif`, 'utf8')).toBe(await readFile(`${outputs[1]}.sarif`, 'utf8'));
  });

  it('stops with a typed error for usage, configuration and policy mistakes', async () => {
    await expect(run({ paths: ['does-not-exist'] })).rejects.toBeInstanceOf(InputPathError);
    await expect(run({ failLevel: 'fatal' })).rejects.toThrow(UsageError);
    await expect(run({ formats: ['html'] })).rejects.toThrow(/unknown --format 'html'/);
    await expect(run({ baseline: 'missing.json' })).rejects.toThrow(/cannot read baseline/);
    await expect(run({ policies: [join(fixtures, 'nope')] })).rejects.toThrow(
      /--policy .*nope: no such file/,
    );
    await expect(run({ policies: [join(fixtures, 'manifests')] })).rejects.toThrow(/no \.rego files/);
    const broken = await run({ policies: [join(fixtures, 'policies/broken')] }).catch((e) => e);
    expect(broken).toBeInstanceOf(RegoError);
    expect((broken as RegoError).errors[0].location.file).toMatch(/policies\/broken\/broken\.rego$/);
    await expect(run({ policies: [join(fixtures, 'pack/lib.rego')] })).rejects.toThrow(
      /no package defines a deny, warn or violation rule/,
    );
  });
});
