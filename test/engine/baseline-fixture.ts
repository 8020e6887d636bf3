// A miniature of the engine's finding pipeline for the suppression and
// baseline tests: decode manifests with real source positions, report one
// rule (privileged containers), then fingerprint, apply suppressions and
// sort, as `rtpolicy check` does. Only the rule is a stand-in.
import { LineCounter, parseAllDocuments } from 'yaml';
import { assignFingerprints, type UnfingerprintedFinding } from '../../src/engine/fingerprint.js';
import { findIgnoreComments } from '../../src/engine/ignore-comments.js';
import { applySuppressions, type SuppressionSources } from '../../src/engine/suppress.js';
import type { Finding } from '../../src/engine/types.js';

interface Decoded {
  object: Record<string, unknown>;
  positionOf(path: (string | number)[]): { line: number; col: number; endLine: number; endCol: number };
}

function decode(text: string): Decoded[] {
  const lineCounter = new LineCounter();
  return parseAllDocuments(text, { lineCounter }).map((doc) => ({
    object: doc.toJS() as Record<string, unknown>,
    positionOf(path) {
      const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
      const [start, end] = node?.range ?? [0, 0];
      const from = lineCounter.linePos(start);
      const to = lineCounter.linePos(end);
      return { line: from.line, col: from.col, endLine: to.line, endCol: to.col };
    },
  }));
}

const POD_SPEC: Record<string, (string | number)[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** RTC031 for every privileged container of a Pod, Deployment or CronJob. */
function privilegedContainers(file: string, documentIndex: number, doc: Decoded): UnfingerprintedFinding[] {
  const { object } = doc;
  const specPath = POD_SPEC[object.kind as string];
  if (!specPath) return [];
  let spec: unknown = object;
  for (const key of specPath) spec = (spec as Record<string, unknown> | undefined)?.[key as string];
  const containers = ((spec as { containers?: unknown[] } | undefined)?.containers ?? []) as {
    name?: string;
    securityContext?: { privileged?: boolean };
  }[];
  const metadata = object.metadata as { name?: string; namespace?: string } | undefined;
  return containers.flatMap((container, index) => {
    if (container.securityContext?.privileged !== true) return [];
    const path = [...specPath, 'containers', index, 'securityContext', 'privileged'];
    const at = doc.positionOf(path);
    return [
      {
        ruleId: 'RTC031',
        severity: 'error' as const,
        message: `Container "${container.name}" is privileged but the pod runs under runc`,
        file,
        region: { startLine: at.line, startColumn: at.col, endLine: at.endLine, endColumn: at.endCol },
        documentIndex,
        path,
        object: {
          apiVersion: object.apiVersion as string,
          kind: object.kind as string,
          namespace: metadata?.namespace,
          name: metadata?.name,
        },
      },
    ];
  });
}

export function check(files: Record<string, string>): Finding[] {
  const decoded = new Map(Object.entries(files).map(([file, text]) => [file, decode(text)]));
  const raw = [...decoded].flatMap(([file, docs]) =>
    docs.flatMap((doc, i) => privilegedContainers(file, i, doc)),
  );
  const sources: SuppressionSources = {
    document: (file, index) => decoded.get(file)?.[index]?.object,
    comments: (file) => findIgnoreComments(files[file] ?? ''),
  };
  return applySuppressions(assignFingerprints(raw), sources);
}

export const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      containers:
        - name: app
          image: shop/web:1.4
          securityContext:
            privileged: true
        - name: sidecar
          image: envoy:1.30
          securityContext:
            privileged: true
`;
