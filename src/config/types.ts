// The typed form of rtpolicy.yaml, after validation and defaults.
import type { Severity } from '../engine/types.js';

export type FailLevel = Severity | 'none';

/** How a RuntimeClass isolates its pods (RULES.md "How a RuntimeClass is classified"). */
export type SandboxClass = 'vm' | 'gvisor' | 'none' | 'unknown';

/** The classes that can count as sandboxes. */
export type SandboxingClass = 'vm' | 'gvisor';

/** The virtual machine monitor behind a `vm` class (Kata Containers). */
export type Hypervisor = 'qemu' | 'cloud-hypervisor' | 'firecracker' | 'dragonball' | 'stratovirt' | 'remote';

export interface RuleSetting {
  enabled: boolean;
  /** Overrides the rule's default severity. */
  severity?: Severity;
}

/**
 * A RuntimeClass the cluster provides (GKE's `gvisor`, AKS's
 * `kata-vm-isolation`) or an override for one defined in the repository.
 */
export interface RuntimeClassSetting {
  handler?: string;
  /** Overrides the classification (first in RULES.md's order). */
  sandbox?: 'vm' | 'gvisor' | 'none';
  hypervisor?: Hypervisor;
  /** `overhead.podFixed` of a cluster-provided class (resource name -> quantity). */
  overhead?: Record<string, string>;
  /** `scheduling.nodeSelector` of a cluster-provided class. */
  nodeSelector?: Record<string, string>;
}

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

/** A Kubernetes label selector (as in a NetworkPolicy's namespaceSelector). */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export interface OverheadMinimum {
  cpu?: string;
  memory?: string;
}

export interface SandboxSettings {
  /** Which classes count as a sandbox (default: `vm` and `gvisor`). */
  classes: SandboxingClass[];
  /** Namespaces whose workloads must run sandboxed, by name. */
  namespaces: string[];
  /** ...or by the labels of the repository's Namespace objects. */
  namespaceSelector?: LabelSelector;
  /**
   * Minimum `overhead.podFixed` of sandboxed classes, by hypervisor
   * (`qemu`, `firecracker`, ...), `vm` for a VM whose hypervisor is not known,
   * and `gvisor`.
   */
  minimumOverhead: Record<string, OverheadMinimum>;
}

export interface Limits {
  /** Files larger than this many bytes are not read (RTP003). */
  maxFileSize: number;
  /** Documents whose aliases expand beyond this many nodes are not checked (RTP004). */
  maxAliasNodes: number;
}

export interface Config {
  /** Absolute path of the rtpolicy.yaml it was read from; undefined for the defaults. */
  file?: string;
  /** By rule id (`RTC031`, `RTP002`, a custom policy's id). */
  rules: Record<string, RuleSetting>;
  /** By RuntimeClass name. */
  runtimeClasses: Record<string, RuntimeClassSetting>;
  sandbox: SandboxSettings;
  /** Globs of files to leave out; those containing `/` are relative to the config file's directory. */
  ignore: string[];
  /** `major.minor`, e.g. `1.34`. */
  kubernetesVersion: string;
  failLevel: FailLevel;
  limits: Limits;
}
