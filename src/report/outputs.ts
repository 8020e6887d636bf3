// Where reports go: `--format` (repeatable, `--format sarif=out.sarif`) and
// `--output-file` parsed into output targets, and the writing of every target.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../engine/exit-status.js';
import type { Report } from '../engine/types.js';
// The GitHub reporter is imported when asked for: @actions/core brings an HTTP client.
import type { GitHubOptions } from './github.js';
import { type DocumentFormat, REPORT_FORMATS, type ReportFormat, render } from './render.js';
import { type ColorTarget, shouldUseColor } from './text.js';

export interface OutputTarget {
  format: ReportFormat;
  /** The file to write; undefined for standard output. */
  file?: string;
}

const FORMAT_LIST = `${REPORT_FORMATS.slice(0, -1).join(', ')} or ${REPORT_FORMATS.at(-1)}`;

/**
 * Parses the `--format` values (each `FORMAT` or `FORMAT=FILE`, `-` meaning
 * standard output) and `--output-file` (the file of a single format). No
 * `--format` means text. Every mistake is a {@link UsageError} that says how
 * to write it instead.
 */
export function parseOutputTargets(formats: readonly string[], outputFile?: string): OutputTarget[] {
  const targets = (formats.length > 0 ? formats : ['text']).map(parseFormatOption);
  if (outputFile !== undefined) {
    if (outputFile === '') throw new UsageError('--output-file needs a file name');
    if (targets.length > 1) {
      throw new UsageError(
        `--output-file applies to a single --format; with several formats give each its own file, e.g. --format ${targets[1].format}=report.${targets[1].format}`,
      );
    }
    if (targets[0].file !== undefined) {
      throw new UsageError(`--format ${formats[0]} already names a file; drop --output-file ${outputFile}`);
    }
    if (outputFile !== '-') targets[0] = { format: targets[0].format, file: outputFile };
  }
  for (const target of targets) {
    if (target.format === 'github' && target.file !== undefined) {
      throw new UsageError(
        '--format github writes workflow commands to standard output for the Actions runner; it takes no file',
      );
    }
  }
  const toStdout = targets.filter((t) => t.file === undefined && t.format !== 'github');
  if (toStdout.length > 1) {
    throw new UsageError(
      `only one format can write to standard output, but ${toStdout.map((t) => t.format).join(' and ')} both do; give the others a file, e.g. --format ${toStdout[1].format}=report.${toStdout[1].format}`,
    );
  }
  const byFile = new Map<string, OutputTarget>();
  for (const target of targets) {
    if (target.file === undefined) continue;
    const key = resolve(target.file);
    const other = byFile.get(key);
    if (other) {
      throw new UsageError(
        `--format ${other.format} and --format ${target.format} both write to ${target.file}`,
      );
    }
    byFile.set(key, target);
  }
  return targets;
}

function parseFormatOption(option: string): OutputTarget {
  const equals = option.indexOf('=');
  const name = (equals === -1 ? option : option.slice(0, equals)).trim();
  if (!(REPORT_FORMATS as readonly string[]).includes(name)) {
    throw new UsageError(`unknown --format '${name}': expected ${FORMAT_LIST}, optionally followed by =FILE`);
  }
  const format = name as ReportFormat;
  if (equals === -1) return { format };
  const file = option.slice(equals + 1);
  if (file === '') throw new UsageError(`--format ${option} names no file: write --format ${format}=FILE`);
  return file === '-' ? { format } : { format, file };
}

export interface WriteOptions extends GitHubOptions {
  /** Where standard-output targets go; default process.stdout. */
  stdout?: NodeJS.WritableStream & ColorTarget;
}

/**
 * Writes every target. Text to standard output is coloured when that stream
 * is a colour terminal (unless `color` says otherwise); files never are.
 * Parent directories of output files are created.
 */
export async function writeReports(
  report: Report,
  targets: readonly OutputTarget[],
  options: WriteOptions = {},
): Promise<void> {
  const stdout = options.stdout ?? process.stdout;
  for (const target of targets) {
    if (target.format === 'github') {
      const { publishGitHub } = await import('./github.js');
      await publishGitHub(report, options);
      continue;
    }
    const format: DocumentFormat = target.format;
    if (target.file === undefined) {
      const color = options.color ?? shouldUseColor(stdout);
      stdout.write(render(report, format, { ...options, color }));
      continue;
    }
    const content = render(report, format, { ...options, color: false });
    try {
      await mkdir(dirname(resolve(target.file)), { recursive: true });
      await writeFile(target.file, content, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot write the ${format} report to ${target.file}: ${(err as Error).message}`);
    }
  }
}
