import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../src/engine/exit-status.js';
import { parseOutputTargets, render, writeReports } from '../../src/report/index.js';
import { sampleReport } from './sample-report.js';

describe('parseOutputTargets', () => {
  it('defaults to text on standard output', () => {
    expect(parseOutputTargets([])).toEqual([{ format: 'text' }]);
    expect(parseOutputTargets([], 'out.txt')).toEqual([{ format: 'text', file: 'out.txt' }]);
  });

  it('takes FORMAT or FORMAT=FILE, several times, with - for standard output', () => {
    expect(parseOutputTargets(['text', 'sarif=out/results.sarif', 'junit=junit.xml', 'github'])).toEqual([
      { format: 'text' },
      { format: 'sarif', file: 'out/results.sarif' },
      { format: 'junit', file: 'junit.xml' },
      { format: 'github' },
    ]);
    expect(parseOutputTargets(['json=-'])).toEqual([{ format: 'json' }]);
    expect(parseOutputTargets(['sarif=a=b.sarif'])).toEqual([{ format: 'sarif', file: 'a=b.sarif' }]);
  });

  it('sends a single format to --output-file', () => {
    expect(parseOutputTargets(['json'], 'report.json')).toEqual([{ format: 'json', file: 'report.json' }]);
    expect(parseOutputTargets(['json'], '-')).toEqual([{ format: 'json' }]);
  });

  it('lets github share standard output with one document format', () => {
    expect(parseOutputTargets(['github', 'text'])).toEqual([{ format: 'github' }, { format: 'text' }]);
  });

  const usageError = (formats: string[], outputFile?: string) => {
    try {
      parseOutputTargets(formats, outputFile);
    } catch (err) {
      expect(err).toBeInstanceOf(UsageError);
      return (err as Error).message;
    }
    throw new Error(`no usage error for ${JSON.stringify([formats, outputFile])}`);
  };

  it('rejects mistakes with messages that say what to write instead', () => {
    expect(usageError(['xml'])).toBe(
      "unknown --format 'xml': expected text, json, sarif, github or junit, optionally followed by =FILE",
    );
    expect(usageError(['sarif='])).toBe('--format sarif= names no file: write --format sarif=FILE');
    expect(usageError(['text', 'json'])).toBe(
      'only one format can write to standard output, but text and json both do; give the others a file, e.g. --format json=report.json',
    );
    expect(usageError(['text', 'sarif'], 'x.out')).toBe(
      '--output-file applies to a single --format; with several formats give each its own file, e.g. --format sarif=report.sarif',
    );
    expect(usageError(['sarif=a.sarif'], 'b.sarif')).toBe(
      '--format sarif=a.sarif already names a file; drop --output-file b.sarif',
    );
    expect(usageError(['github=gh.txt'])).toMatch(
      /^--format github writes workflow commands to standard output/,
    );
    expect(usageError(['github'], 'gh.txt')).toMatch(/^--format github writes workflow commands/);
    expect(usageError(['json=r.out', 'sarif=./r.out'])).toBe(
      '--format json and --format sarif both write to ./r.out',
    );
    expect(usageError(['json'], '')).toBe('--output-file needs a file name');
  });
});

describe('writeReports', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rtpolicy-outputs-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  function fakeStdout(isTTY: boolean) {
    const chunks: string[] = [];
    return {
      chunks,
      stream: Object.assign(
        {
          write: (chunk: string) => {
            chunks.push(chunk);
            return true;
          },
        } as unknown as NodeJS.WritableStream,
        { isTTY, hasColors: () => isTTY },
      ),
    };
  }

  it('writes each format to its file (creating directories) and one to standard output', async () => {
    vi.stubEnv('FORCE_COLOR', undefined);
    vi.stubEnv('NO_COLOR', undefined);
    const report = sampleReport();
    const stdout = fakeStdout(true);
    const targets = parseOutputTargets([
      'text',
      `sarif=${join(dir, 'nested/dir/out.sarif')}`,
      `junit=${join(dir, 'out.xml')}`,
    ]);
    await writeReports(report, targets, { stdout: stdout.stream });
    expect(await readFile(join(dir, 'nested/dir/out.sarif'), 'utf8')).toBe(render(report, 'sarif'));
    expect(await readFile(join(dir, 'out.xml'), 'utf8')).toBe(render(report, 'junit'));
    // Standard output is a colour terminal here: the text is coloured.
    expect(stdout.chunks).toEqual([render(report, 'text', { color: true })]);
  });

  it('never colours text written to a file or a pipe', async () => {
    vi.stubEnv('FORCE_COLOR', undefined);
    const report = sampleReport();
    const pipe = fakeStdout(false);
    await writeReports(report, parseOutputTargets(['text']), {
      stdout: pipe.stream,
    });
    expect(pipe.chunks).toEqual([render(report, 'text')]);
    await writeReports(report, parseOutputTargets([`text=${join(dir, 'out.txt')}`]), {
      stdout: fakeStdout(true).stream,
    });
    expect(await readFile(join(dir, 'out.txt'), 'utf8')).not.toContain('\x1b');
  });

  it('turns an unwritable output file into a usage error', async () => {
    const blocked = join(dir, 'out.xml', 'inside.json'); // out.xml is a file, not a directory
    await writeReports(sampleReport(), parseOutputTargets([`junit=${join(dir, 'out.xml')}`]), {});
    await expect(writeReports(sampleReport(), parseOutputTargets([`json=${blocked}`]), {})).rejects.toThrow(
      new RegExp(`^cannot write the json report to ${blocked.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `),
    );
  });

  it('publishes github output through workflow commands on process.stdout', async () => {
    vi.stubEnv('GITHUB_STEP_SUMMARY', undefined);
    vi.stubEnv('GITHUB_WORKSPACE', undefined);
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    await writeReports(sampleReport(), parseOutputTargets(['github']), {});
    expect(written.join('').match(/^::(error|warning|notice) /gm)).toHaveLength(4);
  });
});
