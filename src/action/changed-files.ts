// The files a pull request changes, for the `only-changed` input: the base
// and head commits come from the event payload (GITHUB_EVENT_PATH), the file
// list from `git diff --name-only base...head` in the checkout (what GitHub's
// "Files changed" tab shows: changes on the head branch since the merge base).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export type ChangedFiles =
  | { kind: 'changed'; base: string; head: string; root: string; files: Set<string> }
  /** Why every file is checked instead, for a notice in the log. */
  | { kind: 'all'; reason: string };

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target']);

interface PullRequestEvent {
  pull_request?: { base?: { sha?: unknown }; head?: { sha?: unknown } };
}

function git(args: string[], cwd: string): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The first line git printed on standard error, for a notice. */
function gitProblem(err: unknown): string {
  const stderr = (err as { stderr?: string }).stderr?.trim();
  return stderr ? stderr.split('\n')[0] : (err as Error).message;
}

/**
 * The absolute paths of the files added or modified by the pull request that
 * triggered the run, or why that cannot be known (not a pull request, no
 * payload, history too shallow for the merge base).
 */
export function pullRequestChangedFiles(env: {
  workspace: string;
  eventName?: string;
  eventPath?: string;
}): ChangedFiles {
  if (!env.eventName || !PULL_REQUEST_EVENTS.has(env.eventName)) {
    return {
      kind: 'all',
      reason: `only-changed applies to pull_request events, not '${env.eventName ?? ''}'`,
    };
  }
  if (!env.eventPath) return { kind: 'all', reason: 'GITHUB_EVENT_PATH is not set' };
  let event: PullRequestEvent;
  try {
    event = JSON.parse(readFileSync(env.eventPath, 'utf8')) as PullRequestEvent;
  } catch (err) {
    return { kind: 'all', reason: `cannot read the event payload: ${(err as Error).message}` };
  }
  const base = event.pull_request?.base?.sha;
  const head = event.pull_request?.head?.sha;
  if (typeof base !== 'string' || typeof head !== 'string') {
    return { kind: 'all', reason: 'the event payload has no pull_request.base.sha and head.sha' };
  }
  let root: string;
  let listing: string;
  try {
    root = git(['rev-parse', '--show-toplevel'], env.workspace).trim();
    listing = git(
      ['diff', '--name-only', '-z', '--no-renames', '--diff-filter=d', `${base}...${head}`],
      root,
    );
  } catch (err) {
    return {
      kind: 'all',
      reason: `git cannot compare ${base.slice(0, 12)}...${head.slice(0, 12)} (${gitProblem(err)}); check out with fetch-depth: 0 to limit the check to changed files`,
    };
  }
  const files = new Set(
    listing
      .split('\0')
      .filter((name) => name !== '')
      .map((name) => resolve(root, name)),
  );
  return { kind: 'changed', base, head, root, files };
}
