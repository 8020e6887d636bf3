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
import type { IgnoreDirective } from './ignore-comments.js';
import type { Finding, Suppression } from './types.js';

export const IGNORE_ANNOTATION = 'rtpolicy.io/ignore';
export const IGNORE_REASON_ANNOTATION = 'rtpolicy.io/ignore-reason';

/** What the engine still holds after evaluation, looked up only for files that have findings. */
export interface SuppressionSources {
  /** The decoded object of document `documentIndex` of `file`; undefined when there is none. */
  document(file: string, documentIndex: number): unknown;
  /**
   * The `# rtpolicy:ignore` comments of `file` by line (ignore-comments.ts;
   * the caller lexes only files whose text holds a directive).
   */
  comments(file: string): ReadonlyMap<number, IgnoreDirective[]>;
}

/**
 * Sets `suppression` on every finding that an annotation or comment ignores.
 * Findings that already carry a suppression are left as they are. Returns new
 * finding objects; the input is not modified.
 */
export function applySuppressions(findings: readonly Finding[], sources: SuppressionSources): Finding[] {
  return findings.map((finding) => {
    if (finding.suppression) return finding;
    const suppression =
      suppressionByComment(finding, sources.comments(finding.file)) ??
      suppressionByAnnotation(finding, sources);
    return suppression ? { ...finding, suppression } : finding;
  });
}

function suppressionByComment(
  finding: Finding,
  comments: ReadonlyMap<number, IgnoreDirective[]>,
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

/** The rule ids of a comma-separated list (annotations and comments write them alike). */
export function splitIds(list: string): string[] {
  return list
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
