// Reporters: a Report rendered as text, JSON, SARIF, JUnit XML or GitHub
// Actions output. See README.md in this directory for the formats.
//
//   const targets = parseOutputTargets(opts.format, opts.outputFile); // usage errors first
//   ... run the check ...
//   await writeReports(report, targets, { sourceRoot });
//
// `render()` gives one document as a string; `publishGitHub()` emits the
// GitHub workflow commands and job summary.
export {
  type GitHubLinkContext,
  type GitHubOptions,
  gitHubLinkContext,
  publishGitHub,
  renderJobSummary,
} from './github.js';
export { JSON_REPORT_VERSION, renderJson } from './json.js';
export { renderJunit } from './junit.js';
export { type OutputTarget, parseOutputTargets, type WriteOptions, writeReports } from './outputs.js';
export { type DocumentFormat, REPORT_FORMATS, type ReportFormat, render } from './render.js';
export { FINGERPRINT_KEY, renderSarif, SARIF_SCHEMA } from './sarif.js';
export type { RenderOptions } from './shared.js';
export { type ColorTarget, renderText, shouldUseColor } from './text.js';
