// From rule values to findings: element forms, rule ids and severities
// (element, METADATA, configuration), regions through the loader's source
// map, RTP010 for a failed evaluation; and the data files.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyData, readDataFiles } from '../../src/engine/data.js';
import { findingsFor, policyFailureFinding, violationsOf } from '../../src/engine/findings.js';
import type { PolicyRule } from '../../src/engine/policy-rules.js';
import { RuleCatalog } from '../../src/engine/rule-catalog.js';
import type { RuleInfo } from '../../src/engine/types.js';
import { loadText } from '../../src/loader/load.js';
import type { LoadedDocument } from '../../src/loader/types.js';

const rule = (kind: PolicyRule['kind'], ids: string[] = [`acme.${kind}`]): PolicyRule => ({
  ref: `data.acme.${kind}`,
  package: 'acme',
  kind,
  entrypoint: `acme/${kind}`,
  ids,
});

const described: RuleInfo = {
  id: 'ACME-1',
  name: 'registry',
  title: 'Images come from the registry',
  description: 'd',
  severity: 'warning',
  origin: 'policy',
  policyRef: 'data.acme.deny',
};

const MANIFESTS = `apiVersion: v1
kind: ConfigMap
metadata:
  name: first
---
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata:
      name: listed
      namespace: shop
    spec:
      containers:
        - name: app
          image: nginx
`;

let configMap: LoadedDocument;
let listedPod: LoadedDocument;
beforeAll(async () => {
  const loaded = await loadText(MANIFESTS, 'm.yaml');
  [configMap, listedPod] = loaded.documents;
});

describe('violationsOf', () => {
  it('reads strings, objects, booleans and odd values', () => {
    expect(violationsOf(rule('deny'), ['plain message', ''])).toEqual([
      { message: 'plain message' },
      { message: 'data.acme.deny' },
    ]);
    expect(
      violationsOf(rule('violation'), [
        { msg: 'gatekeeper', details: { missing: ['team'] } },
        { msg: 'all fields', id: 'X-1', severity: 'note', title: 'T', path: ['spec', 'containers', 0] },
        { msg: 'bad fields', severity: 'critical', path: 'spec.containers', id: 7 },
        { message: 'conftest result style' },
        { code: 42 },
      ]),
    ).toEqual([
      { message: 'gatekeeper' },
      { message: 'all fields', id: 'X-1', severity: 'note', title: 'T', path: ['spec', 'containers', 0] },
      { message: 'bad fields' },
      { message: 'conftest result style' },
      { message: '{"code":42}' },
    ]);
    expect(violationsOf(rule('deny'), true)).toEqual([{ message: 'data.acme.deny' }]);
    expect(violationsOf(rule('deny'), false)).toEqual([]);
    expect(violationsOf(rule('deny'), 'one complete rule')).toEqual([{ message: 'one complete rule' }]);
  });
});

describe('findingsFor', () => {
  it('takes the id from the element, else the only METADATA id, else <package>.<rule>', async () => {
    const catalog = new RuleCatalog();
    catalog.add([described]);
    const single = await findingsFor(configMap, rule('deny', ['ACME-1']), ['m'], catalog, 'policy');
    expect(single[0]).toMatchObject({ ruleId: 'ACME-1', severity: 'warning' });
    const several = await findingsFor(
      configMap,
      rule('deny', ['ACME-1', 'ACME-2']),
      ['m'],
      catalog,
      'policy',
    );
    expect(several[0]).toMatchObject({ ruleId: 'acme.deny', severity: 'error' });
    const own = await findingsFor(configMap, rule('warn'), [{ msg: 'm', id: 'ACME-9' }], catalog, 'policy');
    expect(own[0]).toMatchObject({ ruleId: 'ACME-9', severity: 'warning' });
    // Ids nobody described get a description, so that reports can list them.
    expect(catalog.list().find((r) => r.id === 'ACME-9')).toMatchObject({
      title: 'ACME-9',
      policyRef: 'data.acme.warn',
      origin: 'policy',
    });
  });

  it('lets the element set the severity, and the configuration override both or turn a rule off', async () => {
    const catalog = new RuleCatalog({
      'ACME-1': { enabled: true, severity: 'note' },
      'ACME-3': { enabled: false },
    });
    catalog.add([described]);
    const elements = [
      { msg: 'a', id: 'ACME-1', severity: 'error' },
      { msg: 'b', id: 'ACME-2', severity: 'note' },
      { msg: 'c', id: 'ACME-3' },
    ];
    const findings = await findingsFor(configMap, rule('deny'), elements, catalog, 'policy');
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ['ACME-1', 'note'],
      ['ACME-2', 'note'],
    ]);
    expect(catalog.list().map((r) => r.id)).not.toContain('ACME-3');
    expect(catalog.list().find((r) => r.id === 'ACME-1')?.severity).toBe('note');
  });

  it('places a finding by its path, inside List items too, and carries the object', async () => {
    const catalog = new RuleCatalog();
    const [withPath, withoutPath, missingPath] = [
      ...(await findingsFor(
        listedPod,
        rule('deny'),
        [
          { msg: 'image', path: ['spec', 'containers', 0, 'image'] },
          { msg: 'whole object' },
          { msg: 'missing', path: ['spec', 'securityContext', 'runAsNonRoot'] },
        ],
        catalog,
        'policy',
      )),
    ];
    expect(withPath).toMatchObject({
      file: 'm.yaml',
      documentIndex: 1,
      path: ['items', 0, 'spec', 'containers', 0, 'image'],
      region: { startLine: 17, startColumn: 11, endLine: 17, endColumn: 23 },
      object: { apiVersion: 'v1', kind: 'Pod', name: 'listed', namespace: 'shop' },
    });
    expect(withoutPath).toMatchObject({ path: ['items', 0], region: { startLine: 9, startColumn: 5 } });
    // A path that does not exist points at its deepest existing parent (`spec:`).
    expect(missingPath.region).toMatchObject({ startLine: 14, startColumn: 5 });
    const top = await findingsFor(configMap, rule('warn'), ['doc'], catalog, 'policy');
    expect(top[0].region).toEqual({ startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 });
    expect(top[0].path).toBeUndefined();
  });

  it('reports a failed evaluation as RTP010 naming the rules and the document', async () => {
    const failure = await policyFailureFinding(
      configMap,
      [rule('deny')],
      'p.rego:3:1: eval_conflict_error: complete rules must not produce multiple outputs',
      new RuleCatalog(),
    );
    expect(failure).toMatchObject({
      ruleId: 'RTP010',
      severity: 'error',
      message:
        'data.acme.deny failed on this document: p.rego:3:1: eval_conflict_error: complete rules must not produce multiple outputs',
      file: 'm.yaml',
      documentIndex: 0,
      object: { kind: 'ConfigMap', name: 'first' },
    });
    expect(
      await policyFailureFinding(
        configMap,
        [rule('deny')],
        'x',
        new RuleCatalog({ RTP010: { enabled: false } }),
      ),
    ).toBe(undefined);
  });
});

describe('data', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rtpolicy-data-test-'));
    await writeFile(join(dir, 'a.json'), JSON.stringify({ teams: { shop: { owner: 'ann' } }, level: 1 }));
    await writeFile(join(dir, 'b.yaml'), 'teams:\n  ops:\n    owner: bob\nlevel: 1\n');
    await writeFile(join(dir, 'conflict.yaml'), 'level: 2\n');
    await writeFile(join(dir, 'list.yaml'), '- 1\n');
    await writeFile(join(dir, 'reserved.json'), '{"rtpolicy": {}}');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('merges JSON and YAML files object by object', async () => {
    expect(await readDataFiles([join(dir, 'a.json'), join(dir, 'b.yaml')])).toEqual({
      teams: { shop: { owner: 'ann' }, ops: { owner: 'bob' } },
      level: 1,
    });
  });

  it('refuses conflicting values, non-objects, data.rtpolicy and missing files', async () => {
    await expect(readDataFiles([join(dir, 'a.json'), join(dir, 'conflict.yaml')])).rejects.toThrow(
      /data\.level is already defined/,
    );
    await expect(readDataFiles([join(dir, 'list.yaml')])).rejects.toThrow(/top level must be an object/);
    await expect(readDataFiles([join(dir, 'reserved.json')])).rejects.toThrow(/data\.rtpolicy is reserved/);
    await expect(readDataFiles([join(dir, 'nope.json')])).rejects.toThrow(
      /--data .*nope\.json: cannot read it/,
    );
  });

  it('puts the inventory at data.rtpolicy beside the set and user data', () => {
    expect(policyData({ bundle: { x: 1 } }, { user: true }, { runtimeClasses: {} }, 'set')).toEqual({
      bundle: { x: 1 },
      user: true,
      rtpolicy: { runtimeClasses: {} },
    });
    expect(() => policyData({ rtpolicy: 1 }, {}, {}, '--bundle b.tar.gz')).toThrow(/reserves/);
  });
});
