import { describe, expect, it } from 'vitest';
import {
  assignFingerprints,
  identityHash,
  type UnfingerprintedFinding,
} from '../../src/engine/fingerprint.js';

const base: UnfingerprintedFinding = {
  ruleId: 'RTC031',
  severity: 'error',
  message: 'Container "app" is privileged but the pod runs under runc',
  file: 'deploy/web.yaml',
  region: { startLine: 13, startColumn: 25, endLine: 13, endColumn: 29 },
  documentIndex: 0,
  path: ['spec', 'template', 'spec', 'containers', 0, 'securityContext', 'privileged'],
  object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' },
};

const fingerprintOf = (finding: UnfingerprintedFinding) => assignFingerprints([finding])[0].fingerprint;

describe('fingerprints', () => {
  it('have the form <32 hex digits>:<occurrence>', () => {
    expect(fingerprintOf(base)).toMatch(/^[0-9a-f]{32}:0$/);
  });

  it('ignore where the finding sits: lines, columns, document index, apiVersion, severity', () => {
    const moved: UnfingerprintedFinding = {
      ...base,
      region: { startLine: 40, startColumn: 3, endLine: 41, endColumn: 1 },
      documentIndex: 3,
      severity: 'warning',
      object: { ...base.object, apiVersion: 'apps/v1beta2' },
    };
    expect(fingerprintOf(moved)).toBe(fingerprintOf(base));
  });

  it('change with the rule, file, object identity, path or message', () => {
    const variants: UnfingerprintedFinding[] = [
      { ...base, ruleId: 'RTC032' },
      { ...base, file: 'deploy/api.yaml' },
      { ...base, object: { ...base.object, kind: 'StatefulSet' } },
      { ...base, object: { ...base.object, namespace: 'default' } },
      { ...base, object: { ...base.object, namespace: undefined } },
      { ...base, object: { ...base.object, name: 'api' } },
      { ...base, object: undefined },
      { ...base, path: ['spec', 'template', 'spec', 'containers', 1, 'securityContext', 'privileged'] },
      { ...base, path: undefined },
      { ...base, message: `${base.message}.` },
    ];
    const prints = variants.map(fingerprintOf);
    expect(new Set([fingerprintOf(base), ...prints]).size).toBe(variants.length + 1);
  });

  it('number identical findings in one file by source position, whatever the report order', () => {
    const at = (line: number): UnfingerprintedFinding => ({
      ...base,
      object: undefined,
      path: undefined,
      message: 'duplicate key "image"',
      region: { startLine: line, startColumn: 1, endLine: line, endColumn: 6 },
    });
    const inOrder = assignFingerprints([at(3), at(9), at(20)]).map((f) => f.fingerprint);
    const hash = identityHash(at(3));
    expect(inOrder).toEqual([`${hash}:0`, `${hash}:1`, `${hash}:2`]);
    const shuffled = assignFingerprints([at(20), at(3), at(9)]).map((f) => f.fingerprint);
    expect(shuffled).toEqual([`${hash}:2`, `${hash}:0`, `${hash}:1`]);
    // The same finding in another file counts separately.
    const otherFile = assignFingerprints([at(3), { ...at(4), file: 'other.yaml' }]).map((f) => f.fingerprint);
    expect(otherFile[1]).toMatch(/:0$/);
    expect(otherFile[1]).not.toBe(otherFile[0]);
  });

  it('keep the input order and the other fields', () => {
    const [finding] = assignFingerprints([base]);
    expect(finding).toEqual({ ...base, fingerprint: expect.any(String) });
  });
});
