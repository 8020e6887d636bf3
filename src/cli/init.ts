// `rtpolicy init [dir]`: writes a commented rtpolicy.yaml (every setting at
// its default) and, when asked, the GitHub workflow and the pre-commit
// configuration that run rtpolicy. An existing file is never overwritten
// without --force: it is kept, and the command says what to add by hand.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Command } from 'commander';
import { CONFIG_FILE_NAMES, DEFAULT_CONFIG_TEXT } from '../config/index.js';
import { REPOSITORY_URL, VERSION } from '../engine/tool.js';

interface InitFlags {
  githubAction?: boolean;
  preCommit?: boolean;
  force?: boolean;
}

const EXAMPLES = `
Examples:
  $ rtpolicy init                                  # rtpolicy.yaml in this directory
  $ rtpolicy init --github-action --pre-commit     # ...and the CI workflow and pre-commit hook
  $ rtpolicy init --force deploy/                  # overwrite deploy/rtpolicy.yaml

The workflow (.github/workflows/rtpolicy.yml) and .pre-commit-config.yaml go
to the root of the git repository that holds the directory.`;

/** The GitHub repository `owner/name` that `uses:` and pre-commit's `repo:` name. */
const ACTION_REPOSITORY = new URL(REPOSITORY_URL).pathname.replace(/^\//, '');
const RELEASE_TAG = `v${VERSION}`;

/**
 * Where rtpolicy.yaml sits in the repository, when not at its root: the
 * action and the hook run from the root, so they are told where to look.
 */
interface Placement {
  /** The directory of rtpolicy.yaml, relative to the repository root, with `/`. */
  dir: string;
}

export function workflowText(placement?: Placement): string {
  const scope = placement
    ? `          paths: ${placement.dir}\n          config: ${placement.dir}/rtpolicy.yaml\n`
    : '          paths: .\n';
  return `# rtpolicy on pull requests and on main: annotations on the diff, a job
# summary, and the findings in GitHub code scanning (Security tab).
name: rtpolicy

on:
  pull_request:
  push:
    branches: [main]

permissions:
  contents: read

jobs:
  rtpolicy:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      security-events: write # upload-sarif
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0 # only-changed compares the pull request's base and head
      - uses: ${ACTION_REPOSITORY}@${RELEASE_TAG}
        id: rtpolicy
        with:
${scope}          only-changed: \${{ github.event_name == 'pull_request' }}
          # fail-level: warning
          # policy: policy/
      - uses: github/codeql-action/upload-sarif@v3
        if: \${{ !cancelled() && steps.rtpolicy.outputs.sarif-file != '' }}
        with:
          sarif_file: \${{ steps.rtpolicy.outputs.sarif-file }}
          category: rtpolicy
`;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The `repos:` entry for rtpolicy's hooks. */
export function preCommitRepoEntry(placement?: Placement): string {
  const scope = placement
    ? `        files: '^${escapeRegExp(placement.dir)}/.*\\.(ya?ml|json|toml)$'\n        args: [--config, ${placement.dir}/rtpolicy.yaml]\n`
    : '';
  return `  - repo: ${REPOSITORY_URL}
    rev: ${RELEASE_TAG}
    hooks:
      - id: rtpolicy
${scope}      # - id: rtpolicy-test # runs \`rtpolicy test\` when a .rego file changes
`;
}

export function preCommitText(placement?: Placement): string {
  return `# pre-commit (https://pre-commit.com): run \`pre-commit install\` once, and
# every commit that touches a manifest is checked by rtpolicy first.
repos:
${preCommitRepoEntry(placement)}`;
}

export interface InitOptions {
  /** Where rtpolicy.yaml goes (default: the working directory). */
  dir?: string;
  githubAction?: boolean;
  preCommit?: boolean;
  force?: boolean;
  /** Receives the lines to show (default: standard output). */
  print?: (line: string) => void;
}

interface PlannedFile {
  path: string;
  text: string;
  /** What to do instead when the file exists and --force is not given. */
  whenKept: string;
}

/** The root of the git work tree holding `dir`, or `dir` when it is in none. */
function repositoryRoot(dir: string): string {
  for (let current = dir; ; current = dirname(current)) {
    if (existsSync(join(current, '.git'))) return current;
    if (dirname(current) === current) return dir;
  }
}

/** Writes the files; resolves to the exit status (0, or 2 when a file cannot be written). */
export function runInit(options: InitOptions = {}): number {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const cwd = process.cwd();
  const dir = resolve(options.dir ?? '.');
  const root = repositoryRoot(dir);
  const shown = (path: string) => relative(cwd, path) || '.';

  const inRoot = relative(root, dir);
  const placement = inRoot === '' ? undefined : { dir: inRoot.split(sep).join('/') };
  const existingConfig = CONFIG_FILE_NAMES.map((name) => join(dir, name)).find((p) => existsSync(p));
  const planned: PlannedFile[] = [
    {
      path: options.force || existingConfig === undefined ? join(dir, 'rtpolicy.yaml') : existingConfig,
      text: DEFAULT_CONFIG_TEXT,
      whenKept: 'rtpolicy init --force replaces it with the commented defaults',
    },
  ];
  if (options.githubAction) {
    planned.push({
      path: join(root, '.github', 'workflows', 'rtpolicy.yml'),
      text: workflowText(placement),
      whenKept: 'compare it with the workflow in the README, or rerun with --force to replace it',
    });
  }
  if (options.preCommit) {
    planned.push({
      path: join(root, '.pre-commit-config.yaml'),
      text: preCommitText(placement),
      whenKept: `add this entry under its repos:\n${preCommitRepoEntry(placement).trimEnd()}`,
    });
  }

  let status = 0;
  const written: string[] = [];
  for (const file of planned) {
    if (!options.force && existsSync(file.path)) {
      print(`kept ${shown(file.path)}: it exists; ${file.whenKept}`);
      continue;
    }
    try {
      mkdirSync(dirname(file.path), { recursive: true });
      writeFileSync(file.path, file.text);
      written.push(file.path);
      print(`wrote ${shown(file.path)}`);
    } catch (err) {
      process.stderr.write(
        `rtpolicy init: cannot write ${shown(file.path)}: ${(err as Error).message}; check the directory's permissions or pick another with rtpolicy init DIR\n`,
      );
      status = 2;
    }
  }
  if (written.length > 0) for (const line of ['', ...nextSteps(written, shown(dir))]) print(line);
  return status;
}

function nextSteps(written: string[], dir: string): string[] {
  const step = (command: string, why: string) => `  ${command.padEnd(44)} ${why}`;
  const steps = ['Next:', step(`rtpolicy check ${dir}`, 'check the manifests')];
  for (const file of written) {
    if (file.endsWith('.pre-commit-config.yaml'))
      steps.push(step('pre-commit install', 'check every commit'));
    if (file.endsWith('rtpolicy.yml'))
      steps.push(step(`git add ${relative(process.cwd(), file)}`, 'check every pull request'));
  }
  return steps;
}

/** The `init` command; `setStatus` receives the exit status. */
export function initCommand(setStatus: (code: number) => void): Command {
  return new Command('init')
    .description('write a commented rtpolicy.yaml, and optionally a GitHub workflow and a pre-commit config')
    .argument('[dir]', 'directory for rtpolicy.yaml (default: .)')
    .option('--github-action', 'also write .github/workflows/rtpolicy.yml')
    .option('--pre-commit', 'also write .pre-commit-config.yaml')
    .option('--force', 'overwrite files that exist')
    .addHelpText('after', EXAMPLES)
    .action((dir: string | undefined, flags: InitFlags) => {
      setStatus(runInit({ ...flags, dir }));
    });
}
