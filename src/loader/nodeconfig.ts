// Node configs found under the paths: containerd `config.toml` and CRI-O
// `crio.conf` / `crio.conf.d/*.conf`. Their runtime handlers (what a
// RuntimeClass `handler` names) go to `data.rtpolicy.runtimeHandlers`, and
// each file is also a document that policies can inspect:
//   apiVersion: rtpolicy.io/v1
//   kind: ContainerdConfig | CrioConfig
//   metadata: { name: <file> }
//   version: <containerd config version>      (containerd only)
//   defaultHandler: <default_runtime_name / default_runtime>
//   handlers: [RuntimeHandlerEntry...]
//   config: <the parsed TOML>
import type { TomlTable } from 'smol-toml';
import { TomlLocations } from './toml-locations.js';
import type {
  DocumentPath,
  KubeObject,
  LoadedFile,
  Location,
  NodeConfig,
  RuntimeHandlerEntry,
} from './types.js';

export const NODE_CONFIG_API_VERSION = 'rtpolicy.io/v1';

type Format = NodeConfig['format'];

/** Where containerd keeps its CRI runtimes, by config version. */
const CONTAINERD_RUNTIME_TABLES: { path: string[]; label: string }[] = [
  // version 2 (containerd 1.x with `version = 2`, also read by 2.x for migration)
  {
    path: ['plugins', 'io.containerd.grpc.v1.cri', 'containerd'],
    label: 'plugins."io.containerd.grpc.v1.cri".containerd',
  },
  // version 3 (containerd 2.x)
  {
    path: ['plugins', 'io.containerd.cri.v1.runtime', 'containerd'],
    label: 'plugins."io.containerd.cri.v1.runtime".containerd',
  },
  // version 1 (containerd 1.x without `version`)
  { path: ['plugins', 'cri', 'containerd'], label: 'plugins.cri.containerd' },
];
const CRIO_RUNTIME_TABLE = { path: ['crio', 'runtime'], label: 'crio.runtime' };

/** Which node config a text is, from its tables; undefined when it is neither. */
export function detectNodeConfig(text: string): Format | undefined {
  if (/^[ \t]*\[[ \t]*["']?crio["']?[ \t]*[.\]]/m.test(text)) return 'crio';
  if (text.includes('io.containerd.') || /^[ \t]*\[[ \t]*plugins[ \t]*[.\]]/m.test(text)) return 'containerd';
  return undefined;
}

type Table = Record<string, unknown>;

const isTable = (value: unknown): value is Table =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);

function get(value: unknown, path: string[]): unknown {
  let node = value;
  for (const key of path) node = isTable(node) ? node[key] : undefined;
  return node;
}

const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const asStrings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/** TOML values that JSON lacks: big integers, dates, inf and nan. */
function toJson(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' && !Number.isFinite(value))
    return String(value).toLowerCase().replace('infinity', 'inf');
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJson);
  if (isTable(value)) {
    const out: Table = {};
    for (const [k, v] of Object.entries(value)) out[k] = toJson(v);
    return out;
  }
  return value;
}

/** TOML keys of the fields of a handler entry, for locating `handlers[i].<field>`. */
const ENTRY_FIELDS: Record<Format, Record<string, string[]>> = {
  containerd: {
    runtimeType: ['runtime_type'],
    runtimePath: ['runtime_path'],
    binaryName: ['options', 'BinaryName'],
    configPath: ['options', 'ConfigPath'],
    runtimeRoot: ['options', 'Root'],
    privilegedWithoutHostDevices: ['privileged_without_host_devices'],
    allowedAnnotations: ['pod_annotations'],
    options: ['options'],
    raw: [],
  },
  crio: {
    runtimeType: ['runtime_type'],
    runtimePath: ['runtime_path'],
    configPath: ['runtime_config_path'],
    runtimeRoot: ['runtime_root'],
    privilegedWithoutHostDevices: ['privileged_without_host_devices'],
    allowedAnnotations: ['allowed_annotations'],
    raw: [],
  },
};

function extractHandlers(format: Format, config: Table, file: string, locations: TomlLocations): NodeConfig {
  const version =
    format === 'containerd' ? (typeof config.version === 'number' ? config.version : 1) : undefined;
  const tables = format === 'containerd' ? CONTAINERD_RUNTIME_TABLES : [CRIO_RUNTIME_TABLE];
  const handlers: RuntimeHandlerEntry[] = [];
  let defaultHandler: string | undefined;
  for (const { path, label } of tables) {
    const table = get(config, path);
    if (!isTable(table)) continue;
    const defaultName = asString(
      format === 'containerd' ? table.default_runtime_name : table.default_runtime,
    );
    defaultHandler ??= defaultName;
    const runtimes = table.runtimes;
    if (!isTable(runtimes)) continue;
    for (const [handler, raw] of Object.entries(runtimes)) {
      if (!isTable(raw)) continue;
      const tomlPath = [...path, 'runtimes', handler];
      const { region } = locations.locate(tomlPath);
      const options = isTable(raw.options) ? raw.options : undefined;
      const entry: RuntimeHandlerEntry = {
        handler,
        format,
        pluginPath: `${label}.runtimes`,
        allowedAnnotations: asStrings(
          format === 'containerd' ? raw.pod_annotations : raw.allowed_annotations,
        ),
        raw,
        isDefault: handler === defaultName,
        file,
        line: region.startLine,
        column: region.startColumn,
        path: ['config', ...tomlPath],
      };
      if (version !== undefined) entry.configVersion = version;
      const fields: Partial<RuntimeHandlerEntry> = {
        runtimeType: asString(raw.runtime_type),
        runtimePath: asString(raw.runtime_path),
        binaryName: asString(options?.BinaryName),
        configPath: asString(format === 'containerd' ? options?.ConfigPath : raw.runtime_config_path),
        runtimeRoot: asString(format === 'containerd' ? options?.Root : raw.runtime_root),
        privilegedWithoutHostDevices:
          typeof raw.privileged_without_host_devices === 'boolean'
            ? raw.privileged_without_host_devices
            : undefined,
        options,
      };
      for (const [k, v] of Object.entries(fields)) if (v !== undefined) (entry as unknown as Table)[k] = v;
      handlers.push(entry);
    }
  }
  const nodeConfig: NodeConfig = { format, file, handlers };
  if (version !== undefined) nodeConfig.version = version;
  if (defaultHandler !== undefined) nodeConfig.defaultHandler = defaultHandler;
  return nodeConfig;
}

/** Locates paths of a node-config document: `config...` in the TOML, `handlers[i]...` at the entry. */
function nodeConfigLocator(locations: TomlLocations, nodeConfig: NodeConfig) {
  return async (path: DocumentPath): Promise<Location> => {
    if (path[0] === 'config') {
      const found = locations.locate(path.slice(1));
      return { ...found, path: ['config', ...found.path] };
    }
    const entry =
      path[0] === 'handlers' && typeof path[1] === 'number' ? nodeConfig.handlers[path[1]] : undefined;
    if (entry) {
      const field = typeof path[2] === 'string' ? ENTRY_FIELDS[entry.format][path[2]] : undefined;
      const tomlPath = [...entry.path.slice(1), ...(field ?? []), ...(field ? path.slice(3) : [])];
      const found = locations.locate(tomlPath);
      return {
        region: found.region,
        exact: found.exact && (path.length <= 2 || field !== undefined),
        path: [...path],
      };
    }
    return { ...locations.locate([]), exact: path.length === 0, path: [] };
  };
}

/** Decodes a containerd or CRI-O config; the TOML is parsed with smol-toml. */
export async function decodeNodeConfig(text: string, file: string, format: Format): Promise<LoadedFile> {
  const result: LoadedFile = {
    file,
    format,
    documents: [],
    problems: [],
    documentCount: 1,
    skipped: {},
    skippedListItems: 0,
  };
  const { parse, TomlError } = await import('smol-toml');
  let parsed: TomlTable;
  try {
    parsed = parse(text, { integersAsBigInt: 'asNeeded' });
  } catch (err) {
    const line = err instanceof TomlError ? err.line : 1;
    const column = err instanceof TomlError ? err.column : 1;
    const reason = (err as Error).message.split('\n')[0].replace(/^Invalid TOML document: /, '');
    result.problems.push({
      ruleId: 'RTP001',
      severity: 'error',
      message: `invalid TOML in ${format === 'crio' ? 'CRI-O' : 'containerd'} config: ${reason}; not checked`,
      file,
      region: { startLine: line, startColumn: column, endLine: line, endColumn: column + 1 },
    });
    result.fileSkipped = 'invalid-toml';
    result.documentCount = 0;
    return result;
  }
  const config = toJson(parsed) as Table;
  const locations = new TomlLocations(text);
  const nodeConfig = extractHandlers(format, config, file, locations);
  const object: KubeObject = {
    apiVersion: NODE_CONFIG_API_VERSION,
    kind: format === 'crio' ? 'CrioConfig' : 'ContainerdConfig',
    metadata: { name: file },
    ...(nodeConfig.version !== undefined ? { version: nodeConfig.version } : {}),
    ...(nodeConfig.defaultHandler !== undefined ? { defaultHandler: nodeConfig.defaultHandler } : {}),
    handlers: nodeConfig.handlers,
    config,
  };
  const locate = nodeConfigLocator(locations, nodeConfig);
  result.documents.push({ file, documentIndex: 0, basePath: [], object, line: 1, locate });
  result.nodeConfig = nodeConfig;
  return result;
}
