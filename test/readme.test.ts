// The README, followed as a new user would: in a fresh copy of the project
// (no node_modules, no lib/), run the set-up commands, then every `console`
// block after the `readme-test` marker in one shell session, and compare what
// each command prints with what the README shows. Finding lines are compared
// by location, severity and rule (the message wording belongs to the rule's
// author, and docs/rules/ documents it); durations are left out. The README's
// workflow, action inputs and pre-commit entry are checked against action.yml,
// `rtpolicy init` and .pre-commit-hooks.yaml.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { workflowText } from '../src/cli/init.js';
import { copyWorkingTree, repoRoot } from './precommit/snapshot.js';

const README = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };

/** The fenced blocks of the README, in order, with their info string. */
function fencedBlocks(markdown: string, from = 0): { lang: string; body: string }[] {
  const blocks = [];
  const fence = /^```(\S*)\n([\s\S]*?)^```$/gm;
  fence.lastIndex = from;
  for (let m = fence.exec(markdown); m; m = fence.exec(markdown)) blocks.push({ lang: m[1], body: m[2] });
  return blocks;
}

function section(title: string): string {
  const start = README.indexOf(`\n## ${title}\n`);
  if (start === -1) throw new Error(`README has no "## ${title}" section`);
  const end = README.indexOf('\n## ', start + 1);
  return README.slice(start, end === -1 ? undefined : end);
}

interface Step {
  command: string;
  expected: string[];
}

/** `$ command` lines and the output shown under each. */
function consoleSteps(body: string): Step[] {
  const steps: Step[] = [];
  for (const line of body.replace(/\n$/, '').split('\n')) {
    if (line.startsWith('$ ')) steps.push({ command: line.slice(2), expected: [] });
    else steps.at(-1)?.expected.push(line);
  }
  return steps;
}

const FINDING = /^(\S+:\d+:\d+ (?:error|warning|note)) .* \(([^()\s]+)\)$/;
const DURATION = /; \d+(?:\.\d+)? m?s$/;

/** A line as compared: findings by location, severity and rule; summaries without the time. */
function comparable(line: string): string {
  const finding = FINDING.exec(line);
  if (finding) return `${finding[1]} … (${finding[2]})`;
  return line.replace(DURATION, '; <time>');
}

/** A user's shell: no variables that an enclosing `npm test` set for its scripts. */
function userEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1' };
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(name) && !['FORCE_COLOR', 'INIT_CWD', 'CI'].includes(name)) env[name] = value;
  }
  return env;
}

function bash(script: string, cwd: string): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], {
      cwd,
      env: userEnvironment(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (output += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (output += c));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output }));
  });
}

/** npm's complaints about this machine's own npmrc are not rtpolicy's output. */
const withoutNpmNoise = (output: string) =>
  output
    .split('\n')
    .filter((line) => !line.startsWith('npm warn '))
    .join('\n');

describe('README, followed from a fresh copy', () => {
  let copy: string;

  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), 'rtpolicy-readme-'));
    copyWorkingTree(copy);
  });
  afterAll(() => {
    rmSync(copy, { recursive: true, force: true });
  });

  it('Set-up: each command does what its comment says', async () => {
    const [setup] = fencedBlocks(section('Set-up'));
    const lines = setup.body.trim().split('\n');
    expect(lines.map((l) => l.replace(/\s+#.*$/, ''))).toEqual([
      'npm ci && npx rtpolicy check examples',
      'npm test',
    ]);
    const install = await bash('npm ci', copy);
    expect(install.status, install.output).toBe(0);

    const check = await bash('npx rtpolicy check examples', copy);
    const claim = /(\d+) errors?, (\d+) warnings?, exit status (\d)/.exec(lines[0])!;
    expect(check.output).toMatch(new RegExp(`^${claim[1]} errors?, ${claim[2]} warnings?,`, 'm'));
    expect(check.status).toBe(Number(claim[3]));
    // `npm test` is this suite: CI runs it (.ci/run); running it here would recurse.
  }, 900_000);

  it('the console blocks print what the README shows', async () => {
    const marker = README.indexOf('<!-- readme-test:');
    expect(marker).toBeGreaterThan(-1);
    const steps = fencedBlocks(README, marker)
      .filter((b) => b.lang === 'console')
      .flatMap((b) => consoleSteps(b.body));
    expect(steps.length).toBeGreaterThan(5);
    // One shell session, as a reader types them: `cd` carries over.
    const script = steps.map((s, i) => `echo "@@step ${i}"; ${s.command}; echo "@@status $?"`).join('\n');
    const { output } = await bash(script, copy);
    const outputs = withoutNpmNoise(output)
      .split(/^@@step \d+\n/m)
      .slice(1);
    expect(outputs).toHaveLength(steps.length);
    steps.forEach((step, i) => {
      const [, printed, status] = /^([\s\S]*?)@@status (\d+)\n?$/.exec(outputs[i])!;
      const actual = printed === '' ? [] : printed.replace(/\n$/, '').split('\n');
      expect(actual.map(comparable), `output of \`${step.command}\``).toEqual(step.expected.map(comparable));
      expect(Number(status), `exit status of \`${step.command}\``).toBeLessThan(2);
    });
  }, 300_000);
});

describe('README, against the files it describes', () => {
  it('shows the workflow that `rtpolicy init --github-action` writes', () => {
    const workflow = fencedBlocks(section('Three ways to use it')).find(
      (b) => b.lang === 'yaml' && b.body.includes('upload-sarif'),
    );
    expect(parse(workflow!.body)).toEqual(parse(workflowText()));
    expect(workflow!.body).toContain(`rtpolicy/rtpolicy@v${version}`);
  });

  it('lists exactly the inputs of action.yml', () => {
    const inputs = Object.keys(parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8')).inputs);
    const table = [...section('Three ways to use it').matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]);
    expect(table).toEqual(inputs);
  });

  it('names hooks that .pre-commit-hooks.yaml defines, at this version', () => {
    const hooks = (
      parse(readFileSync(join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string }[]
    ).map((h) => h.id);
    const entry = fencedBlocks(section('Three ways to use it')).find(
      (b) => b.lang === 'yaml' && b.body.startsWith('repos:'),
    );
    const [repo] = parse(entry!.body).repos;
    expect(repo.rev).toBe(`v${version}`);
    expect(repo.hooks.map((h: { id: string }) => h.id)).toEqual(hooks);
  });
});
