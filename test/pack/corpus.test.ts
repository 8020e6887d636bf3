// The pack on real manifests (../shared/corpus/manifests, ~1,100 files from
// public repositories; skipped when absent): no policy failure, and the
// precision properties false positives would break.
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import { check } from '../../src/engine/check.js';
import type { Finding } from '../../src/engine/types.js';
import { scanInventory } from '../../src/k8s/inventory.js';
import { FIXTURES, REPO_ROOT } from './fixture-expectations.js';

const CORPUS = join(REPO_ROOT, '..', 'shared', 'corpus', 'manifests');
const corpus = relative(REPO_ROOT, CORPUS);

const WORKLOAD_KINDS = [
  'Pod',
  'PodTemplate',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
];

let findings: Finding[];
let definedClasses: Set<string>;

describe.skipIf(!existsSync(CORPUS))('built-in pack on the real-manifest corpus', () => {
  beforeAll(async () => {
    const config = join(FIXTURES, 'rtpolicy.yaml');
    ({
      report: { findings },
    } = await check({ paths: [corpus], cwd: REPO_ROOT, config, cacheDir: false }));
    const inventory = await scanInventory([corpus], { cwd: REPO_ROOT }, defaultConfig());
    definedClasses = new Set(Object.keys(inventory.runtimeClasses));
  }, 180_000);

  const pack = () => findings.filter((f) => f.ruleId.startsWith('RTC'));

  it('evaluates every document without a policy failure', () => {
    expect(findings.filter((f) => f.ruleId === 'RTP010').map((f) => `${f.file}: ${f.message}`)).toEqual([]);
  });

  it('reports only on workloads, RuntimeClasses and node configs (never CRDs or other kinds)', () => {
    const kinds = new Set(pack().map((f) => f.object?.kind));
    for (const kind of kinds)
      expect([...WORKLOAD_KINDS, 'RuntimeClass', 'ContainerdConfig', 'CrioConfig']).toContain(kind);
  });

  it('RTC010 never names a RuntimeClass defined elsewhere in the corpus', () => {
    const named = pack()
      .filter((f) => f.ruleId === 'RTC010')
      .map((f) => /names RuntimeClass "([^"]+)"/.exec(f.message)?.[1]);
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((name) => name === undefined || definedClasses.has(name))).toEqual([]);
  });

  it('leaves kustomize patches (partial objects) alone where the base may set runtimeClassName', () => {
    const patch = pack().filter((f) => f.file.endsWith('metallb__metallb/config__frr__speaker-patch.yaml'));
    expect(patch).toEqual([]);
  });

  it('classifies by handler, not by name: kata-deploy classes are VMs, minikube gvisor is gVisor', () => {
    const rtc016 = pack().filter((f) => f.ruleId === 'RTC016');
    expect(rtc016.map((f) => f.message)).toContainEqual(
      expect.stringContaining('"gvisor" runs pods in a gvisor sandbox'),
    );
    // A kata pod with hostPath gets RTC033 (it is sandboxed), never RTC031 (it is not runc).
    const kataPod =
      'kata-containers__kata-containers/tests__integration__kubernetes__runtimeclass_workloads__pod-hostpath-kmsg.yaml';
    const onKataPod = pack()
      .filter((f) => f.file.endsWith(kataPod))
      .map((f) => f.ruleId);
    expect(onKataPod).toContain('RTC033');
    expect(onKataPod).not.toContain('RTC031');
  });
});
