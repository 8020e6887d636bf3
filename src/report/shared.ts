// What every reporter needs: the options they share, a total order on
// findings (so output never depends on evaluation order), counts, the rule
// table, and paths relative to the repository root.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Finding, Report, RuleInfo } from '../engine/types.js';

export interface RenderOptions {
  /** text: use ANSI colours. Decide with `shouldUseColor()`; default false. */
  color?: boolean;
  /**
   * json, sarif, junit: include the run's duration. Off by default so that the
   * same input gives byte-identical reports (the text summary always shows it).
   */
  includeTiming?: boolean;
  /**
   * The repository root that SARIF and GitHub paths are made relative to.
   * Unset: finding paths are used as they are (already relative to the root).
   */
  sourceRoot?: string;
  /** The directory finding paths are relative to; default `process.cwd()`. */
  baseDir?: string;
  /** junit: one testsuite per file (default) or per rule. */
  junitGroupBy?: 'file' | 'rule';
}

/** Code-unit order: identical on every machine and locale, unlike localeCompare. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Findings in report order: file, line, column, rule id, then the rest as tie-breakers. */
export function orderedFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      compareText(a.file, b.file) ||
      a.region.startLine - b.region.startLine ||
      a.region.startColumn - b.region.startColumn ||
      compareText(a.ruleId, b.ruleId) ||
      a.region.endLine - b.region.endLine ||
      a.region.endColumn - b.region.endColumn ||
      compareText(a.message, b.message) ||
      compareText(a.fingerprint, b.fingerprint),
  );
}

export interface Tally {
  error: number;
  warning: number;
  note: number;
  /** Suppressed findings, which the severity counts leave out. */
  suppressed: number;
}

export function tally(findings: readonly Finding[]): Tally {
  const counts: Tally = { error: 0, warning: 0, note: 0, suppressed: 0 };
  for (const f of findings) {
    if (f.suppression) counts.suppressed++;
    else counts[f.severity]++;
  }
  return counts;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

export function severityCounts(counts: Tally): string {
  return [plural(counts.error, 'error'), plural(counts.warning, 'warning'), plural(counts.note, 'note')].join(
    ', ',
  );
}

/**
 * The rules to describe, sorted by id: the report's rules, plus a minimal
 * entry for any rule id a finding uses that the report does not describe (so
 * that every result can point at a rule).
 */
export function ruleTable(report: Report): RuleInfo[] {
  const byId = new Map(report.rules.map((r) => [r.id, r]));
  for (const f of report.findings) {
    if (!byId.has(f.ruleId)) {
      byId.set(f.ruleId, {
        id: f.ruleId,
        name: f.ruleId,
        title: f.ruleId,
        description: `Rule ${f.ruleId}.`,
        severity: f.severity,
        origin: 'policy',
      });
    }
  }
  return [...byId.values()].sort((a, b) => compareText(a.id, b.id));
}

/**
 * A finding's path relative to `sourceRoot` with `/` separators, or undefined
 * when the file lies outside it. Without `sourceRoot`, the path as given.
 */
export function pathInRepository(file: string, options: RenderOptions): string | undefined {
  if (!options.sourceRoot) return file;
  const absolute = resolve(options.baseDir ?? process.cwd(), file);
  const rel = relative(resolve(options.sourceRoot), absolute);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

/** The absolute path of a finding's file. */
export function absolutePath(file: string, options: RenderOptions): string {
  return resolve(options.baseDir ?? process.cwd(), file);
}

/**
 * One line of text: line breaks become spaces and other control characters
 * are shown escaped, so that a value quoted from a manifest can neither break
 * the one-line-per-finding layout nor send escape sequences to a terminal.
 */
export function oneLine(text: string): string {
  return text
    .replace(/\s*(?:\r\n|\r|\n)\s*/g, ' ')
    .replace(
      /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
}
