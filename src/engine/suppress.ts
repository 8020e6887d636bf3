// Suppressions written in the manifests themselves:
//
// - an annotation on the object (an item, in a `List`), or on a workload's pod template:
//     metadata.annotations["rtpolicy.io/ignore"]: "RTC031,RTC033"
//     metadata.annotations["rtpolicy.io/ignore-reason"]: "why" (optional)
//   It covers every finding of those rules on that document.
// - a comment on the finding's line, or alone on the line above it:
//     # rtpolicy:ignore RTC031,RTC033 reason text
//   A trailing comment on the line above belongs to that line, not to this one.
//
// Suppressed findings stay in the report with `suppression` set: SARIF shows
// them as suppressed, the text output counts them, and they never fail the run.
import { CST, Lexer } from 'yaml';
import type { Finding, Suppression } from './types.js';

export const IGNORE_ANNOTATION = 'rtpolicy.io/ignore';
export const IGNORE_REASON_ANNOTATION = 'rtpolicy.io/ignore-reason';

/** What the engine still holds after evaluation, looked up only for files that have findings. */
export interface SuppressionSources {
  /** The decoded object of document `documentIndex` of `file`; undefined when there is none. */
  document(file: string, documentIndex: number): unknown;
  /** The text of `file`, for `# rtpolicy:ignore` comments; undefined when it is not available. */
  text(file: string): string | undefined;
}

/**
 * Sets `suppression` on every finding that an annotation or comment ignores.
 * Findings that already carry a suppression are left as they are. Returns new
 * finding objects; the input is not modified.
 */
export function applySuppressions(findings: readonly Finding[], sources: SuppressionSources): Finding[] {
  const commentsByFile = new Map<string, Map<number, IgnoreDirective[]>>();
  const commentsOf = (file: string) => {
    let comments = commentsByFile.get(file);
    if (!comments) {
      const text = sources.text(file);
      comments = text === undefined ? new Map() : findIgnoreComments(text);
      commentsByFile.set(file, comments);
    }
    return comments;
  };
  return findings.map((finding) => {
    if (finding.suppression) return finding;
    const suppression =
      suppressionByComment(finding, commentsOf(finding.file)) ?? suppressionByAnnotation(finding, sources);
    return suppression ? { ...finding, suppression } : finding;
  });
}

/** A `# rtpolicy:ignore` comment. */
export interface IgnoreDirective {
  ruleIds: string[];
  reason?: string;
  /** True when nothing but whitespace precedes the comment on its line. */
  ownLine: boolean;
}

const DIRECTIVE = /^#\s*rtpolicy:ignore(?:\s+(.*))?$/;
const IDS_THEN_REASON = /^([^\s,]+(?:\s*,\s*[^\s,]+)*)(?:\s+(.*))?$/;

/** Parses the text of one comment (starting with `#`); undefined when it is not a directive. */
export function parseIgnoreComment(comment: string): Omit<IgnoreDirective, 'ownLine'> | undefined {
  const directive = DIRECTIVE.exec(comment.trim());
  if (!directive) return undefined;
  const rest = IDS_THEN_REASON.exec((directive[1] ?? '').trim());
  // `# rtpolicy:ignore` without rule ids ignores nothing: a blanket ignore would hide future rules too.
  if (!rest) return undefined;
  const reason = rest[2]?.trim();
  return { ruleIds: splitIds(rest[1]), ...(reason ? { reason } : {}) };
}

/**
 * The `# rtpolicy:ignore` comments of a YAML (or JSON) file by 1-based line.
 * Uses the YAML lexer, so a `#` inside a quoted or block scalar is not taken
 * for a comment. The lexer never throws: malformed files still yield the
 * comments it could tell apart.
 */
export function findIgnoreComments(text: string): Map<number, IgnoreDirective[]> {
  const byLine = new Map<number, IgnoreDirective[]>();
  let line = 1;
  let lineHasContent = false;
  let scalarFollows = false;
  for (const token of new Lexer().lex(text)) {
    // Markers the lexer inserts without consuming source. After SCALAR comes a
    // scalar's text, which may start with `#` (a block scalar's lines).
    if (token === CST.DOCUMENT || token === CST.FLOW_END || token === CST.SCALAR) {
      scalarFollows = token === CST.SCALAR;
      continue;
    }
    if (!scalarFollows && token.startsWith('#')) {
      const parsed = parseIgnoreComment(token);
      if (parsed) {
        const directives = byLine.get(line) ?? [];
        directives.push({ ...parsed, ownLine: !lineHasContent });
        byLine.set(line, directives);
      }
    }
    scalarFollows = false;
    const lastBreak = token.lastIndexOf('\n');
    if (lastBreak !== -1) {
      line += countNewlines(token);
      lineHasContent = token.slice(lastBreak + 1).trim() !== '';
    } else if (token.trim() !== '') {
      lineHasContent = true;
    }
  }
  return byLine;
}

function suppressionByComment(
  finding: Finding,
  comments: Map<number, IgnoreDirective[]>,
): Suppression | undefined {
  const line = finding.region.startLine;
  const candidates = [
    ...(comments.get(line) ?? []),
    ...(comments.get(line - 1) ?? []).filter((d) => d.ownLine),
  ];
  const match = candidates.find((d) => d.ruleIds.includes(finding.ruleId));
  if (!match) return undefined;
  return { kind: 'comment', ...(match.reason ? { justification: match.reason } : {}) };
}

function suppressionByAnnotation(finding: Finding, sources: SuppressionSources): Suppression | undefined {
  if (finding.documentIndex === undefined) return undefined;
  const document = sources.document(finding.file, finding.documentIndex);
  for (const metadata of annotatedMetadata(objectOf(document, finding.path))) {
    const annotations = asRecord(metadata)?.annotations;
    const ids = asRecord(annotations)?.[IGNORE_ANNOTATION];
    if (typeof ids !== 'string' || !splitIds(ids).includes(finding.ruleId)) continue;
    const reason = asRecord(annotations)?.[IGNORE_REASON_ANNOTATION];
    const justification = typeof reason === 'string' ? reason.trim() : '';
    return { kind: 'annotation', ...(justification ? { justification } : {}) };
  }
  return undefined;
}

/**
 * The object a finding is about: the document, or the item of a `List`
 * document that the finding's path leads into (`items.<i>...`).
 */
function objectOf(document: unknown, path: Finding['path']): unknown {
  const list = asRecord(document);
  const isList = typeof list?.kind === 'string' && list.kind.endsWith('List') && Array.isArray(list.items);
  if (isList && path?.[0] === 'items' && typeof path[1] === 'number')
    return (list.items as unknown[])[path[1]];
  return document;
}

/** Where a pod template's metadata sits, by workload kind (RULES.md "Where pods live"). */
const POD_TEMPLATE_METADATA: Record<string, readonly string[]> = {
  PodTemplate: ['template', 'metadata'],
  ReplicationController: ['spec', 'template', 'metadata'],
  ReplicaSet: ['spec', 'template', 'metadata'],
  Deployment: ['spec', 'template', 'metadata'],
  StatefulSet: ['spec', 'template', 'metadata'],
  DaemonSet: ['spec', 'template', 'metadata'],
  Job: ['spec', 'template', 'metadata'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
};

/** The object's metadata, then its pod template's metadata when it is a workload. */
function annotatedMetadata(document: unknown): unknown[] {
  const object = asRecord(document);
  if (!object) return [];
  const found: unknown[] = [object.metadata];
  const templatePath = typeof object.kind === 'string' ? POD_TEMPLATE_METADATA[object.kind] : undefined;
  if (templatePath) {
    let node: unknown = object;
    for (const key of templatePath) node = asRecord(node)?.[key];
    found.push(node);
  }
  return found;
}

function splitIds(list: string): string[] {
  return list
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
}

function countNewlines(token: string): number {
  let n = 0;
  for (let i = token.indexOf('\n'); i !== -1; i = token.indexOf('\n', i + 1)) n++;
  return n;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
