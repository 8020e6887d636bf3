// The formats and the dispatch from a format name to its reporter.
import type { Report } from '../engine/types.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderSarif } from './sarif.js';
import type { RenderOptions } from './shared.js';
import { renderText } from './text.js';

export const REPORT_FORMATS = ['text', 'json', 'sarif', 'github', 'junit'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/**
 * The formats that render to a document (a string written to stdout or a
 * file). `github` is not one: it emits workflow commands and a job summary
 * through @actions/core (`publishGitHub`).
 */
export type DocumentFormat = Exclude<ReportFormat, 'github'>;

const RENDERERS: Record<DocumentFormat, (report: Report, options: RenderOptions) => string> = {
  text: renderText,
  json: renderJson,
  sarif: renderSarif,
  junit: renderJunit,
};

/** Renders a report. The same report and options always give the same string. */
export function render(report: Report, format: DocumentFormat, options: RenderOptions = {}): string {
  const renderer = RENDERERS[format];
  if (!renderer) throw new Error(`no document renderer for format '${format}'`);
  return renderer(report, options);
}
