// Finds and reads rtpolicy.yaml: `--config FILE`, or the first of the
// CONFIG_FILE_NAMES found in the checked paths' directory or above it, or
// in the working directory or above it. Errors carry
// file:line:column, e.g. `rtpolicy.yaml:12:5: rules.RTC031.severity must be
// one of error, warning, note`.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { load, YAMLException } from 'js-yaml';
import { YamlPieceMap } from '../loader/sourcemap.js';
import type { IgnorePattern, LoaderOptions } from '../loader/types.js';
import { KUBERNETES_YAML_SCHEMA } from '../loader/yaml11.js';
import { defaultConfig } from './defaults.js';
import type { Config } from './types.js';
import { type ConfigIssue, validateConfig } from './validate.js';

export const CONFIG_FILE_NAMES = ['rtpolicy.yaml', 'rtpolicy.yml', '.rtpolicy.yaml', '.rtpolicy.yml'];

export interface ConfigErrorDetail {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** rtpolicy.yaml is missing, malformed or invalid: a configuration error (exit status 2). */
export class ConfigError extends Error {
  constructor(readonly errors: ConfigErrorDetail[]) {
    super(errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}

/** The config file for `cwd`: in it or the nearest directory above that has one. */
export function findConfigFile(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function display(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel === '' || rel.startsWith('..') ? path : rel;
}

/** Parses and validates the text of a config file (`file` is its path, for messages and `ignore`). */
export async function parseConfig(text: string, file: string, cwd = process.cwd()): Promise<Config> {
  const shown = display(file, cwd);
  let raw: unknown;
  try {
    raw = load(text, { schema: KUBERNETES_YAML_SCHEMA, filename: shown });
  } catch (err) {
    if (!(err instanceof YAMLException)) throw err;
    const line = (err.mark?.line ?? 0) + 1;
    const column = (err.mark?.column ?? 0) + 1;
    throw new ConfigError([{ file: shown, line, column, message: `invalid YAML: ${err.reason}` }]);
  }
  const map = new YamlPieceMap(text, 1);
  if (typeof (raw as { kubernetesVersion?: unknown } | null)?.kubernetesVersion === 'number') {
    // `kubernetesVersion: 1.30` is the number 1.3 to YAML; take it as written.
    const source = await map.scalarSource(0, ['kubernetesVersion']);
    if (source !== undefined) (raw as { kubernetesVersion: unknown }).kubernetesVersion = source;
  }
  const { config, issues } = validateConfig(raw);
  if (issues.length > 0) throw new ConfigError(await locateIssues(issues, map, shown));
  config.file = resolve(file);
  return config;
}

async function locateIssues(
  issues: ConfigIssue[],
  map: YamlPieceMap,
  file: string,
): Promise<ConfigErrorDetail[]> {
  const located: ConfigErrorDetail[] = [];
  for (const issue of issues) {
    const { region } = await map.locate(0, issue.path, issue.target);
    located.push({ file, line: region.startLine, column: region.startColumn, message: issue.message });
  }
  return located.sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * The directory to look for a config from when checking `paths`: their
 * nearest common directory (a file counts as its directory). Undefined for
 * standard input alone.
 */
export function configSearchStart(paths: readonly string[], cwd: string): string | undefined {
  const dirs = paths
    .filter((p) => p !== '-')
    .map((p) => {
      const abs = resolve(cwd, p);
      return existsSync(abs) && !statSync(abs).isDirectory() ? dirname(abs) : abs;
    });
  if (dirs.length === 0) return undefined;
  let common = dirs[0];
  for (const dir of dirs.slice(1)) {
    while (common !== dir && !dir.startsWith(common.endsWith(sep) ? common : common + sep)) {
      common = dirname(common);
    }
  }
  return common;
}

/**
 * Loads the configuration: `configFile` when given (it must exist); else
 * the one nearest to the checked `paths` (from their common directory
 * upward, so `rtpolicy check other-repo/` uses other-repo's rtpolicy.yaml,
 * as ruff and ESLint find the config nearest to what they check); else the
 * one found from `cwd` upward; else the defaults.
 */
export async function loadConfig(
  options: { cwd?: string; configFile?: string; paths?: readonly string[] } = {},
): Promise<Config> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const start = options.paths ? configSearchStart(options.paths, cwd) : undefined;
  const file = options.configFile
    ? resolve(cwd, options.configFile)
    : ((start && findConfigFile(start)) ?? findConfigFile(cwd));
  if (file === undefined) return defaultConfig();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason =
      (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'config file not found' : (err as Error).message;
    throw new ConfigError([{ file: display(file, cwd), line: 1, column: 1, message: reason }]);
  }
  return parseConfig(text, file, cwd);
}

/** The config's `ignore` globs, relative to the config file's directory. */
export function configIgnorePatterns(config: Config): IgnorePattern[] {
  const base = config.file ? dirname(config.file) : process.cwd();
  return config.ignore.map((pattern) => ({ pattern, base }));
}

/**
 * The loader options a run uses: the config's limits and `ignore` globs (from
 * the config file's directory) plus the command line's (`--ignore`, relative
 * to the working directory).
 */
export function loaderOptionsFor(
  config: Config,
  cli: { cwd?: string; ignore?: string[]; stdinFilename?: string } = {},
): LoaderOptions {
  const options: LoaderOptions = {
    ignore: [...configIgnorePatterns(config), ...(cli.ignore ?? [])],
    maxFileSize: config.limits.maxFileSize,
    maxAliasNodes: config.limits.maxAliasNodes,
  };
  if (cli.cwd !== undefined) options.cwd = cli.cwd;
  if (cli.stdinFilename !== undefined) options.stdinFilename = cli.stdinFilename;
  return options;
}
