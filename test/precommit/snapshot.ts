// A copy of this working tree as a fresh clone would have it once committed:
// sources, dist/ and docs, without installed or built files (node_modules,
// lib/) and without local caches. Tests that install rtpolicy the way a
// user does (pre-commit, the README's commands) start from it.
import { execFileSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..');

/** Top-level entries a clone does not have: build outputs, caches, test output. */
const NOT_IN_A_CLONE = new Set([
  '.git',
  'lib',
  'coverage',
  'test-results.json',
  '.rtpolicy-cache',
  '.scratch',
  'tmp',
]);

export function copyWorkingTree(dest: string): void {
  cpSync(repoRoot, dest, {
    recursive: true,
    filter: (source) => {
      const rel = relative(repoRoot, source);
      if (rel === '') return true;
      const [top] = rel.split(sep);
      const name = basename(source);
      return !NOT_IN_A_CLONE.has(top) && name !== 'node_modules' && !name.endsWith('.tsbuildinfo');
    },
  });
}

const GIT_IDENTITY = {
  GIT_AUTHOR_NAME: 'rtpolicy test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'rtpolicy test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

/** Runs git in `cwd` with a fixed identity; returns its trimmed standard output. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...GIT_IDENTITY },
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

/**
 * `git init` (when needed) and one commit of everything in `dir`; returns the
 * commit. `force` adds ignored files too: a copy made by copyWorkingTree()
 * holds exactly what is meant to be committed.
 */
export function commitAll(dir: string, message: string, options: { force?: boolean } = {}): string {
  if (!gitDirExists(dir)) git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A', ...(options.force ? ['--force'] : []));
  git(dir, 'commit', '-q', '--no-verify', '-m', message);
  return git(dir, 'rev-parse', 'HEAD');
}

function gitDirExists(dir: string): boolean {
  try {
    return git(dir, 'rev-parse', '--show-toplevel') === dir;
  } catch {
    return false;
  }
}

export { GIT_IDENTITY };
