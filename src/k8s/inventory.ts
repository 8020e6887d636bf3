// The facts that span documents, given to policies as `data.rtpolicy`:
// RuntimeClasses (with their sandbox class), runtime handlers from node
// configs, Namespaces (with their labels and whether they require a
// sandbox), the configuration and the target Kubernetes version.
//
// The engine makes two passes over the inputs: this inventory first, then
// the evaluation. The inventory pass is cheap: `scanInventory` has the loader
// decode only the documents whose text mentions an INVENTORY_KINDS kind.
import type { Config, Hypervisor, LabelSelector, SandboxClass } from '../config/types.js';
import type { Discovery } from '../loader/discover.js';
import { loadInputs } from '../loader/load.js';
import type {
  KubeObject,
  LoadedDocument,
  LoadedFile,
  LoaderOptions,
  NodeConfig,
  RuntimeHandlerEntry,
} from '../loader/types.js';
import { apiGroup } from './pods.js';
import { type ClassifiedBy, classifyHandlerEntry, classifyRuntimeClass } from './sandbox.js';

/** The kinds the inventory reads (List items included). */
export const INVENTORY_KINDS = ['RuntimeClass', 'Namespace'] as const;

/** Where an object is defined. */
export interface Definition {
  file: string;
  documentIndex: number;
  /** First line of its YAML document. */
  line: number;
  object: KubeObject;
}

export interface RuntimeClassInfo {
  name: string;
  handler?: string;
  sandbox: SandboxClass;
  /** Whether `sandbox` is one of the configured sandbox classes (default `vm`, `gvisor`). */
  sandboxed: boolean;
  hypervisor?: Hypervisor;
  firecracker: boolean;
  classifiedBy: ClassifiedBy;
  /** `repository` when defined in the manifests, `config` when declared cluster-provided in rtpolicy.yaml. */
  source: 'repository' | 'config';
  /** `overhead.podFixed` (`spec.overhead.podFixed` in node.k8s.io/v1alpha1). */
  overhead?: Record<string, unknown>;
  /** `scheduling.nodeSelector`. */
  nodeSelector?: Record<string, unknown>;
  /** The first definition in the repository (file order). */
  object?: KubeObject;
  file?: string;
  documentIndex?: number;
  line?: number;
  /** Every definition in the repository, in file order (RTC005 compares them). */
  definitions: Definition[];
}

export type ClassifiedHandlerEntry = RuntimeHandlerEntry & { sandbox: SandboxClass; hypervisor?: Hypervisor };

export interface NamespaceInfo {
  name: string;
  labels: Record<string, string>;
  /** Whether rtpolicy.yaml requires its workloads to be sandboxed (by name or by label selector). */
  requiresSandbox: boolean;
  /** `repository` for a Namespace object, `config` for a name listed only in rtpolicy.yaml. */
  source: 'repository' | 'config';
  file?: string;
  documentIndex?: number;
  line?: number;
}

export interface NodeConfigSummary {
  file: string;
  format: NodeConfig['format'];
  version?: number;
  defaultHandler?: string;
  handlers: string[];
}

/** `data.rtpolicy`. Every value is plain JSON. */
export interface RtpolicyData {
  runtimeClasses: Record<string, RuntimeClassInfo>;
  /** Handler name -> its entries in the repository's node configs. */
  runtimeHandlers: Record<string, ClassifiedHandlerEntry[]>;
  namespaces: Record<string, NamespaceInfo>;
  /** The node configs found (RTC020 applies only when there are some). */
  nodeConfigs: NodeConfigSummary[];
  config: Config;
  kubernetesVersion: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

export function isRuntimeClass(object: KubeObject): boolean {
  return object.kind === 'RuntimeClass' && apiGroup(object.apiVersion) === 'node.k8s.io';
}

export function isNamespace(object: KubeObject): boolean {
  return object.kind === 'Namespace' && object.apiVersion === 'v1';
}

/** A RuntimeClass's handler, overhead and scheduling; v1alpha1 keeps them under `spec`. */
export function runtimeClassFields(object: KubeObject): {
  handler?: string;
  overhead?: Record<string, unknown>;
  nodeSelector?: Record<string, unknown>;
} {
  const body = object.apiVersion === 'node.k8s.io/v1alpha1' && isObject(object.spec) ? object.spec : object;
  const handler = body === object ? body.handler : body.runtimeHandler;
  const overhead =
    isObject(body.overhead) && isObject(body.overhead.podFixed) ? body.overhead.podFixed : undefined;
  const nodeSelector =
    isObject(body.scheduling) && isObject(body.scheduling.nodeSelector)
      ? body.scheduling.nodeSelector
      : undefined;
  const out: ReturnType<typeof runtimeClassFields> = {};
  if (typeof handler === 'string') out.handler = handler;
  if (overhead) out.overhead = overhead;
  if (nodeSelector) out.nodeSelector = nodeSelector;
  return out;
}

/** Kubernetes label selector semantics; an empty selector matches everything. */
export function selectorMatches(selector: LabelSelector, labels: Record<string, string>): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {}))
    if (labels[key] !== value) return false;
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, key);
    if (operator === 'In' && !(has && values.includes(labels[key]))) return false;
    if (operator === 'NotIn' && has && values.includes(labels[key])) return false;
    if (operator === 'Exists' && !has) return false;
    if (operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isObject(value)) for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** The configuration as policies see it: without the config file's absolute path, which varies by machine. */
function configForPolicies(config: Config): Config {
  const { file: _file, ...rest } = structuredClone(config);
  return rest;
}

/** Collects the inventory from loaded files, then builds `data.rtpolicy`. */
export class InventoryBuilder {
  private readonly runtimeClasses = new Map<string, Definition[]>();
  private readonly namespaces = new Map<string, Definition>();
  private readonly nodeConfigs: NodeConfig[] = [];

  constructor(private readonly config: Config) {}

  add(file: LoadedFile): void {
    if (file.nodeConfig) this.nodeConfigs.push(file.nodeConfig);
    for (const document of file.documents) this.addDocument(document);
  }

  addDocument(document: LoadedDocument): void {
    const { object } = document;
    const name = object.metadata?.name;
    if (typeof name !== 'string' || name === '') return;
    const definition: Definition = {
      file: document.file,
      documentIndex: document.documentIndex,
      line: document.line,
      object,
    };
    if (isRuntimeClass(object)) {
      const list = this.runtimeClasses.get(name) ?? [];
      list.push(definition);
      this.runtimeClasses.set(name, list);
    } else if (isNamespace(object) && !this.namespaces.has(name)) {
      this.namespaces.set(name, definition);
    }
  }

  build(): RtpolicyData {
    const { config } = this;
    const handlers: Record<string, RuntimeHandlerEntry[]> = {};
    const runtimeHandlers: Record<string, ClassifiedHandlerEntry[]> = {};
    for (const nodeConfig of this.nodeConfigs) {
      for (const entry of nodeConfig.handlers) {
        handlers[entry.handler] ??= [];
        handlers[entry.handler].push(entry);
        runtimeHandlers[entry.handler] ??= [];
        runtimeHandlers[entry.handler].push({ ...entry, ...classifyHandlerEntry(entry) });
      }
    }
    const sandboxClasses: readonly string[] = config.sandbox.classes;
    const runtimeClasses: Record<string, RuntimeClassInfo> = {};
    for (const [name, definitions] of this.runtimeClasses) {
      const first = definitions[0];
      const fields = runtimeClassFields(first.object);
      const classification = classifyRuntimeClass(name, fields.handler, config, handlers);
      runtimeClasses[name] = {
        name,
        ...fields,
        ...classification,
        sandboxed: sandboxClasses.includes(classification.sandbox),
        source: 'repository',
        object: first.object,
        file: first.file,
        documentIndex: first.documentIndex,
        line: first.line,
        definitions,
      };
    }
    for (const [name, setting] of Object.entries(config.runtimeClasses)) {
      if (Object.hasOwn(runtimeClasses, name)) continue; // an override of a repository class, applied above
      const classification = classifyRuntimeClass(name, setting.handler, config, handlers);
      const info: RuntimeClassInfo = {
        name,
        ...classification,
        sandboxed: sandboxClasses.includes(classification.sandbox),
        source: 'config',
        definitions: [],
      };
      if (setting.handler) info.handler = setting.handler;
      if (setting.overhead) info.overhead = setting.overhead;
      if (setting.nodeSelector) info.nodeSelector = setting.nodeSelector;
      runtimeClasses[name] = info;
    }
    return {
      runtimeClasses,
      runtimeHandlers,
      namespaces: this.buildNamespaces(),
      nodeConfigs: this.nodeConfigs.map(({ file, format, version, defaultHandler, handlers: entries }) => {
        const summary: NodeConfigSummary = { file, format, handlers: entries.map((e) => e.handler) };
        if (version !== undefined) summary.version = version;
        if (defaultHandler !== undefined) summary.defaultHandler = defaultHandler;
        return summary;
      }),
      config: configForPolicies(config),
      kubernetesVersion: config.kubernetesVersion,
    };
  }

  private buildNamespaces(): Record<string, NamespaceInfo> {
    const { namespaces: required, namespaceSelector } = this.config.sandbox;
    const requires = (name: string, labels: Record<string, string>): boolean =>
      required.includes(name) ||
      (namespaceSelector !== undefined && selectorMatches(namespaceSelector, labels));
    const out: Record<string, NamespaceInfo> = {};
    for (const [name, definition] of this.namespaces) {
      const labels = stringMap(definition.object.metadata?.labels);
      out[name] = {
        name,
        labels,
        requiresSandbox: requires(name, labels),
        source: 'repository',
        file: definition.file,
        documentIndex: definition.documentIndex,
        line: definition.line,
      };
    }
    for (const name of required) {
      if (!Object.hasOwn(out, name))
        out[name] = { name, labels: {}, requiresSandbox: true, source: 'config' };
    }
    return out;
  }
}

/** `data.rtpolicy` from loaded files. */
export function buildInventory(files: Iterable<LoadedFile>, config: Config): RtpolicyData {
  const builder = new InventoryBuilder(config);
  for (const file of files) builder.add(file);
  return builder.build();
}

/**
 * The inventory pass: loads the inputs decoding only documents that mention
 * an inventory kind (and node configs), and builds `data.rtpolicy`. Pass the
 * `discovery` the evaluation pass will use, so that the file tree is searched once.
 */
export async function scanInventory(
  inputs: readonly string[],
  options: LoaderOptions,
  config: Config,
  discovery?: Discovery,
): Promise<RtpolicyData> {
  const builder = new InventoryBuilder(config);
  for await (const file of loadInputs(inputs, { ...options, onlyKinds: INVENTORY_KINDS }, discovery)) {
    builder.add(file);
  }
  return builder.build();
}
