// `rtpolicy init` through the built CLI: the commented config, the workflow
// and pre-commit files (checked against action.yml and .pre-commit-hooks.yaml
// so that what init writes stays runnable), and never overwriting.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_CONFIG_TEXT } from '../../src/config/index.js';
import { root, rtpolicy } from './helpers.js';

let dir: string;
let n = 0;
/** A fresh directory (a git work tree when `git` is set) for one test. */
async function workspace(options: { git?: boolean } = {}): Promise<string> {
  const ws = join(dir, `ws${n++}`);
  await mkdir(options.git ? join(ws, '.git') : ws, { recursive: true });
  return ws;
}

const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };
const actionInputs = Object.keys(parse(await readFile(join(root, 'action.yml'), 'utf8')).inputs);
const hookIds = (parse(await readFile(join(root, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string }[]).map(
  (h) => h.id,
);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rtpolicy-init-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('rtpolicy init', () => {
  it('writes the commented default rtpolicy.yaml, which rtpolicy check accepts', async () => {
    const ws = await workspace();
    const { status, stdout, stderr } = await rtpolicy(['init'], { cwd: ws });
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout.split('\n')[0]).toBe('wrote rtpolicy.yaml');
    expect(stdout).toContain('rtpolicy check .');
    expect(await readFile(join(ws, 'rtpolicy.yaml'), 'utf8')).toBe(DEFAULT_CONFIG_TEXT);

    await writeFile(
      join(ws, 'pod.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: nginx:1.27}]\n',
    );
    const checked = await rtpolicy(['check'], { cwd: ws });
    expect(checked.stderr).toBe('');
    expect(checked.stdout).toMatch(/^0 errors, 0 warnings, 0 notes; checked \d+ files?, 1 document/m);
  });

  it('keeps an existing file unless --force is given', async () => {
    const ws = await workspace();
    await writeFile(join(ws, 'rtpolicy.yaml'), 'failLevel: warning\n');
    const kept = await rtpolicy(['init'], { cwd: ws });
    expect(kept.status).toBe(0);
    expect(kept.stdout).toBe(
      'kept rtpolicy.yaml: it exists; rtpolicy init --force replaces it with the commented defaults\n',
    );
    expect(await readFile(join(ws, 'rtpolicy.yaml'), 'utf8')).toBe('failLevel: warning\n');

    const forced = await rtpolicy(['init', '--force'], { cwd: ws });
    expect(forced.status).toBe(0);
    expect(forced.stdout).toContain('wrote rtpolicy.yaml');
    expect(await readFile(join(ws, 'rtpolicy.yaml'), 'utf8')).toBe(DEFAULT_CONFIG_TEXT);
  });

  it('keeps a config under another accepted name', async () => {
    const ws = await workspace();
    await writeFile(join(ws, '.rtpolicy.yml'), 'failLevel: note\n');
    const kept = await rtpolicy(['init'], { cwd: ws });
    expect(kept.stdout).toContain('kept .rtpolicy.yml: it exists');
    expect(await readFile(join(ws, '.rtpolicy.yml'), 'utf8')).toBe('failLevel: note\n');
  });

  it('writes a workflow that uses this action with inputs it has, and a pre-commit config with its hooks', async () => {
    const ws = await workspace({ git: true });
    const { status, stdout } = await rtpolicy(['init', '--github-action', '--pre-commit'], { cwd: ws });
    expect(status).toBe(0);
    expect(stdout).toContain('wrote .github/workflows/rtpolicy.yml');
    expect(stdout).toContain('wrote .pre-commit-config.yaml');
    expect(stdout).toContain('pre-commit install');

    const workflow = parse(await readFile(join(ws, '.github/workflows/rtpolicy.yml'), 'utf8'));
    expect(Object.keys(workflow.on)).toEqual(['pull_request', 'push']);
    const job = workflow.jobs.rtpolicy;
    expect(job.permissions['security-events']).toBe('write');
    const [checkout, step, upload] = job.steps;
    expect(checkout).toEqual({ uses: 'actions/checkout@v4', with: { 'fetch-depth': 0 } });
    expect(step.uses).toBe(`rtpolicy/rtpolicy@v${version}`);
    expect(Object.keys(step.with).every((input) => actionInputs.includes(input))).toBe(true);
    expect(step.with.paths).toBe('.');
    expect(upload.uses).toBe('github/codeql-action/upload-sarif@v3');
    expect(upload.with.sarif_file).toBe(`\${{ steps.${step.id}.outputs.sarif-file }}`);

    const config = parse(await readFile(join(ws, '.pre-commit-config.yaml'), 'utf8'));
    expect(config.repos).toEqual([
      { repo: 'https://github.com/rtpolicy/rtpolicy', rev: `v${version}`, hooks: [{ id: 'rtpolicy' }] },
    ]);
    expect(hookIds).toContain('rtpolicy');
    expect(await readFile(join(ws, '.pre-commit-config.yaml'), 'utf8')).toContain('# - id: rtpolicy-test');
    expect(hookIds).toContain('rtpolicy-test');
  });

  it('from a subdirectory, puts the workflow and hook config at the repository root, scoped to it', async () => {
    const ws = await workspace({ git: true });
    await mkdir(join(ws, 'k8s'));
    const { status, stdout } = await rtpolicy(['init', '--github-action', '--pre-commit'], {
      cwd: join(ws, 'k8s'),
    });
    expect(status).toBe(0);
    expect(stdout).toContain('wrote ../.github/workflows/rtpolicy.yml');
    expect(await readFile(join(ws, 'k8s', 'rtpolicy.yaml'), 'utf8')).toBe(DEFAULT_CONFIG_TEXT);

    const step = parse(await readFile(join(ws, '.github/workflows/rtpolicy.yml'), 'utf8')).jobs.rtpolicy
      .steps[1];
    expect(step.with).toMatchObject({ paths: 'k8s', config: 'k8s/rtpolicy.yaml' });
    const [hook] = parse(await readFile(join(ws, '.pre-commit-config.yaml'), 'utf8')).repos[0].hooks;
    expect(hook.args).toEqual(['--config', 'k8s/rtpolicy.yaml']);
    const files = new RegExp(hook.files);
    expect(['k8s/a.yaml', 'k8s/b/c.json', 'k8s/containerd.toml'].every((f) => files.test(f))).toBe(true);
    expect(['other/a.yaml', 'k8s/README.md'].some((f) => files.test(f))).toBe(false);
  });

  it('keeps an existing .pre-commit-config.yaml and prints the entry to add', async () => {
    const ws = await workspace({ git: true });
    await writeFile(join(ws, '.pre-commit-config.yaml'), 'repos: []\n');
    const { status, stdout } = await rtpolicy(['init', '--pre-commit'], { cwd: ws });
    expect(status).toBe(0);
    expect(stdout).toContain('kept .pre-commit-config.yaml: it exists; add this entry under its repos:');
    expect(stdout).toContain(`  - repo: https://github.com/rtpolicy/rtpolicy\n    rev: v${version}\n`);
    expect(await readFile(join(ws, '.pre-commit-config.yaml'), 'utf8')).toBe('repos: []\n');
  });

  it('says what to do when a file cannot be written', async () => {
    const ws = await workspace({ git: true });
    await writeFile(join(ws, '.github'), 'a file where the directory should be');
    const { status, stderr } = await rtpolicy(['init', '--github-action'], { cwd: ws });
    expect(status).toBe(2);
    expect(stderr).toMatch(
      /^rtpolicy init: cannot write \.github\/workflows\/rtpolicy\.yml: .+; check the directory's permissions/,
    );
  });

  it('then `rtpolicy check` from any directory below uses that rtpolicy.yaml and checks that directory', async () => {
    const ws = await workspace({ git: true });
    await mkdir(join(ws, 'apps', 'web'), { recursive: true });
    // A cluster-provided class: known only through the config found above.
    await writeFile(
      join(ws, 'rtpolicy.yaml'),
      'failLevel: warning\nruntimeClasses:\n  gvisor:\n    handler: runsc\n    sandbox: gvisor\n',
    );
    const pod = (runtimeClass: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  runtimeClassName: ${runtimeClass}\n  containers: [{name: c, image: nginx:1.27}]\n`;
    await writeFile(join(ws, 'apps', 'web', 'pod.yaml'), pod('gvisor'));
    await writeFile(join(ws, 'apps', 'other.yaml'), pod('missing'));

    const inWeb = await rtpolicy(['check'], { cwd: join(ws, 'apps', 'web') });
    expect(inWeb.stdout).not.toContain('RTC010');
    expect(inWeb.stdout).toMatch(/checked 1 file, 1 document/);

    const inApps = await rtpolicy(['check'], { cwd: join(ws, 'apps') });
    expect(inApps.stdout).toMatch(/^other\.yaml:\d+:\d+ error .*\(RTC010\)$/m);
    expect(inApps.stdout).not.toMatch(/^web\/pod\.yaml:\d+:\d+ error .*\(RTC010\)$/m);
    expect(inApps.status).toBe(1);
  });

  it('has examples in its help, and the global help lists it', async () => {
    const help = await rtpolicy(['init', '--help']);
    expect(help.stdout).toContain('$ rtpolicy init --github-action --pre-commit');
    const global = await rtpolicy(['--help']);
    expect(global.stdout).toMatch(/^ {2}init \[options\] \[dir\]/m);
    expect(global.stdout).toContain('Examples:');
  });
});
