// Where pods live in workload objects (RULES.md "Where pods live", after
// pod-security-admission's pod spec extractor).

export type JsonObject = Record<string, unknown>;

export interface PodTemplatePaths {
  /** API groups that define the kind with this layout (`''` is the core group). */
  groups: readonly string[];
  spec: readonly string[];
  metadata: readonly string[];
}

const TEMPLATE = { spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] };
const APPS = ['apps', 'extensions'];

/** Pod spec and pod metadata paths by workload kind. */
export const POD_TEMPLATE_PATHS: Readonly<Record<string, PodTemplatePaths>> = {
  Pod: { groups: [''], spec: ['spec'], metadata: ['metadata'] },
  PodTemplate: { groups: [''], spec: ['template', 'spec'], metadata: ['template', 'metadata'] },
  ReplicationController: { groups: [''], ...TEMPLATE },
  ReplicaSet: { groups: APPS, ...TEMPLATE },
  Deployment: { groups: APPS, ...TEMPLATE },
  StatefulSet: { groups: APPS, ...TEMPLATE },
  DaemonSet: { groups: APPS, ...TEMPLATE },
  Job: { groups: ['batch'], ...TEMPLATE },
  CronJob: {
    groups: ['batch'],
    spec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
    metadata: ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
  },
};

/** The fields of a pod spec that hold containers. */
export const CONTAINER_FIELDS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

export interface PodSpecRef {
  /** The pod spec (`spec` of a Pod, `spec.template.spec` of a Deployment...). */
  spec: JsonObject;
  /** The pod's metadata (labels, annotations); `{}` when the template has none. */
  metadata: JsonObject;
  specPath: string[];
  metadataPath: string[];
}

export interface ContainerRef {
  container: JsonObject;
  field: (typeof CONTAINER_FIELDS)[number];
  index: number;
  /** Path of the container in the object. */
  path: (string | number)[];
}

const isObject = (value: unknown): value is JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

function at(object: unknown, path: readonly string[]): unknown {
  let node = object;
  for (const key of path) node = isObject(node) ? node[key] : undefined;
  return node;
}

/** The API group of an apiVersion (`apps/v1` -> `apps`, `v1` -> `''`). */
export function apiGroup(apiVersion: unknown): string | undefined {
  if (typeof apiVersion !== 'string') return undefined;
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/**
 * The pod specs of a workload object, with their paths: one for the kinds of
 * POD_TEMPLATE_PATHS (in their own API groups), none for anything else or
 * when the object has no pod spec where its kind puts it.
 */
export function extractPodSpecs(object: unknown): PodSpecRef[] {
  if (!isObject(object) || typeof object.kind !== 'string') return [];
  const paths = Object.hasOwn(POD_TEMPLATE_PATHS, object.kind) ? POD_TEMPLATE_PATHS[object.kind] : undefined;
  const group = apiGroup(object.apiVersion);
  if (!paths || group === undefined || !paths.groups.includes(group)) return [];
  const spec = at(object, paths.spec);
  if (!isObject(spec)) return [];
  const metadata = at(object, paths.metadata);
  return [
    {
      spec,
      metadata: isObject(metadata) ? metadata : {},
      specPath: [...paths.spec],
      metadataPath: [...paths.metadata],
    },
  ];
}

/** The containers of a pod spec (init, regular, ephemeral), with their paths in the object. */
export function listContainers(pod: PodSpecRef): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const field of CONTAINER_FIELDS) {
    const list = pod.spec[field];
    if (!Array.isArray(list)) continue;
    list.forEach((container, index) => {
      if (isObject(container)) out.push({ container, field, index, path: [...pod.specPath, field, index] });
    });
  }
  return out;
}
