import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Report } from '../../src/engine/types.js';
import { type DocumentFormat, publishGitHub, render } from '../../src/report/index.js';
import { sampleReport } from './sample-report.js';

const DOCUMENT_FORMATS: DocumentFormat[] = ['text', 'json', 'sarif', 'junit'];

/** The same report with findings and rules in another order and object keys inserted in another order. */
function reordered(report: Report): Report {
  const reverseKeys = <T extends object>(value: T): T =>
    Object.fromEntries(Object.entries(value).reverse()) as T;
  return {
    ...report,
    rules: [...report.rules].reverse().map(reverseKeys),
    findings: [...report.findings].reverse().map((f) => reverseKeys({ ...f, region: reverseKeys(f.region) })),
    stats: { ...report.stats, skipped: reverseKeys(report.stats.skipped) },
  };
}

describe('deterministic output', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  for (const format of DOCUMENT_FORMATS) {
    it(`${format}: byte-identical for the same input, whatever the order findings arrive in`, () => {
      const first = render(sampleReport(), format);
      expect(render(sampleReport(), format)).toBe(first);
      expect(render(reordered(sampleReport()), format)).toBe(first);
    });
  }

  for (const format of ['json', 'sarif', 'junit'] as const) {
    it(`${format}: no timing unless asked, so a slower run gives the same bytes`, () => {
      const slower = { ...sampleReport(), stats: { ...sampleReport().stats, durationMs: 98765 } };
      expect(render(slower, format)).toBe(render(sampleReport(), format));
      expect(render(slower, format, { includeTiming: true })).not.toBe(
        render(sampleReport(), format, { includeTiming: true }),
      );
    });
  }

  it('github: the same workflow commands for the same input', async () => {
    vi.stubEnv('GITHUB_STEP_SUMMARY', undefined);
    vi.stubEnv('GITHUB_WORKSPACE', undefined);
    const runs: string[][] = [[], []];
    let current = runs[0];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      current.push(String(chunk));
      return true;
    });
    await publishGitHub(sampleReport());
    current = runs[1];
    await publishGitHub(reordered(sampleReport()));
    expect(runs[0].length).toBeGreaterThan(0);
    expect(runs[1].join('')).toBe(runs[0].join(''));
  });
});
