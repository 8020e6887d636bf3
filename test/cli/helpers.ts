// Runs the built CLI (bin/rtpolicy.js -> lib/) as users do. Build first:
// `RTPOLICY_BUILD_LENIENT=1 node scripts/build.mjs` (`npm test` builds).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const root = resolve('.');
export const fixtures = join(root, 'fixtures/engine');
const bin = join(root, 'bin/rtpolicy.js');

if (!existsSync(join(root, 'lib/cli/check.js'))) {
  throw new Error('lib/ is not built: run `RTPOLICY_BUILD_LENIENT=1 node scripts/build.mjs` first');
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  input?: string | Buffer;
}

/** `rtpolicy ...args`, with colour off and the given environment on top of ours. */
export function rtpolicy(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: options.cwd ?? root,
      env: {
        ...process.env,
        NO_COLOR: '1',
        FORCE_COLOR: undefined,
        GITHUB_ACTIONS: undefined,
        ...options.env,
      },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (status) =>
      resolvePromise({
        status,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
    child.stdin.end(options.input ?? '');
  });
}
