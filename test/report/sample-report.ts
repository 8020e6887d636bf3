// A report with the shapes reporters must handle: several files, every
// severity, each kind of suppression, a multi-line message with markup and
// control characters, non-ASCII text, a finding without an object, and a rule
// id that the report's rule list does not describe.
import { assignFingerprints, type UnfingerprintedFinding } from '../../src/engine/fingerprint.js';
import { type Report, RTPOLICY_RULES, type RuleInfo } from '../../src/engine/types.js';

export const SAMPLE_RULES: RuleInfo[] = [
  ...RTPOLICY_RULES,
  {
    id: 'RTC031',
    name: 'privileged-without-sandbox',
    title: 'Privileged pod without a sandboxed RuntimeClass',
    description:
      'A privileged container under runc shares the host kernel; a container escape gives the attacker the node.',
    severity: 'error',
    remediation: 'Set `runtimeClassName` to a kata or gVisor RuntimeClass, or drop `privileged`.',
    helpUri: 'https://rtpolicy.dev/rules/RTC031',
    relatedResources: ['https://kubernetes.io/docs/concepts/containers/runtime-class/'],
    tags: ['security', 'runtimeclass'],
    origin: 'builtin',
    policyRef: 'data.rtpolicy.rtc031.deny',
  },
  {
    id: 'RTC016',
    name: 'sandbox-without-node-selector',
    title: 'Sandboxed RuntimeClass without scheduling.nodeSelector',
    description: 'Pods may land on nodes that lack the sandbox runtime and fail to start.',
    severity: 'warning',
    helpUri: 'https://rtpolicy.dev/rules/RTC016',
    tags: ['runtimeclass'],
    origin: 'builtin',
  },
  {
    id: 'ACME-7',
    name: 'team-label',
    title: 'Workloads carry a team label',
    description: 'Teams are paged by the `team` label.',
    severity: 'note',
    origin: 'policy',
    policyRef: 'data.acme.labels.warn',
  },
];

const raw: UnfingerprintedFinding[] = [
  {
    ruleId: 'RTC031',
    severity: 'error',
    message: 'Container "app" is privileged but the pod runs under runc',
    file: 'deploy/web.yaml',
    region: { startLine: 21, startColumn: 13, endLine: 21, endColumn: 25 },
    documentIndex: 0,
    path: ['spec', 'template', 'spec', 'containers', 0, 'securityContext', 'privileged'],
    object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' },
  },
  {
    ruleId: 'RTC031',
    severity: 'error',
    message: 'Container "debug" is privileged but the pod runs under runc',
    file: 'deploy/web.yaml',
    region: { startLine: 30, startColumn: 13, endLine: 30, endColumn: 25 },
    documentIndex: 0,
    path: ['spec', 'template', 'spec', 'containers', 1, 'securityContext', 'privileged'],
    object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' },
    suppression: { kind: 'comment', justification: 'debug sidecar, removed after incident 42' },
  },
  {
    ruleId: 'ACME-7',
    severity: 'note',
    message: 'Deployment "web" has no <team> label | add one & retry\nsecond line\u001b[31m',
    file: 'deploy/web.yaml',
    region: { startLine: 4, startColumn: 3, endLine: 6, endColumn: 1 },
    documentIndex: 0,
    path: ['metadata', 'labels'],
    object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' },
  },
  {
    ruleId: 'RTC016',
    severity: 'warning',
    message:
      'RuntimeClass "kata-qemu" has no scheduling.nodeSelector; pods may be placed on nodes without Kata',
    file: 'cluster/runtimeclasses.yaml',
    region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 11 },
    documentIndex: 0,
    object: { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', name: 'kata-qemu' },
    suppression: { kind: 'baseline', justification: 'Accepted in baseline .rtpolicy-baseline.json' },
  },
  {
    ruleId: 'RTC016',
    severity: 'warning',
    message:
      'RuntimeClass "gvisor" has no scheduling.nodeSelector; pods may be placed on nodes without gVisor',
    file: 'cluster/runtimeclasses.yaml',
    region: { startLine: 9, startColumn: 1, endLine: 9, endColumn: 11 },
    documentIndex: 1,
    object: { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', name: 'gvisor' },
    suppression: { kind: 'annotation' },
  },
  {
    ruleId: 'RTP001',
    severity: 'error',
    message: 'did not find expected key while parsing a block mapping',
    file: 'broken/naïve café.yaml',
    region: { startLine: 3, startColumn: 5, endLine: 3, endColumn: 6 },
  },
  {
    ruleId: 'X-UNDESCRIBED',
    severity: 'warning',
    message: 'A finding from a rule the report does not describe',
    file: 'deploy/web.yaml',
    region: { startLine: 21, startColumn: 13, endLine: 21, endColumn: 25 },
    documentIndex: 0,
  },
];

/** A fresh copy each call, so a test can change it without affecting others. */
export function sampleReport(): Report {
  return {
    tool: { name: 'rtpolicy', version: '0.1.0', informationUri: 'https://github.com/rtpolicy/rtpolicy' },
    rules: structuredClone(SAMPLE_RULES).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    findings: assignFingerprints(structuredClone(raw)),
    stats: {
      files: 4,
      documents: 7,
      skipped: { 'not-kubernetes': 1, 'helm-template': 2 },
      durationMs: 212.4,
    },
  };
}

export function emptyReport(): Report {
  return {
    ...sampleReport(),
    findings: [],
    stats: { files: 2, documents: 3, skipped: {}, durationMs: 1534 },
  };
}
