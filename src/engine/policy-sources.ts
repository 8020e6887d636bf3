// Where the policies of a run come from, each turned into a PolicySet:
//   - the built-in pack, precompiled at build time (lib/pack/pack.{wasm,json}):
//     nothing is compiled at start-up;
//   - `--policy` files and directories of `.rego` (tests, `*_test.rego`, left
//     out), compiled together through the compile cache;
//   - `--bundle` tarballs built by `opa build -t wasm` or `rtpolicy build`.
import { readFile, stat } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { assetPath } from '../paths.js';
import type { RegoVersion } from '../rego/ast.js';
import { UsageError } from './exit-status.js';
import { PolicyArtifactError, readCompiledPolicy } from './policy-artifact.js';
import type { RegoSource } from './policy-compiler.js';
import type { PolicySet } from './policy-set.js';
import { VERSION } from './tool.js';

/** Receives progress messages (`--verbose`). */
export type Log = (message: string) => void;

/** The built-in pack; undefined when it has no rules. */
export async function loadBuiltinPack(): Promise<PolicySet | undefined> {
  const manifestFile = assetPath('pack/pack.json');
  let compiled: Awaited<ReturnType<typeof readCompiledPolicy>>;
  try {
    compiled = await readCompiledPolicy(manifestFile.replace(/\.json$/, ''), VERSION);
  } catch (err) {
    if (!(err instanceof PolicyArtifactError)) throw err;
    throw new UsageError(
      `the built-in policy pack cannot be loaded (${err.message}); rebuild it with \`npm run build\`, or run with --no-builtin`,
    );
  }
  const { manifest, wasm } = compiled;
  if (manifest.rules.length === 0) return undefined;
  return {
    label: 'the built-in pack',
    origin: 'builtin',
    wasm,
    rules: manifest.rules,
    catalog: manifest.catalog,
    gather: manifest.gather,
    batch: manifest.batch,
  };
}

function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  const shown = rel === '' ? '.' : rel.startsWith('..') ? path : rel;
  return sep === '/' ? shown : shown.split(sep).join('/');
}

/**
 * The `.rego` files under `paths` (files are taken as named; directories
 * are searched, leaving out `*_test.rego`), sorted, each once.
 */
export async function collectRegoSources(paths: readonly string[], cwd: string): Promise<RegoSource[]> {
  const files = new Set<string>();
  const missing: string[] = [];
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(absolute)).isDirectory();
    } catch {
      missing.push(path);
      continue;
    }
    if (!isDirectory) {
      files.add(absolute);
      continue;
    }
    const { glob } = await import('glob');
    const found = await glob('**/*.rego', {
      cwd: absolute,
      absolute: true,
      nodir: true,
      ignore: ['**/*_test.rego'],
    });
    if (found.length === 0) throw new UsageError(`--policy ${path}: no .rego files in this directory`);
    for (const file of found) files.add(file);
  }
  if (missing.length > 0) {
    throw new UsageError(missing.map((p) => `--policy ${p}: no such file or directory`).join('\n'));
  }
  const sources: RegoSource[] = [];
  for (const file of [...files].sort()) {
    let source: string;
    try {
      source = await readFile(file, 'utf8');
    } catch (err) {
      throw new UsageError(`--policy ${displayPath(file, cwd)}: cannot read it (${(err as Error).message})`);
    }
    sources.push({ filename: displayPath(file, cwd), source });
  }
  return sources;
}

export interface CustomPolicyOptions {
  cwd: string;
  regoVersion: RegoVersion;
  /** Compile-cache directory; undefined compiles without caching. */
  cacheDir?: string;
  log?: Log;
}

/** Compiles (or takes from the cache) the `--policy` files as one set. */
export async function loadCustomPolicies(
  paths: readonly string[],
  options: CustomPolicyOptions,
): Promise<PolicySet> {
  const sources = await collectRegoSources(paths, options.cwd);
  const label = `--policy ${paths.join(' ')}`;
  const { compilePolicy } = await import('./policy-compiler.js');
  const compile = async () => {
    const started = performance.now();
    const compiled = await compilePolicy(sources, { regoVersion: options.regoVersion, origin: 'policy' });
    options.log?.(
      `compiled ${sources.length} policy file(s) in ${Math.round(performance.now() - started)} ms`,
    );
    return compiled;
  };
  let compiled: Awaited<ReturnType<typeof compile>>;
  if (options.cacheDir === undefined) {
    compiled = await compile();
  } else {
    const { cachedCompile } = await import('./policy-cache.js');
    const cached = await cachedCompile(options.cacheDir, sources, options.regoVersion, compile);
    if (cached.hit) options.log?.(`policy cache hit: ${cached.entry}`);
    else if (cached.writeError) options.log?.(`could not store the compiled policies: ${cached.writeError}`);
    else options.log?.(`policy cache stored: ${cached.entry}`);
    compiled = cached.compiled;
  }
  const { manifest, wasm } = compiled;
  if (manifest.rules.length === 0) {
    throw new UsageError(
      `${label}: no package defines a deny, warn or violation rule, so these policies cannot report anything`,
    );
  }
  return {
    label,
    origin: 'policy',
    wasm,
    rules: manifest.rules,
    catalog: manifest.catalog,
    gather: manifest.gather,
    batch: manifest.batch,
  };
}
