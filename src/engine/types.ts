// The shapes that flow from the engine to the reporters: findings, rules and
// the report of one run. Every reporter (src/report/) renders a Report; the
// loader reports bad input as findings of the rtpolicy's own rules below.

export type Severity = 'error' | 'warning' | 'note';

/** Severities from most to least severe (for --fail-level and sorting). */
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'note'];

/**
 * A span in a file. Lines and columns count from 1; columns count characters (UTF-16 units) + 1.
 * `endColumn` is exclusive (the column just after the span), as in SARIF.
 */
export interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** A rule as reporters describe it (SARIF `rules[]`, `rtpolicy rules`). */
export interface RuleInfo {
  /** Stable id: `RTC031` for the built-in pack, `RTP001` for rtpolicy's own checks, or a custom policy's `custom.id`. */
  id: string;
  /** A short PascalCase or kebab name (SARIF `name`). */
  name: string;
  title: string;
  /** Why it matters, with the consequence a user would hit. Markdown allowed. */
  description: string;
  severity: Severity;
  remediation?: string;
  /** Link to the rule's documentation. */
  helpUri?: string;
  /** Sources that justify the rule. */
  relatedResources?: string[];
  tags?: string[];
  /** Where the rule comes from. */
  origin: 'builtin' | 'policy' | 'rtpolicy';
  /** For policy rules: the Rego package and rule (`data.k8s.deny`). */
  policyRef?: string;
}

export interface ObjectRef {
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
}

export interface Suppression {
  /** `annotation` (rtpolicy.io/ignore on the object), `comment` (# rtpolicy:ignore), or `baseline`. */
  kind: 'annotation' | 'comment' | 'baseline';
  justification?: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** Path relative to the working directory (or the repository root), with `/` separators. */
  file: string;
  region: Region;
  /** Index of the YAML document within the file (0-based), when the finding is about one. */
  documentIndex?: number;
  /** Keys and indexes into the document that the finding points at. */
  path?: (string | number)[];
  object?: ObjectRef;
  /**
   * Identifies the finding across runs, independent of line numbers:
   * a hash of rule id, file, object identity, path and message.
   */
  fingerprint: string;
  /** Set when the finding is suppressed; suppressed findings are kept for SARIF and do not fail the run. */
  suppression?: Suppression;
}

export interface RunStats {
  files: number;
  documents: number;
  /** Documents skipped, by reason (e.g. `not-kubernetes`, `helm-template`, `empty`). */
  skipped: Record<string, number>;
  durationMs: number;
}

export interface Report {
  tool: { name: string; version: string; informationUri: string };
  /** Every rule that ran (or could have reported), sorted by id. */
  rules: RuleInfo[];
  /** Sorted by file, line, column, rule id. */
  findings: Finding[];
  stats: RunStats;
}

/**
 * rtpolicy's own checks on its input, reported as findings so that bad input
 * never stops a run. Ids are stable.
 */
export const RTPOLICY_RULES: readonly RuleInfo[] = [
  {
    id: 'RTP001',
    name: 'yaml-syntax',
    title: 'File could not be decoded',
    description:
      'The file is not valid YAML, JSON or TOML, or holds values the API server cannot decode (such as .inf or a null key); the API server and kubectl would reject it too.',
    severity: 'error',
    origin: 'rtpolicy',
  },
  {
    id: 'RTP002',
    name: 'duplicate-key',
    title: 'Duplicate mapping key',
    description:
      'A key appears twice in the same mapping. The API server rejects such objects in strict decoding, and tools disagree on which value wins.',
    severity: 'error',
    origin: 'rtpolicy',
  },
  {
    id: 'RTP003',
    name: 'unreadable-input',
    title: 'File could not be read',
    description:
      'The file is unreadable, binary, not UTF-8, over the size limit, or part of a symlink loop, so it was not checked.',
    severity: 'warning',
    origin: 'rtpolicy',
  },
  {
    id: 'RTP004',
    name: 'alias-limit',
    title: 'YAML alias expansion over the limit',
    description:
      'The document expands YAML aliases beyond the limit (a "billion laughs" document); it was not checked.',
    severity: 'error',
    origin: 'rtpolicy',
  },
  {
    id: 'RTP010',
    name: 'policy-runtime-error',
    title: 'A policy failed while evaluating a document',
    description:
      'The policy stopped with an error (a conflict or a type error) on this document; its other rules and the other documents were still checked.',
    severity: 'error',
    origin: 'rtpolicy',
  },
];
