import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { findIgnoreComments, parseIgnoreComment } from '../../src/engine/ignore-comments.js';
import { applySuppressions } from '../../src/engine/suppress.js';
import type { Finding } from '../../src/engine/types.js';
import { check, DEPLOYMENT } from './baseline-fixture.js';

const suppressionsOf = (findings: Finding[]) =>
  findings.map((f) => [f.message.match(/"(\w+)"/)?.[1], f.suppression ?? null]);

describe('suppression by annotation', () => {
  it('ignores the listed rules on the annotated object, with the reason', () => {
    const pod = `apiVersion: v1
kind: Pod
metadata:
  name: debug
  annotations:
    rtpolicy.io/ignore: "RTC010, RTC031"
    rtpolicy.io/ignore-reason: needs host access to debug the CNI
spec:
  containers:
    - name: shell
      securityContext:
        privileged: true
`;
    expect(suppressionsOf(check({ 'pod.yaml': pod }))).toEqual([
      ['shell', { kind: 'annotation', justification: 'needs host access to debug the CNI' }],
    ]);
  });

  it('does not ignore rules the annotation does not list', () => {
    const pod = `apiVersion: v1
kind: Pod
metadata:
  name: debug
  annotations:
    rtpolicy.io/ignore: RTC0310,RTC03
spec:
  containers:
    - name: shell
      securityContext: {privileged: true}
`;
    expect(suppressionsOf(check({ 'pod.yaml': pod }))).toEqual([['shell', null]]);
  });

  it("honours the annotation on a workload's pod template", () => {
    const annotated = DEPLOYMENT.replace(
      '  template:\n',
      '  template:\n    metadata:\n      annotations:\n        rtpolicy.io/ignore: RTC031\n',
    );
    expect(suppressionsOf(check({ 'web.yaml': annotated }))).toEqual([
      ['app', { kind: 'annotation' }],
      ['sidecar', { kind: 'annotation' }],
    ]);
  });

  it("honours the annotation on a CronJob's job template's pod template", () => {
    const cronJob = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: backup
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        metadata:
          annotations:
            rtpolicy.io/ignore: RTC031
            rtpolicy.io/ignore-reason: "  snapshot needs the device  "
        spec:
          containers:
            - name: snapshot
              securityContext:
                privileged: true
`;
    expect(suppressionsOf(check({ 'cron.yaml': cronJob }))).toEqual([
      ['snapshot', { kind: 'annotation', justification: 'snapshot needs the device' }],
    ]);
  });

  it('reads the annotation of the List item the finding is in', () => {
    const list = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata: {name: a}
    spec:
      containers: [{name: first, securityContext: {privileged: true}}]
  - apiVersion: v1
    kind: Pod
    metadata:
      name: b
      annotations: {rtpolicy.io/ignore: RTC031}
    spec:
      containers: [{name: second, securityContext: {privileged: true}}]
`;
    // The fixture's check() does not look into Lists; borrow a finding and point it at the items.
    const [first, second] = check({ 'list.yaml': DEPLOYMENT }).map((f) => ({ ...f, documentIndex: 0 }));
    const sources = {
      document: () => parseDocument(list).toJS(),
      comments: () => new Map(),
    };
    const findings = applySuppressions(
      [
        { ...first, path: ['items', 0, 'spec', 'containers', 0, 'securityContext', 'privileged'] },
        { ...second, path: ['items', 1, 'spec', 'containers', 0, 'securityContext', 'privileged'] },
      ],
      sources,
    );
    expect(findings.map((f) => f.suppression ?? null)).toEqual([null, { kind: 'annotation' }]);
  });

  it('applies to its own document only', () => {
    const twoDocs = `apiVersion: v1
kind: Pod
metadata:
  name: a
  annotations: {rtpolicy.io/ignore: RTC031}
spec:
  containers: [{name: first, securityContext: {privileged: true}}]
---
apiVersion: v1
kind: Pod
metadata: {name: b}
spec:
  containers: [{name: second, securityContext: {privileged: true}}]
`;
    expect(suppressionsOf(check({ 'pods.yaml': twoDocs }))).toEqual([
      ['first', { kind: 'annotation' }],
      ['second', null],
    ]);
  });
});

describe('suppression by comment', () => {
  it('on the finding’s line, with the reason', () => {
    const text = DEPLOYMENT.replace(
      'shop/web:1.4\n          securityContext:\n            privileged: true',
      'shop/web:1.4\n          securityContext:\n            privileged: true # rtpolicy:ignore RTC031 vendor image needs /dev/kvm',
    );
    expect(suppressionsOf(check({ 'web.yaml': text }))).toEqual([
      ['app', { kind: 'comment', justification: 'vendor image needs /dev/kvm' }],
      ['sidecar', null],
    ]);
  });

  it('alone on the line above, with several ids', () => {
    const text = DEPLOYMENT.replace(
      'envoy:1.30\n          securityContext:\n',
      'envoy:1.30\n          securityContext:\n            # rtpolicy:ignore RTC010,RTC031\n',
    );
    expect(suppressionsOf(check({ 'web.yaml': text }))).toEqual([
      ['app', null],
      ['sidecar', { kind: 'comment' }],
    ]);
  });

  it('not when the comment on the line above trails other content, or is two lines up', () => {
    const trailing = DEPLOYMENT.replace(
      'envoy:1.30\n          securityContext:\n',
      'envoy:1.30\n          securityContext: # rtpolicy:ignore RTC031\n',
    );
    const twoUp = DEPLOYMENT.replace(
      '- name: sidecar\n',
      '- name: sidecar # rtpolicy:ignore RTC031\n',
    ).replace(
      'envoy:1.30\n',
      'envoy:1.30\n          # rtpolicy:ignore RTC031\n          # keep the sidecar until v2\n',
    );
    expect(suppressionsOf(check({ 'web.yaml': trailing }))).toEqual([
      ['app', null],
      ['sidecar', null],
    ]);
    expect(suppressionsOf(check({ 'web.yaml': twoUp }))).toEqual([
      ['app', null],
      ['sidecar', null],
    ]);
  });

  it('not for other rules', () => {
    const text = DEPLOYMENT.replace(
      'privileged: true\n        - name: sidecar',
      'privileged: true # rtpolicy:ignore RTC0311\n        - name: sidecar',
    );
    expect(suppressionsOf(check({ 'web.yaml': text }))[0]).toEqual(['app', null]);
  });

  it('keeps findings already suppressed as they are', () => {
    const [finding] = check({ 'web.yaml': DEPLOYMENT });
    const baselined = { ...finding, suppression: { kind: 'baseline' as const } };
    const result = applySuppressions([baselined], {
      document: () => ({ metadata: { annotations: { 'rtpolicy.io/ignore': 'RTC031' } } }),
      comments: () => new Map(),
    });
    expect(result[0]).toBe(baselined);
  });
});

describe('finding # rtpolicy:ignore comments', () => {
  it('uses the YAML lexer: a # inside a scalar is not a comment', () => {
    const text = [
      'a: "# rtpolicy:ignore RTC001"', // 1: double-quoted
      "b: '# rtpolicy:ignore RTC002'", // 2: single-quoted
      'c: x#rtpolicy:ignore RTC003', // 3: a # without space before it is part of the plain scalar
      'd: |', // 4
      '  # rtpolicy:ignore RTC004', // 5: block scalar content
      'e: 1 # rtpolicy:ignore RTC005 trailing', // 6
      '  # rtpolicy:ignore RTC006', // 7: own line
      '{"f": "# rtpolicy:ignore RTC007"}', // 8 (not valid after a block map; the lexer carries on)
      '--- |', // 9: a document that is a block scalar
      '# rtpolicy:ignore RTC008', // 10: its content, though it starts at column 1
    ].join('\n');
    const found = [...findIgnoreComments(text)].map(([line, ds]) => [
      line,
      ds.map((d) => [d.ruleIds, d.ownLine]),
    ]);
    expect(found).toEqual([
      [6, [[['RTC005'], false]]],
      [7, [[['RTC006'], true]]],
    ]);
  });

  it('counts lines across documents, CRLF line ends and flow collections', () => {
    const text = 'a: 1\r\n---\r\n# rtpolicy:ignore X1\r\nb: [1,\r\n  2] # rtpolicy:ignore X2\r\n';
    expect([...findIgnoreComments(text).keys()]).toEqual([3, 5]);
  });

  it('parses ids and reasons', () => {
    expect(parseIgnoreComment('# rtpolicy:ignore RTC031')).toEqual({ ruleIds: ['RTC031'] });
    expect(parseIgnoreComment('#rtpolicy:ignore RTC031,RTC033   why not')).toEqual({
      ruleIds: ['RTC031', 'RTC033'],
      reason: 'why not',
    });
    expect(parseIgnoreComment('# rtpolicy:ignore RTC031, RTC033 , ACME-7 reason, with commas')).toEqual({
      ruleIds: ['RTC031', 'RTC033', 'ACME-7'],
      reason: 'reason, with commas',
    });
    // Without ids nothing is ignored: a blanket ignore would also hide rules added later.
    expect(parseIgnoreComment('# rtpolicy:ignore')).toBeUndefined();
    expect(parseIgnoreComment('# rtpolicy:ignored RTC031')).toBeUndefined();
    expect(parseIgnoreComment('# see rtpolicy:ignore RTC031')).toBeUndefined();
  });
});
