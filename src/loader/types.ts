// The shapes the loader hands to the Kubernetes inventory and to the engine.

import type { Finding, Region } from '../engine/types.js';
import type { TextCache } from './text-cache.js';

/** Keys and indexes into a document, e.g. `['spec', 'containers', 0, 'image']`. */
export type DocumentPath = readonly (string | number)[];

/** A decoded Kubernetes object (a JSON object with string `apiVersion` and `kind`). */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/**
 * A problem with the input, reported as a finding of one of rtpolicy's own
 * rules (RTP001..RTP004, see RTPOLICY_RULES); the engine adds the fingerprint.
 */
export type LoadProblem = Omit<Finding, 'fingerprint' | 'suppression'>;

/** Why a YAML document was not checked; each counts once per document. */
export type DocumentSkipReason =
  | 'empty' // `---` with nothing after it
  | 'not-kubernetes' // no string apiVersion and kind (values files, kustomization without kind...)
  | 'helm-template' // the file is a Helm template (`{{ }}` actions in YAML structure, `.Values`...)
  | 'invalid-yaml' // RTP001
  | 'invalid-value' // RTP001: `.inf`/`.nan`, which JSON (and so the API server) cannot represent
  | 'alias-limit'; // RTP004

/** Why a whole file was not decoded. */
export type FileSkipReason =
  | 'unreadable' // RTP003: permission denied, vanished, not a regular file
  | 'symlink-loop' // RTP003
  | 'binary' // RTP003: contains NUL bytes
  | 'not-utf8' // RTP003
  | 'too-large' // RTP003: over `maxFileSize`
  | 'invalid-toml' // RTP001: a node config that does not parse
  | 'not-node-config' // a `.toml`/`.conf` file that is neither a containerd nor a CRI-O config (no finding)
  | 'duplicate'; // the same file reached twice (through a symlink); loaded once (no finding)

/** Where a path of a document is in its file. */
export interface Location {
  /**
   * Lines and columns from 1; `endColumn` is exclusive (SARIF). The region
   * covers the key and a scalar value; for a collection, its first line.
   */
  region: Region;
  /** False when the path does not exist and the region is that of its deepest existing parent. */
  exact: boolean;
  /** The part of the requested path that exists, from the YAML document's root (so a List item's starts with its `basePath`). */
  path: (string | number)[];
}

/** Maps paths of one document to regions of its file; built lazily. */
export interface DocumentLocator {
  locate(path: DocumentPath): Promise<Location>;
}

/** One Kubernetes object to check: a YAML/JSON document, a `List` item, or a node config. */
export interface LoadedDocument {
  /** Display path of the file (relative to the working directory, `/` separators). */
  file: string;
  /** Index of the YAML document within the file (0-based). */
  documentIndex: number;
  /** Index within `items` when the object comes from a `List`. */
  itemIndex?: number;
  /**
   * Where the object sits in its YAML document: `[]`, or `['items', i]` for a
   * List item. A finding's path is relative to the object; its path in the
   * document (Finding.path) is `basePath` followed by it.
   */
  basePath: (string | number)[];
  object: KubeObject;
  /** First line (1-based) of the YAML document's content, known without a source map. */
  line: number;
  /** Region of a path relative to `object`; builds the file's source map on first use. */
  locate(path: DocumentPath): Promise<Location>;
}

/** containerd or CRI-O runtime handler entry, from a node config found under the paths. */
export interface RuntimeHandlerEntry {
  /** The handler name that a RuntimeClass's `handler` refers to. */
  handler: string;
  format: 'containerd' | 'crio';
  /** containerd config `version` (1 when absent); undefined for CRI-O. */
  configVersion?: number;
  /** Dotted TOML path of the table that holds the runtimes, e.g. `plugins."io.containerd.cri.v1.runtime".containerd.runtimes`. */
  pluginPath: string;
  /** containerd `runtime_type` (`io.containerd.kata.v2`...) or CRI-O `runtime_type` (`oci`, `vm`, `pod`). */
  runtimeType?: string;
  /** containerd `runtime_path` or CRI-O `runtime_path`. */
  runtimePath?: string;
  /** containerd `options.BinaryName` (crun, nvidia-container-runtime...). */
  binaryName?: string;
  /** Kata configuration file: containerd `options.ConfigPath`, CRI-O `runtime_config_path`. */
  configPath?: string;
  /** containerd `options.Root` or CRI-O `runtime_root`. */
  runtimeRoot?: string;
  privilegedWithoutHostDevices?: boolean;
  /** containerd `pod_annotations` or CRI-O `allowed_annotations`. */
  allowedAnnotations: string[];
  /** containerd `options` table. */
  options?: Record<string, unknown>;
  /** The whole entry as written. */
  raw: Record<string, unknown>;
  /** Whether the config names it as the default (`default_runtime_name`, CRI-O `default_runtime`). */
  isDefault: boolean;
  file: string;
  line: number;
  column: number;
  /** Path of the entry in its node-config document (`['config', 'plugins', ...]`). */
  path: (string | number)[];
}

/** A containerd `config.toml` or CRI-O `crio.conf` found under the paths. */
export interface NodeConfig {
  format: 'containerd' | 'crio';
  file: string;
  /** containerd config `version` (1 when absent); undefined for CRI-O. */
  version?: number;
  defaultHandler?: string;
  handlers: RuntimeHandlerEntry[];
}

/** What the loader made of one file. */
export interface LoadedFile {
  /** Display path (relative to the working directory, `/` separators), or the stdin name. */
  file: string;
  /** Absolute path; undefined for stdin. */
  path?: string;
  format: 'yaml' | 'json' | 'containerd' | 'crio';
  /** Objects to check, in file order (List items expanded). */
  documents: LoadedDocument[];
  problems: LoadProblem[];
  /** YAML documents in the file; each is either checked or counted in `skipped`. */
  documentCount: number;
  skipped: Partial<Record<DocumentSkipReason, number>>;
  /** Items of a List that are not Kubernetes objects (not counted as documents). */
  skippedListItems: number;
  /** Set when the file was not decoded at all. */
  fileSkipped?: FileSkipReason;
  nodeConfig?: NodeConfig;
  /** The file's text, when it was read (suppression comments are looked up in it). */
  text?: string;
}

/** Where `ignore` globs are relative to. */
export interface IgnorePattern {
  pattern: string;
  /** Directory that a pattern containing `/` is relative to. */
  base: string;
}

export interface LoaderOptions {
  /** Working directory: display paths are relative to it (default process.cwd()). */
  cwd?: string;
  /**
   * Globs of files and directories to leave out, also when named explicitly.
   * A pattern without `/` matches a name anywhere (`*.tmpl.yaml`, `charts`);
   * one with `/` is relative to its base (strings: to `cwd`). `.git` and
   * `node_modules` are always left out.
   */
  ignore?: (string | IgnorePattern)[];
  /** Display name for `-` (stdin); default `<stdin>`. Its extension picks the format. */
  stdinFilename?: string;
  /** Reads stdin (default: process.stdin). */
  readStdin?: () => Promise<Buffer>;
  /** Files larger than this are not read (RTP003). Default DEFAULT_MAX_FILE_SIZE. */
  maxFileSize?: number;
  /** A document whose aliases expand it beyond this many nodes is not checked (RTP004). */
  maxAliasNodes?: number;
  /**
   * Decode only the YAML documents whose text mentions one of these kinds
   * (`RuntimeClass`, `Namespace`): the inventory pass. Other documents are
   * neither decoded nor counted.
   */
  onlyKinds?: readonly string[];
  /** Keeps the text of every file read (the inventory pass, for the evaluation pass). */
  keepTexts?: TextCache;
  /** Takes texts kept by an earlier pass instead of reading the files again. */
  keptTexts?: TextCache;
}

export { DEFAULT_MAX_ALIAS_NODES, DEFAULT_MAX_FILE_SIZE } from '../config/defaults.js';
