// Finding fingerprints: an identity for a finding that survives edits which
// do not change what the finding is about, so that baselines and SARIF
// `partialFingerprints` keep matching when lines are inserted above it.
//
// A fingerprint is `<hash>:<occurrence>`. The hash covers the rule id, the
// file, the object's identity (kind, namespace, name; not apiVersion, so a
// version upgrade keeps the identity), the path into the document and the
// message. Line, column and document index are left out on purpose: they move
// whenever the file is edited above the finding. Findings that share a hash
// (the same rule reporting the same message twice on the same path of one
// object, or on objects without identity) are told apart by their occurrence
// index, counted in source order within the file.
import * as crypto from 'node:crypto';
import type { Finding } from './types.js';

/** Bump when the hashed fields change: every stored fingerprint becomes stale. */
const SCHEME = 'rtpolicy-fingerprint/1';

export type UnfingerprintedFinding = Omit<Finding, 'fingerprint'>;

/** crypto.hash (Node 20.12 and later) hashes a short string in half the time of a Hash object. */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

/** The hash part of a finding's fingerprint (32 hex digits). */
export function identityHash(finding: UnfingerprintedFinding): string {
  const { ruleId, file, object, path, message } = finding;
  const identity = [
    SCHEME,
    ruleId,
    file,
    object?.kind ?? null,
    object?.namespace ?? null,
    object?.name ?? null,
    path ?? null,
    message,
  ];
  return sha256Hex(JSON.stringify(identity)).slice(0, 32);
}

/**
 * Gives every finding its fingerprint. The result has the input's order;
 * occurrence indexes follow source position, so they do not depend on the
 * order in which policies happened to report.
 */
export function assignFingerprints<T extends UnfingerprintedFinding>(
  findings: readonly T[],
): (T & Finding)[] {
  const hashes = findings.map(identityHash);
  const bySourcePosition = findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => compareRegions(a.finding, b.finding) || a.index - b.index);
  const seen = new Map<string, number>();
  const fingerprints: string[] = new Array(findings.length);
  for (const { index } of bySourcePosition) {
    const hash = hashes[index];
    const occurrence = seen.get(hash) ?? 0;
    seen.set(hash, occurrence + 1);
    fingerprints[index] = `${hash}:${occurrence}`;
  }
  return findings.map((finding, index) => ({ ...finding, fingerprint: fingerprints[index] }));
}

function compareRegions(a: UnfingerprintedFinding, b: UnfingerprintedFinding): number {
  return (
    a.region.startLine - b.region.startLine ||
    a.region.startColumn - b.region.startColumn ||
    a.region.endLine - b.region.endLine ||
    a.region.endColumn - b.region.endColumn
  );
}
