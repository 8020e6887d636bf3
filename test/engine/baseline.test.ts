import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyBaseline,
  createBaseline,
  parseBaseline,
  readBaseline,
  serializeBaseline,
  writeBaseline,
} from '../../src/engine/baseline.js';
import { exitStatusFor, UsageError } from '../../src/engine/exit-status.js';
import type { Finding } from '../../src/engine/types.js';
import { check, DEPLOYMENT } from './baseline-fixture.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rtpolicy-baseline-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const unsuppressed = (findings: Finding[]) => findings.filter((f) => !f.suppression);

const RUNTIME_CLASS_FIRST = `# Runtime classes used by the shop.
# Added in the platform migration.
apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata:
  name: kata
handler: kata-qemu
---
`;

describe('baseline round trip', () => {
  it('accepts today’s findings, survives line shifts, and reports only what is new', async () => {
    const baselineFile = join(dir, 'round-trip.json');
    const before = check({ 'deploy/web.yaml': DEPLOYMENT });
    expect(unsuppressed(before)).toHaveLength(2);
    expect(exitStatusFor(before)).toBe(1);
    await writeBaseline(baselineFile, before);
    const baseline = await readBaseline(baselineFile);

    // Lines inserted above the object (comments and a whole document): every finding moves down.
    const shifted = check({ 'deploy/web.yaml': RUNTIME_CLASS_FIRST + DEPLOYMENT });
    expect(shifted.map((f) => f.region.startLine)).toEqual(before.map((f) => f.region.startLine + 8));
    expect(shifted.map((f) => f.documentIndex)).toEqual([1, 1]);
    const afterShift = applyBaseline(shifted, baseline, baselineFile);
    expect(unsuppressed(afterShift)).toEqual([]);
    expect(afterShift.map((f) => f.suppression)).toEqual([
      { kind: 'baseline', justification: `Accepted in baseline ${baselineFile}` },
      { kind: 'baseline', justification: `Accepted in baseline ${baselineFile}` },
    ]);
    expect(exitStatusFor(afterShift)).toBe(0);

    // A changed message (the container was renamed) is a new finding; the other stays accepted.
    const renamed = check({
      'deploy/web.yaml': RUNTIME_CLASS_FIRST + DEPLOYMENT.replace('name: app', 'name: api'),
    });
    const afterRename = applyBaseline(renamed, baseline, baselineFile);
    expect(unsuppressed(afterRename).map((f) => f.message)).toEqual([
      'Container "api" is privileged but the pod runs under runc',
    ]);
    expect(exitStatusFor(afterRename)).toBe(1);
  });

  it('writes a sorted, documented file for humans, without line numbers', async () => {
    const baselineFile = join(dir, 'layout.json');
    const findings = check({
      'z/last.yaml': DEPLOYMENT,
      'a/first.yaml': DEPLOYMENT.replace('name: web', 'name: api'),
    });
    await writeBaseline(baselineFile, findings);
    const text = await readFile(baselineFile, 'utf8');
    const json = JSON.parse(text);
    expect(Object.keys(json)).toEqual(['version', 'findings']);
    expect(json.version).toBe(1);
    expect(json.findings.map((e: Record<string, string>) => [e.file, e.object, e.message])).toEqual([
      ['a/first.yaml', 'Deployment shop/api', 'Container "app" is privileged but the pod runs under runc'],
      [
        'a/first.yaml',
        'Deployment shop/api',
        'Container "sidecar" is privileged but the pod runs under runc',
      ],
      ['z/last.yaml', 'Deployment shop/web', 'Container "app" is privileged but the pod runs under runc'],
      ['z/last.yaml', 'Deployment shop/web', 'Container "sidecar" is privileged but the pod runs under runc'],
    ]);
    expect(Object.keys(json.findings[0])).toEqual(['fingerprint', 'ruleId', 'file', 'object', 'message']);
    expect(text).not.toMatch(/line|column/i);
    // Same findings in another order: the same bytes.
    expect(serializeBaseline(createBaseline([...findings].reverse()))).toBe(text);
  });

  it('leaves out findings suppressed in the source, keeps those accepted by a baseline', () => {
    const [app, sidecar] = check({ 'web.yaml': DEPLOYMENT });
    const baseline = createBaseline([
      { ...app, suppression: { kind: 'comment' } },
      { ...sidecar, suppression: { kind: 'baseline' } },
    ]);
    expect(baseline.findings.map((e) => e.fingerprint)).toEqual([sidecar.fingerprint]);
  });

  it('does not replace a suppression written in the source', () => {
    const [app] = check({ 'web.yaml': DEPLOYMENT });
    const annotated = { ...app, suppression: { kind: 'annotation' as const, justification: 'why' } };
    const [result] = applyBaseline([annotated], createBaseline([app]), 'b.json');
    expect(result.suppression).toEqual({ kind: 'annotation', justification: 'why' });
  });
});

describe('reading a baseline', () => {
  it('reports an unusable file as a usage error naming it', async () => {
    const bad = (text: string) => () => parseBaseline(text, 'ci/baseline.json');
    expect(bad('{oops')).toThrow(UsageError);
    expect(bad('{oops')).toThrow(/^baseline ci\/baseline.json is not valid JSON: /);
    expect(bad('[]')).toThrow('baseline ci/baseline.json is not an rtpolicy baseline');
    expect(bad('{"version": 2, "findings": []}')).toThrow(
      'baseline ci/baseline.json has version 2; this rtpolicy reads version 1 (write a new one with --write-baseline)',
    );
    expect(bad('{"version": 1, "findings": [{"ruleId": "RTC031"}]}')).toThrow(
      'baseline ci/baseline.json: findings[0] has no "fingerprint" string',
    );
    await expect(readBaseline(join(dir, 'missing.json'))).rejects.toThrow(
      /^cannot read baseline .*missing\.json: /,
    );
    await expect(writeBaseline(join(dir, 'no/such/dir/b.json'), [])).rejects.toThrow(UsageError);
  });

  it('needs only the fingerprints (hand-edited files may drop the rest)', async () => {
    const [app] = check({ 'web.yaml': DEPLOYMENT });
    const file = join(dir, 'minimal.json');
    await writeFile(file, JSON.stringify({ version: 1, findings: [{ fingerprint: app.fingerprint }] }));
    const [result] = applyBaseline([app], await readBaseline(file), file);
    expect(result.suppression?.kind).toBe('baseline');
  });
});
