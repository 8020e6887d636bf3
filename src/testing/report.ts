// The text `rtpolicy test` prints: one line per test (`file:row: name:
// PASS`), what failing tests printed (every test's with --verbose), and a
// summary like `opa test`'s.
import type { TestOutcome, TestRun } from './runner.js';

const LABELS: Record<TestOutcome, string> = { pass: 'PASS', fail: 'FAIL', error: 'ERROR', skip: 'SKIPPED' };

export interface TestReportOptions {
  /** Show every test's print output and timing, not only the failures' output. */
  verbose?: boolean;
}

function duration(ms: number): string {
  return ms < 1 ? `${(ms * 1000).toFixed(0)}µs` : `${ms.toFixed(1)}ms`;
}

/** The report, as lines. */
export function formatTestRun(run: TestRun, options: TestReportOptions = {}): string[] {
  const lines: string[] = [];
  for (const result of run.results) {
    const { test, outcome } = result;
    const timing = options.verbose && outcome !== 'skip' ? ` (${duration(result.durationMs)})` : '';
    let line = `${test.file}:${test.row}: ${test.name}: ${LABELS[outcome]}${timing}`;
    if (result.error !== undefined) line += `: ${result.error}`;
    lines.push(line);
    const showOutput = options.verbose || outcome === 'fail' || outcome === 'error';
    if (showOutput) for (const printed of result.output) lines.push(`  ${printed}`);
  }
  const count = (outcome: TestOutcome) => run.results.filter((r) => r.outcome === outcome).length;
  const total = run.results.length;
  lines.push('-'.repeat(80));
  for (const outcome of ['pass', 'fail', 'error', 'skip'] as const) {
    const n = count(outcome);
    if (n > 0 || outcome === 'pass') lines.push(`${LABELS[outcome]}: ${n}/${total}`);
  }
  if (options.verbose) lines.push(`compiled in ${duration(run.compileMs)}`);
  return lines;
}

/** Whether the run failed: a test failed or errored. */
export function testRunFailed(run: TestRun): boolean {
  return run.results.some((r) => r.outcome === 'fail' || r.outcome === 'error');
}
