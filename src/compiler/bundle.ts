// OPA bundles (gzipped tarballs) holding a Wasm policy: written by
// `rtpolicy build`, read by `rtpolicy check --bundle`. The reader also takes
// bundles built by `opa build -t wasm`.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import * as tar from 'tar';
import { parse as parseYaml } from 'yaml';

/** `/.manifest` as OPA writes it (the fields rtpolicy reads or writes). */
export interface BundleManifest {
  revision: string;
  roots?: string[];
  /** Which module evaluates which entrypoint. */
  wasm?: { entrypoint: string; module: string; annotations?: unknown[] }[];
  /** 0 for Rego v0, 1 for v1. */
  rego_version?: number;
  file_rego_versions?: Record<string, number>;
  metadata?: Record<string, unknown>;
}

export interface Bundle {
  wasm: Uint8Array;
  /** The data document: every data.json / data.yaml of the bundle merged at its directory's path. */
  data: Record<string, unknown>;
  manifest: BundleManifest;
}

export interface BundleContents {
  wasm: Uint8Array;
  entrypoints: string[];
  data: Record<string, unknown>;
  /** Rego sources, by their path inside the bundle. */
  sources: { path: string; source: string }[];
  regoVersion: 'v0' | 'v1';
}

export class BundleError extends Error {}

const WASM_FILE = 'policy.wasm';
const MANIFEST_FILE = '.manifest';

/** Writes a gzipped OPA bundle to `outFile`; the same contents give the same bytes. */
export async function writeBundle(outFile: string, contents: BundleContents): Promise<void> {
  const manifest: BundleManifest = {
    revision: '',
    roots: [''],
    wasm: contents.entrypoints.map((entrypoint) => ({ entrypoint, module: `/${WASM_FILE}` })),
    rego_version: contents.regoVersion === 'v0' ? 0 : 1,
  };
  const files = new Map<string, Uint8Array | string>([
    ['data.json', JSON.stringify(contents.data)],
    [WASM_FILE, contents.wasm],
    ...contents.sources.map((s) => [bundlePath(s.path), s.source] as const),
    [MANIFEST_FILE, JSON.stringify(manifest)],
  ]);
  // tar packs files from disk: stage them in a private directory.
  const stage = await mkdtemp(join(tmpdir(), 'rtpolicy-bundle-'));
  try {
    for (const [path, content] of files) {
      await mkdir(join(stage, dirname(path)), { recursive: true });
      await writeFile(join(stage, path), content);
    }
    await mkdir(dirname(outFile), { recursive: true });
    await tar.create(
      { file: outFile, cwd: stage, gzip: true, portable: true, mtime: new Date(0), noDirRecurse: true },
      [...files.keys()].sort(),
    );
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

/** Reads a bundle holding one Wasm module (written by `rtpolicy build` or `opa build -t wasm`). */
export async function readBundle(path: string): Promise<Bundle> {
  const files = new Map<string, Buffer>();
  try {
    await tar.list({
      file: path,
      strict: true,
      onReadEntry(entry) {
        if (entry.type !== 'File') {
          entry.resume();
          return;
        }
        const name = normalizeEntryPath(entry.path);
        const chunks: Buffer[] = [];
        entry.on('data', (c: Buffer) => chunks.push(c));
        entry.on('end', () => files.set(name, Buffer.concat(chunks)));
      },
    });
  } catch (err) {
    throw new BundleError(`${path}: not a readable bundle (${(err as Error).message})`);
  }

  const manifestText = files.get(MANIFEST_FILE);
  let manifest: BundleManifest = { revision: '' };
  if (manifestText) {
    try {
      manifest = JSON.parse(manifestText.toString('utf8')) as BundleManifest;
    } catch (err) {
      throw new BundleError(`${path}: invalid .manifest: ${(err as Error).message}`);
    }
  }

  const modules = [...files.keys()].filter((f) => posix.basename(f) === WASM_FILE);
  const declared = new Set((manifest.wasm ?? []).map((w) => normalizeEntryPath(w.module)));
  if (declared.size > 1 || modules.length > 1) {
    throw new BundleError(`${path}: bundles with more than one Wasm module are not supported`);
  }
  const modulePath = declared.size ? [...declared][0] : modules[0];
  const wasm = modulePath ? files.get(modulePath) : undefined;
  if (!wasm) throw new BundleError(`${path}: the bundle holds no ${modulePath ?? WASM_FILE}`);

  const data: Record<string, unknown> = {};
  for (const [name, content] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    const base = posix.basename(name);
    if (base !== 'data.json' && base !== 'data.yaml' && base !== 'data.yml') continue;
    let value: unknown;
    try {
      value =
        base === 'data.json' ? JSON.parse(content.toString('utf8')) : parseYaml(content.toString('utf8'));
    } catch (err) {
      throw new BundleError(`${path}: ${name}: ${(err as Error).message}`);
    }
    const dir = posix.dirname(name);
    insertData(data, dir === '.' ? [] : dir.split('/'), value, `${path}: ${name}`);
  }
  return { wasm: new Uint8Array(wasm), data, manifest };
}

/**
 * Merges `value` into `data` at `path` (objects merge key by key; anything
 * else at an occupied place is a conflict), as OPA places data files found
 * in subdirectories.
 */
export function insertData(
  data: Record<string, unknown>,
  path: string[],
  value: unknown,
  where: string,
): void {
  if (path.length === 0) {
    if (!isObject(value)) throw new BundleError(`${where}: the root data document must be an object`);
    mergeInto(data, value, where);
    return;
  }
  let node = data;
  for (const key of path.slice(0, -1)) {
    const next = node[key] ?? {};
    if (!isObject(next)) throw new BundleError(`${where}: conflicts with data at ${key}`);
    node[key] = next;
    node = next;
  }
  const last = path[path.length - 1];
  if (last in node) {
    const existing = node[last];
    if (!isObject(existing) || !isObject(value))
      throw new BundleError(`${where}: conflicts with data at ${last}`);
    mergeInto(existing, value, where);
  } else node[last] = value;
}

function mergeInto(target: Record<string, unknown>, source: Record<string, unknown>, where: string): void {
  for (const [key, value] of Object.entries(source)) {
    if (!(key in target)) target[key] = value;
    else {
      const existing = target[key];
      if (!isObject(existing) || !isObject(value))
        throw new BundleError(`${where}: conflicts with data at ${key}`);
      mergeInto(existing, value, where);
    }
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Tar entry names as OPA writes them may start with `/` or `./`. */
function normalizeEntryPath(p: string): string {
  return posix.normalize(p.replace(/^(\.?\/)+/, ''));
}

/** A source path as stored in the bundle: relative, `/`-separated, inside the bundle. */
function bundlePath(p: string): string {
  return posix.normalize(p.replaceAll('\\', '/')).replace(/^(\.\.\/|\/)+/, '');
}
