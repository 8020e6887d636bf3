// Turns what a policy rule returned on a document into findings.
//
// A rule's value is usually a set (an array in JSON) of elements; a
// complete rule gives one value (`true` reports once, `false` nothing). An
// element is
//   - a string: the message;
//   - an object `{msg, path?, id?, severity?, title?}` (Gatekeeper's
//     `violation` elements carry `msg` and maybe `details`).
// The rule id is the element's `id`, else the id of the rule's METADATA
// (when its definitions name exactly one), else `<package>.<rule>`. `path`
// (keys and indexes into the object) gives the region, through the
// loader's source map; without it the finding points at the document.
import type { LoadedDocument } from '../loader/types.js';
import type { UnfingerprintedFinding } from './fingerprint.js';
import { fallbackRuleId, type PolicyRule } from './policy-rules.js';
import type { RuleCatalog } from './rule-catalog.js';
import { type ObjectRef, type Region, SEVERITIES, type Severity } from './types.js';

/** One element of a rule's value, as reported. */
export interface Violation {
  message: string;
  id?: string;
  severity?: Severity;
  title?: string;
  /** Keys and indexes into the object. */
  path?: (string | number)[];
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

function nonEmptyString(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

function asPath(v: unknown): (string | number)[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const valid = v.every(
    (s) => typeof s === 'string' || (typeof s === 'number' && Number.isInteger(s) && s >= 0),
  );
  return valid ? (v as (string | number)[]) : undefined;
}

function asSeverity(v: unknown): Severity | undefined {
  return typeof v === 'string' && (SEVERITIES as readonly string[]).includes(v) ? (v as Severity) : undefined;
}

/** The violations in a rule's value. */
export function violationsOf(rule: PolicyRule, value: unknown): Violation[] {
  const elements = Array.isArray(value) ? value : value === false || value === null ? [] : [value];
  return elements.map((element) => toViolation(rule, element));
}

function toViolation(rule: PolicyRule, element: unknown): Violation {
  if (typeof element === 'string') return { message: element.trim() === '' ? rule.ref : element };
  if (element === true) return { message: rule.ref };
  if (!isRecord(element)) return { message: JSON.stringify(element) };
  const violation: Violation = {
    message: nonEmptyString(element.msg) ?? nonEmptyString(element.message) ?? JSON.stringify(element),
  };
  const id = nonEmptyString(element.id);
  if (id) violation.id = id;
  const severity = asSeverity(element.severity);
  if (severity) violation.severity = severity;
  const title = nonEmptyString(element.title);
  if (title) violation.title = title;
  const path = asPath(element.path);
  if (path) violation.path = path;
  return violation;
}

export function objectRef(object: LoadedDocument['object']): ObjectRef {
  const ref: ObjectRef = { apiVersion: object.apiVersion, kind: object.kind };
  const { name, namespace } = object.metadata ?? {};
  if (typeof name === 'string') ref.name = name;
  if (typeof namespace === 'string') ref.namespace = namespace;
  return ref;
}

/** Where a document starts: its first line, or its item in a List. */
export async function documentRegion(document: LoadedDocument): Promise<Region> {
  if (document.basePath.length > 0) return (await document.locate([])).region;
  return { startLine: document.line, startColumn: 1, endLine: document.line, endColumn: 2 };
}

/** Findings for what `rule` returned on `document`; rules turned off in the catalog report nothing. */
export async function findingsFor(
  document: LoadedDocument,
  rule: PolicyRule,
  value: unknown,
  catalog: RuleCatalog,
  origin: 'builtin' | 'policy',
): Promise<UnfingerprintedFinding[]> {
  const findings: UnfingerprintedFinding[] = [];
  for (const violation of violationsOf(rule, value)) {
    const ruleId = violation.id ?? (rule.ids.length === 1 ? rule.ids[0] : fallbackRuleId(rule));
    if (!catalog.enabled(ruleId)) continue;
    catalog.ensure(ruleId, rule, origin, violation.title);
    const finding: UnfingerprintedFinding = {
      ruleId,
      severity: catalog.severity(ruleId, violation.severity),
      message: violation.message,
      file: document.file,
      region: violation.path
        ? (await document.locate(violation.path)).region
        : await documentRegion(document),
      documentIndex: document.documentIndex,
      object: objectRef(document.object),
    };
    if (violation.path) finding.path = [...document.basePath, ...violation.path];
    else if (document.basePath.length > 0) finding.path = [...document.basePath];
    findings.push(finding);
  }
  return findings;
}

/** RTP010: a policy failed on this document; its rules are named, the run goes on. */
export async function policyFailureFinding(
  document: LoadedDocument,
  rules: readonly PolicyRule[],
  message: string,
  catalog: RuleCatalog,
): Promise<UnfingerprintedFinding | undefined> {
  if (!catalog.enabled('RTP010')) return undefined;
  const names = rules.map((r) => r.ref).join(', ');
  const finding: UnfingerprintedFinding = {
    ruleId: 'RTP010',
    severity: catalog.severity('RTP010'),
    message: `${names} failed on this document: ${message}`,
    file: document.file,
    region: await documentRegion(document),
    documentIndex: document.documentIndex,
    object: objectRef(document.object),
  };
  if (document.basePath.length > 0) finding.path = [...document.basePath];
  return finding;
}
