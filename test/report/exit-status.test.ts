import { describe, expect, it } from 'vitest';
import {
  EXIT_ERROR,
  EXIT_FINDINGS,
  EXIT_OK,
  exitStatusFor,
  type FailLevel,
  failingFindings,
  parseFailLevel,
  UsageError,
} from '../../src/engine/exit-status.js';
import type { Finding, Severity } from '../../src/engine/types.js';
import { sampleReport } from './sample-report.js';

function finding(severity: Severity, suppressed = false): Finding {
  return {
    ruleId: 'RTC031',
    severity,
    message: `a ${severity}`,
    file: 'a.yaml',
    region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 },
    fingerprint: `${severity}:${suppressed}`,
    ...(suppressed ? { suppression: { kind: 'comment' as const } } : {}),
  };
}

describe('exit status', () => {
  // Rows: the most severe unsuppressed finding of a run. Columns: --fail-level error, warning, note, none.
  const table: [string, Finding[], [number, number, number, number]][] = [
    ['no findings', [], [0, 0, 0, 0]],
    ['a note', [finding('note')], [0, 0, 1, 0]],
    ['a warning', [finding('warning'), finding('note')], [0, 1, 1, 0]],
    ['an error', [finding('error')], [1, 1, 1, 0]],
    ['only suppressed findings', [finding('error', true), finding('warning', true)], [0, 0, 0, 0]],
    ['a suppressed error and a note', [finding('error', true), finding('note')], [0, 0, 1, 0]],
  ];
  const levels: FailLevel[] = ['error', 'warning', 'note', 'none'];

  for (const [label, findings, expected] of table) {
    it(`${label}: ${levels.map((l, i) => `${l}=${expected[i]}`).join(' ')}`, () => {
      expect(levels.map((level) => exitStatusFor(findings, level))).toEqual(expected);
    });
  }

  it('fails at error by default', () => {
    expect(exitStatusFor([finding('warning')])).toBe(EXIT_OK);
    expect(exitStatusFor([finding('error')])).toBe(EXIT_FINDINGS);
  });

  it('names the findings that fail the run', () => {
    const report = sampleReport();
    expect(failingFindings(report.findings, 'error').map((f) => f.ruleId)).toEqual(['RTC031', 'RTP001']);
    expect(exitStatusFor(report.findings, 'error')).toBe(1);
  });

  it('parses --fail-level and rejects anything else as a usage error (exit status 2)', () => {
    expect(levels.map(parseFailLevel)).toEqual(levels);
    expect(() => parseFailLevel('fatal')).toThrow(UsageError);
    expect(() => parseFailLevel('Error')).toThrow(
      "invalid --fail-level 'Error': expected one of error, warning, note, none",
    );
    expect(new UsageError('x').exitStatus).toBe(EXIT_ERROR);
    expect(EXIT_ERROR).toBe(2);
  });
});
