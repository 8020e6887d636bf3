// The compile cache for `--policy`: compiled policies stored under a key
// that hashes everything the output depends on (the sources and their
// names, the Rego version, the rtpolicy version), in
// `$XDG_CACHE_HOME/rtpolicy` (default `~/.cache/rtpolicy`). Entries are
// written by rename (see policy-artifact.ts), so two runs that race on the
// same key both end with a whole, identical entry. A cache that cannot be
// read or written only costs a compile.
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { RegoVersion } from '../rego/ast.js';
import {
  type CompiledPolicy,
  POLICY_MANIFEST_SCHEMA,
  PolicyArtifactError,
  readCompiledPolicy,
  sha256,
  writeCompiledPolicy,
} from './policy-artifact.js';
import type { RegoSource } from './policy-compiler.js';
import { VERSION } from './tool.js';

/** The cache directory: `$XDG_CACHE_HOME/rtpolicy` (an absolute XDG_CACHE_HOME only, as the spec says), else `~/.cache/rtpolicy`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.cache'), 'rtpolicy');
}

/** The key of a set of sources: sources in the given order, each with its name. */
export function cacheKey(sources: readonly RegoSource[], regoVersion: RegoVersion): string {
  const identity = JSON.stringify([
    'rtpolicy-policy-cache',
    POLICY_MANIFEST_SCHEMA,
    VERSION,
    regoVersion,
    sources.map((s) => [s.filename, sha256(s.source)]),
  ]);
  return sha256(identity);
}

export interface CachedCompile {
  compiled: CompiledPolicy;
  /** True when the entry came from the cache (nothing was compiled). */
  hit: boolean;
  /** The entry's path without extension. */
  entry: string;
  /** Why the entry could not be stored, when it could not. */
  writeError?: string;
}

/** Returns the cached compile of `sources`, or compiles them with `compile` and stores the result. */
export async function cachedCompile(
  cacheDir: string,
  sources: readonly RegoSource[],
  regoVersion: RegoVersion,
  compile: () => Promise<CompiledPolicy>,
): Promise<CachedCompile> {
  const entry = join(cacheDir, 'policies', cacheKey(sources, regoVersion));
  try {
    return { compiled: await readCompiledPolicy(entry, VERSION), hit: true, entry };
  } catch (err) {
    if (!(err instanceof PolicyArtifactError)) throw err;
  }
  const compiled = await compile();
  try {
    await writeCompiledPolicy(entry, compiled);
    return { compiled, hit: false, entry };
  } catch (err) {
    return { compiled, hit: false, entry, writeError: (err as Error).message };
  }
}
