// The hooks of .pre-commit-hooks.yaml, run by the real pre-commit framework
// (the Debian package) on a sample repository, with this project as the hook
// repository: pre-commit clones it, `npm install`s it (which builds it
// through `prepare`) and `npm pack`s it into its own node environment, as it
// does for a user. That install takes a few minutes.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitAll, copyWorkingTree, GIT_IDENTITY, git } from './snapshot.js';

/** pre-commit on PATH, or installed from Debian's archive when we may (.ci/run does the same). */
function preCommitAvailable(): { ok: true } | { ok: false; reason: string } {
  const found = () => spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0;
  if (found()) return { ok: true };
  if (process.getuid?.() !== 0)
    return { ok: false, reason: 'pre-commit is not installed and apt-get needs root' };
  const install = spawnSync(
    'sh',
    ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pre-commit'],
    { encoding: 'utf8' },
  );
  if (install.status === 0 && found()) return { ok: true };
  return {
    ok: false,
    reason: `the Debian package pre-commit could not be installed: ${install.stderr.trim().split('\n').at(-1)}`,
  };
}

const RUNTIME_CLASSES = `apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata:
  name: kata
handler: kata-qemu
overhead:
  podFixed:
    cpu: 250m
    memory: 350Mi
scheduling:
  nodeSelector:
    katacontainers.io/kata-runtime: "true"
`;

const GOOD_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      runtimeClassName: kata
      containers:
        - name: web
          image: nginx:1.27
`;

const PRIVILEGED_POD = `apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers:
    - name: shell
      image: busybox:1.36
      securityContext:
        privileged: true
`;

const POLICY = `package acme.images

import rego.v1

# METADATA
# title: Image without a tag
# custom:
#   id: ACME010
#   severity: error
deny contains f if {
\tsome i, c in input.spec.containers
\tnot contains(c.image, ":")
\tf := {"id": "ACME010", "msg": sprintf("image %q has no tag", [c.image]), "path": ["spec", "containers", i, "image"]}
}
`;

const POLICY_TEST = `package acme.images_test

import data.acme.images
import rego.v1

test_untagged_image_denied if {
\tsome f in images.deny with input as {"spec": {"containers": [{"image": "nginx"}]}}
\tf.id == "ACME010"
}

test_tagged_image_allowed if {
\tcount(images.deny) == 0 with input as {"spec": {"containers": [{"image": "nginx:1.27"}]}}
}
`;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A command run without blocking the test worker (the hook install takes minutes). */
function run(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const available = preCommitAvailable();
if (!available.ok) console.warn(`test/precommit: skipping the pre-commit hook tests: ${available.reason}`);

describe.runIf(available.ok)('pre-commit hooks (real pre-commit, try-repo)', () => {
  let root: string;
  let hookRepo: string;
  let hookRev: string;
  let userRepo: string;
  let env: NodeJS.ProcessEnv;

  /** `pre-commit try-repo <this project> <hook>` on the staged files. */
  const tryRepo = (hook: string, ...args: string[]) =>
    run('pre-commit', ['try-repo', hookRepo, hook, '--ref', hookRev, ...args], { cwd: userRepo, env });

  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(userRepo, file)), { recursive: true });
    writeFileSync(join(userRepo, file), text);
  };

  /**
   * `git commit` in the sample repository, through the hooks `pre-commit
   * install` put there; `output` is what the user sees (git sends a hook's
   * standard output to standard error).
   */
  const commit = async (message: string) => {
    const r = await run('git', ['commit', '-m', message], { cwd: userRepo, env });
    return { status: r.status, output: r.stdout + r.stderr };
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'rtpolicy-precommit-'));
    hookRepo = join(root, 'rtpolicy');
    userRepo = join(root, 'shop');
    copyWorkingTree(hookRepo);
    hookRev = commitAll(hookRepo, 'rtpolicy snapshot', { force: true });
    env = {
      // A user's shell: none of the variables an enclosing `npm test` sets for its scripts.
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name))),
      ...GIT_IDENTITY,
      PRE_COMMIT_HOME: join(root, 'pre-commit-home'),
      NO_COLOR: '1',
      // Type errors are `npm test`'s to report (it builds strictly first); this is about the hook.
      RTPOLICY_BUILD_LENIENT: '1',
    };
    delete env.FORCE_COLOR;
    mkdirSync(userRepo);
    git(userRepo, 'init', '-q', '-b', 'main');
  });

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  // try-repo installs the hook into a temporary store on every call (minutes),
  // so it runs once, on a good and a bad manifest; the installed hooks below
  // are installed once into PRE_COMMIT_HOME and reused.
  it('try-repo: fails a bad manifest with the finding, and reports nothing on good ones', async () => {
    write('cluster/runtimeclasses.yaml', RUNTIME_CLASSES);
    write('apps/web.yaml', GOOD_DEPLOYMENT);
    write('apps/debug.yaml', PRIVILEGED_POD);
    git(userRepo, 'add', '-A');
    const tried = await tryRepo('rtpolicy');
    expect(tried.stdout).toMatch(/rtpolicy check\.+Failed/);
    expect(tried.status).toBe(1);
    const findings = tried.stdout
      .split('\n')
      .filter((line) => /^\S+:\d+:\d+ (error|warning|note) /.test(line));
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((line) => line.startsWith('apps/debug.yaml:'))).toBe(true);
    expect(findings).toContainEqual(expect.stringMatching(/^apps\/debug\.yaml:10:\d+ error .*\(RTC031\)$/));
    git(userRepo, 'reset', '-q');
    rmSync(join(userRepo, 'apps/debug.yaml'));
  }, 900_000);

  it('installed: lets a commit of good manifests through', async () => {
    write(
      '.pre-commit-config.yaml',
      `repos:\n  - repo: ${hookRepo}\n    rev: ${hookRev}\n    hooks:\n      - id: rtpolicy\n      - id: rtpolicy-test\n`,
    );
    expect((await run('pre-commit', ['install'], { cwd: userRepo, env })).status).toBe(0);
    git(userRepo, 'add', '-A');
    // The first commit installs the hook environment: minutes.
    const accepted = await commit('web on kata');
    expect(accepted.output).toMatch(/rtpolicy check\.+Passed/);
    expect(accepted.status).toBe(0);
  }, 900_000);

  it('installed: stops a commit of a bad manifest until it is fixed', async () => {
    const before = git(userRepo, 'rev-parse', 'HEAD');
    write('apps/debug.yaml', PRIVILEGED_POD);
    git(userRepo, 'add', '-A');
    const rejected = await commit('debug pod');
    expect(rejected.status).toBe(1);
    expect(rejected.output).toMatch(/rtpolicy check\.+Failed/);
    expect(rejected.output).toMatch(/^apps\/debug\.yaml:10:\d+ error .*\(RTC031\)$/m);
    expect(git(userRepo, 'rev-parse', 'HEAD')).toBe(before);

    write('apps/debug.yaml', PRIVILEGED_POD.replace('privileged: true', 'privileged: false'));
    git(userRepo, 'add', '-A');
    const accepted = await commit('debug pod');
    expect(accepted.output).toMatch(/rtpolicy check\.+Passed/);
    expect(accepted.status).toBe(0);
    expect(git(userRepo, 'rev-parse', 'HEAD')).not.toBe(before);
  }, 120_000);

  it('installed: rtpolicy-test runs the policy unit tests when a .rego file changes', async () => {
    write('policy/images.rego', POLICY);
    write('policy/images_test.rego', POLICY_TEST.replace('"nginx:1.27"', '"nginx"'));
    git(userRepo, 'add', '-A');
    const failing = await commit('image policy');
    expect(failing.status).toBe(1);
    expect(failing.output).toMatch(/rtpolicy test\.+Failed/);
    expect(failing.output).toContain('test_tagged_image_allowed');

    write('policy/images_test.rego', POLICY_TEST);
    git(userRepo, 'add', '-A');
    const passing = await commit('image policy');
    expect(passing.output).toMatch(/rtpolicy test\.+Passed/);
    expect(passing.status).toBe(0);
  }, 120_000);
});
