// The terminal progress indicator (src/cli/progress.ts): drawn after a
// second on a TTY only, erased before any other output, and gone at the end;
// then through a real pseudo-terminal (util-linux `script`) around the CLI.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startProgress } from '../../src/cli/progress.js';
import { root } from './helpers.js';

/** A stand-in for a terminal stream that records what is written to it. */
function fakeTerminal(columns = 60): NodeJS.WriteStream & { text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  }) as unknown as NodeJS.WriteStream & { text: () => string };
  Object.assign(stream, { isTTY: true, columns, text: () => chunks.join('') });
  return stream;
}

const ERASE = '\r\x1b[K';

describe('startProgress', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('draws nothing for a run under a second', () => {
    const terminal = fakeTerminal();
    const progress = startProgress({
      label: 'rtpolicy check',
      stream: terminal,
      interceptStreams: [],
      enabled: true,
    });
    vi.advanceTimersByTime(900);
    progress.stop();
    expect(terminal.text()).toBe('');
  });

  it('after a second, draws the elapsed time and status, erases itself before other output, and at the end', () => {
    const terminal = fakeTerminal();
    const out = fakeTerminal();
    const originalWrite = out.write;
    const progress = startProgress({
      label: 'rtpolicy check',
      stream: terminal,
      interceptStreams: [out],
      enabled: true,
    });
    vi.advanceTimersByTime(1000);
    expect(terminal.text()).toBe(`${ERASE}⠋ rtpolicy check 1.0s`);
    progress.update('inventory pass');
    vi.advanceTimersByTime(100);
    expect(terminal.text().endsWith(`${ERASE}⠙ rtpolicy check 1.1s inventory pass`)).toBe(true);

    // A report line on another stream first erases the indicator's line.
    const before = terminal.text().length;
    out.write('deploy/a.yaml:3:5 error ...\n');
    expect(terminal.text().slice(before)).toBe(ERASE);
    expect(out.text()).toBe('deploy/a.yaml:3:5 error ...\n');

    vi.advanceTimersByTime(100);
    expect(terminal.text().endsWith('rtpolicy check 1.2s inventory pass')).toBe(true);
    progress.stop();
    expect(terminal.text().endsWith(ERASE)).toBe(true);
    expect(out.write).toBe(originalWrite);
    const after = terminal.text().length;
    vi.advanceTimersByTime(1000);
    expect(terminal.text().length).toBe(after);
  });

  it('never draws a line wider than the terminal', () => {
    const terminal = fakeTerminal(20);
    const progress = startProgress({
      label: 'rtpolicy check',
      stream: terminal,
      interceptStreams: [],
      enabled: true,
    });
    progress.update('a status far too long for twenty columns');
    vi.advanceTimersByTime(1000);
    progress.stop();
    const drawn = terminal.text().split(ERASE).filter(Boolean);
    expect(drawn.length).toBeGreaterThan(0);
    expect(drawn.every((line) => line.length <= 19)).toBe(true);
  });

  it('is off when the stream is not a terminal', () => {
    const terminal = fakeTerminal();
    terminal.isTTY = false;
    const progress = startProgress({ label: 'rtpolicy check', stream: terminal, interceptStreams: [] });
    vi.advanceTimersByTime(2000);
    progress.stop();
    expect(terminal.text()).toBe('');
  });
});

describe('the CLI at a terminal', () => {
  const hasScript = spawnSync('script', ['--version']).status === 0;

  it.runIf(hasScript)('shows the indicator on a slow run and leaves the report intact', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rtpolicy-progress-'));
    try {
      // Compiling a policy without the cache takes seconds: long enough to see the indicator.
      writeFileSync(
        join(dir, 'policy.rego'),
        'package acme\n\nimport rego.v1\n\ndeny contains msg if {\n\tinput.kind == "Pod"\n\tmsg := "no pods here"\n}\n',
      );
      writeFileSync(join(dir, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n');
      const command = `node ${join(root, 'bin/rtpolicy.js')} check --no-cache --no-builtin --policy policy.rego pod.yaml`;
      const started = Date.now();
      const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm', NO_COLOR: '1' };
      delete env.CI;
      delete env.FORCE_COLOR;
      const r = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: dir, encoding: 'utf8', env });
      const elapsed = Date.now() - started;
      const screen = r.stdout;
      expect(screen).toMatch(/pod\.yaml:1:1 error no pods here \(\S+\)\r?\n/);
      // Report lines never carry spinner remnants.
      for (const line of screen.split(/\r?\n/).filter((l) => l.includes('pod.yaml:'))) {
        expect(line.startsWith('pod.yaml:') || line.startsWith(ERASE)).toBe(true);
      }
      if (elapsed > 1500) expect(screen).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] rtpolicy check \d+\.\ds/);
      if (elapsed < 900) expect(screen).not.toContain('rtpolicy check ');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
