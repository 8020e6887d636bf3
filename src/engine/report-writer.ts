// Where a run's reports go, decided before the run (so that a bad
// `--format` fails fast) and written after it. The report modules are
// imported only by runs that write a report (the library's check() may not).
import type { WriteOptions } from '../report/outputs.js';
import type { Report } from './types.js';

export type ReportWriter = (report: Report, options: WriteOptions) => Promise<void>;

/**
 * Parses `--format` values and `--output-file` (see src/report/README.md);
 * undefined when neither is given (nothing is written). `resolveFile` turns
 * a file name into the path to write.
 */
export async function prepareReports(
  formats: readonly string[] | undefined,
  outputFile: string | undefined,
  resolveFile: (file: string) => string,
): Promise<ReportWriter | undefined> {
  if (formats === undefined && outputFile === undefined) return undefined;
  const { parseOutputTargets, writeReports } = await import('../report/outputs.js');
  const targets = parseOutputTargets(formats ?? [], outputFile).map((t) =>
    t.file === undefined ? t : { ...t, file: resolveFile(t.file) },
  );
  return (report, options) => writeReports(report, targets, options);
}
