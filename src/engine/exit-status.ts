// The exit status of `rtpolicy check` (DESIGN.md "CLI"):
//   0  no unsuppressed finding reaches the fail level,
//   1  at least one does,
//   2  a usage, configuration or policy error stopped the run.
import { type Finding, SEVERITIES, type Severity } from './types.js';

/** `--fail-level`: the least severe severity that fails the run, or `none` (never fail on findings). */
export type FailLevel = Severity | 'none';

export const FAIL_LEVELS: readonly FailLevel[] = [...SEVERITIES, 'none'];

export const DEFAULT_FAIL_LEVEL: FailLevel = 'error';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

/**
 * A mistake in how rtpolicy was invoked or configured (a bad option, an
 * unreadable baseline, an output file that cannot be written). The CLI prints
 * the message and exits with status 2.
 */
export class UsageError extends Error {
  readonly exitStatus = EXIT_ERROR;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function parseFailLevel(value: string): FailLevel {
  if ((FAIL_LEVELS as readonly string[]).includes(value)) return value as FailLevel;
  throw new UsageError(`invalid --fail-level '${value}': expected one of ${FAIL_LEVELS.join(', ')}`);
}

/** Whether a finding of `severity` fails a run with `failLevel`. */
export function reachesFailLevel(severity: Severity, failLevel: FailLevel): boolean {
  if (failLevel === 'none') return false;
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(failLevel);
}

/** The findings that fail the run: unsuppressed and at or above the fail level. */
export function failingFindings(findings: readonly Finding[], failLevel: FailLevel): Finding[] {
  return findings.filter((f) => !f.suppression && reachesFailLevel(f.severity, failLevel));
}

/** 0 or 1 for a run that completed; errors that stop a run map to 2 through {@link UsageError}. */
export function exitStatusFor(
  findings: readonly Finding[],
  failLevel: FailLevel = DEFAULT_FAIL_LEVEL,
): number {
  return failingFindings(findings, failLevel).length > 0 ? EXIT_FINDINGS : EXIT_OK;
}
