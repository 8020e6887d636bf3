// The text report, for people: one line per unsuppressed finding,
//   deploy/web.yaml:12:7 error Privileged container must run sandboxed (RTC031)
// grouped by file (a blank line between files), then one summary line.
// Suppressed findings are not listed, only counted.
import type { Finding, Report, Severity } from '../engine/types.js';
import {
  compareText,
  oneLine,
  orderedFindings,
  plural,
  type RenderOptions,
  severityCounts,
  tally,
} from './shared.js';

const ANSI = {
  bold: ['\x1b[1m', '\x1b[22m'],
  dim: ['\x1b[2m', '\x1b[22m'],
  red: ['\x1b[31m', '\x1b[39m'],
  yellow: ['\x1b[33m', '\x1b[39m'],
  cyan: ['\x1b[36m', '\x1b[39m'],
  green: ['\x1b[32m', '\x1b[39m'],
} as const;
type Style = keyof typeof ANSI;

const SEVERITY_STYLE: Record<Severity, Style> = { error: 'red', warning: 'yellow', note: 'cyan' };

/** The part of a writable stream that colour detection looks at (`process.stdout` fits). */
export interface ColorTarget {
  isTTY?: boolean;
  hasColors?: (env?: Record<string, string | undefined>) => boolean;
}

/**
 * Whether to colour output written to `stream`: FORCE_COLOR wins (`0` or
 * `false` turn colour off, any other value on), then a non-empty NO_COLOR
 * turns it off (no-color.org), otherwise colour only on a terminal that
 * supports it (which also honours TERM=dumb).
 */
export function shouldUseColor(
  stream: ColorTarget,
  env: Record<string, string | undefined> = process.env,
): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR) return false;
  if (!stream.isTTY) return false;
  return stream.hasColors ? stream.hasColors(env) : true;
}

export function renderText(report: Report, options: RenderOptions = {}): string {
  const paint = (style: Style, text: string) =>
    options.color ? `${ANSI[style][0]}${text}${ANSI[style][1]}` : text;
  const lines: string[] = [];
  let previousFile: string | undefined;
  for (const finding of orderedFindings(report.findings)) {
    if (finding.suppression) continue;
    if (previousFile !== undefined && finding.file !== previousFile) lines.push('');
    previousFile = finding.file;
    lines.push(findingLine(finding, paint));
  }
  if (lines.length > 0) lines.push('');
  lines.push(summaryLine(report, paint));
  return `${lines.join('\n')}\n`;
}

function findingLine(finding: Finding, paint: (style: Style, text: string) => string): string {
  const location = `${oneLine(finding.file)}:${finding.region.startLine}:${finding.region.startColumn}`;
  return [
    paint('bold', location),
    paint(SEVERITY_STYLE[finding.severity], finding.severity),
    oneLine(finding.message),
    paint('dim', `(${finding.ruleId})`),
  ].join(' ');
}

function summaryLine(report: Report, paint: (style: Style, text: string) => string): string {
  const counts = tally(report.findings);
  const severities = severityCounts(counts);
  const worst = counts.error > 0 ? 'red' : counts.warning > 0 ? 'yellow' : counts.note > 0 ? 'cyan' : 'green';
  const parts = [
    paint(worst, severities) + (counts.suppressed > 0 ? ` (${counts.suppressed} suppressed)` : ''),
  ];
  const { files, documents, skipped, durationMs } = report.stats;
  parts.push(`checked ${plural(files, 'file')}, ${plural(documents, 'document')}`);
  const skippedReasons = Object.entries(skipped)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => compareText(a, b));
  if (skippedReasons.length > 0) {
    const total = skippedReasons.reduce((sum, [, n]) => sum + n, 0);
    const reasons = skippedReasons.map(([reason, n]) => `${n} ${reason}`).join(', ');
    parts.push(`skipped ${plural(total, 'document')} (${reasons})`);
  }
  parts.push(formatDuration(durationMs));
  return parts.join('; ');
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}
