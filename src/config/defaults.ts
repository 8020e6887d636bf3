// Every default of rtpolicy.yaml, in one place.
import type { Config, Hypervisor, OverheadMinimum, SandboxingClass } from './types.js';

/** The latest stable Kubernetes minor when this release was made. */
export const DEFAULT_KUBERNETES_VERSION = '1.34';

export const DEFAULT_SANDBOX_CLASSES: readonly SandboxingClass[] = ['vm', 'gvisor'];

export const HYPERVISORS: readonly Hypervisor[] = [
  'qemu',
  'cloud-hypervisor',
  'firecracker',
  'dragonball',
  'stratovirt',
  'remote',
];

/**
 * Memory a Kata VM needs beyond its containers, from kata-deploy's
 * RuntimeClass chart values: about 320Mi with QEMU, 130Mi with the lighter
 * VMMs. `vm` is for a VM class whose hypervisor is not known.
 */
export const DEFAULT_MINIMUM_OVERHEAD: Readonly<Record<string, OverheadMinimum>> = {
  qemu: { memory: '320Mi' },
  'cloud-hypervisor': { memory: '130Mi' },
  firecracker: { memory: '130Mi' },
  vm: { memory: '130Mi' },
};

export const DEFAULT_MAX_FILE_SIZE = 8 * 1024 * 1024;
export const DEFAULT_MAX_ALIAS_NODES = 1_000_000;

/** A fresh copy of the defaults (callers may change it). */
export function defaultConfig(): Config {
  return {
    rules: {},
    runtimeClasses: {},
    sandbox: {
      classes: [...DEFAULT_SANDBOX_CLASSES],
      namespaces: [],
      minimumOverhead: structuredClone(DEFAULT_MINIMUM_OVERHEAD) as Record<string, OverheadMinimum>,
    },
    ignore: [],
    kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
    failLevel: 'error',
    limits: { maxFileSize: DEFAULT_MAX_FILE_SIZE, maxAliasNodes: DEFAULT_MAX_ALIAS_NODES },
  };
}
