// Runs the bundled action (dist/index.js) the way a GitHub runner does: a
// fresh `node` process in the workspace, inputs as INPUT_<NAME> variables
// (upper-cased, spaces to `_`, hyphens kept), the event payload in a file,
// and the step's outputs and summary collected from the files the runner
// would read back.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..');
export const actionEntry = join(repoRoot, 'dist', 'index.js');

export interface RunnerFiles {
  /** The checkout (GITHUB_WORKSPACE). */
  workspace: string;
  /** Directory for the runner's own files (event, outputs, summary, caches). */
  runnerTemp: string;
}

export interface ActionRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** GITHUB_OUTPUT, parsed (`name<<delimiter` blocks). */
  outputs: Record<string, string>;
  /** GITHUB_STEP_SUMMARY as written. */
  summary: string;
}

/** The name the runner gives an input's variable: `fail-level` -> `INPUT_FAIL-LEVEL`. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/** Defaults from action.yml, as the runner fills in inputs a workflow leaves out. */
const ACTION_DEFAULTS: Record<string, string> = {
  paths: '.',
  policy: '',
  config: '',
  'fail-level': '',
  'sarif-file': 'rtpolicy.sarif',
  annotations: 'true',
  'only-changed': 'false',
  'kubernetes-version': '',
  version: '',
};

export function runBundledAction(
  files: RunnerFiles,
  options: { inputs?: Record<string, string>; eventName?: string; event?: unknown; sha?: string } = {},
): ActionRun {
  const eventPath = join(files.runnerTemp, 'event.json');
  const outputPath = join(files.runnerTemp, 'output.txt');
  const summaryPath = join(files.runnerTemp, 'summary.md');
  writeFileSync(eventPath, JSON.stringify(options.event ?? {}));
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: files.runnerTemp,
    XDG_CACHE_HOME: join(files.runnerTemp, 'cache'),
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: files.workspace,
    GITHUB_EVENT_NAME: options.eventName ?? 'pull_request',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_SHA: options.sha ?? 'f'.repeat(40),
    RUNNER_TEMP: files.runnerTemp,
  };
  for (const [name, value] of Object.entries({ ...ACTION_DEFAULTS, ...options.inputs })) {
    env[inputVariable(name)] = value;
  }
  const r = spawnSync(process.execPath, [actionEntry], { cwd: files.workspace, env, encoding: 'utf8' });
  return {
    status: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    outputs: parseOutputFile(readFileSync(outputPath, 'utf8')),
    summary: readFileSync(summaryPath, 'utf8'),
  };
}

/** The runner's GITHUB_OUTPUT format: `name<<DELIM\nvalue\nDELIM` per output. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]);
    if (!m) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]);
    outputs[m[1]] = value.join('\n');
  }
  return outputs;
}

/** Workflow commands on stdout: `::error file=a.yaml,line=3::message` -> {command, properties, message}. */
export function workflowCommands(
  stdout: string,
): { command: string; properties: Record<string, string>; message: string }[] {
  const decode = (s: string) =>
    s
      .replace(/%3A/g, ':')
      .replace(/%2C/g, ',')
      .replace(/%0D/g, '\r')
      .replace(/%0A/g, '\n')
      .replace(/%25/g, '%');
  const commands = [];
  for (const line of stdout.split('\n')) {
    const m = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!m) continue;
    const properties: Record<string, string> = {};
    for (const pair of (m[2] ?? '').split(',').filter(Boolean)) {
      const eq = pair.indexOf('=');
      properties[pair.slice(0, eq)] = decode(pair.slice(eq + 1));
    }
    commands.push({ command: m[1], properties, message: decode(m[3]) });
  }
  return commands;
}
