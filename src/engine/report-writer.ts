// Where a run's reports go, decided before the run (so that a bad
// `--format` fails fast) and written after it. The usual case, a text report
// on standard output, is written by the text reporter alone: the general
// output code (src/report/outputs.ts) imports every reporter, the GitHub one
// with @actions/core among them, which would cost each small run a good part
// of its start-up.
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
  const textOnly =
    outputFile === undefined && (formats ?? []).every((f) => f === 'text') && (formats ?? []).length <= 1;
  if (textOnly) {
    return async (report, options) => {
      const { renderText, shouldUseColor } = await import('../report/text.js');
      const stdout = options.stdout ?? process.stdout;
      stdout.write(renderText(report, { ...options, color: options.color ?? shouldUseColor(stdout) }));
    };
  }
  const { parseOutputTargets, writeReports } = await import('../report/outputs.js');
  const targets = parseOutputTargets(formats ?? [], outputFile).map((t) =>
    t.file === undefined ? t : { ...t, file: resolveFile(t.file) },
  );
  return (report, options) => writeReports(report, targets, options);
}
