// Finds the files to check under the paths given on the command line:
// directories are searched recursively with glob for manifests (`.yaml`,
// `.yml`, `.json`) and node configs (`.toml`, `crio.conf`,
// `crio.conf.d/*.conf`); `.git` and `node_modules` are left out, and so is
// whatever matches an `ignore` glob, also when it is named explicitly.
import { lstatSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { escape as escapeGlob, globSync, Ignore, type IgnoreLike, type Path } from 'glob';
import type { IgnorePattern } from './types.js';

/** Paths the user asked for that do not exist: a usage error (exit 2), not bad input. */
export class InputPathError extends Error {
  constructor(readonly paths: string[]) {
    super(paths.map((p) => `${p}: no such file or directory`).join('\n'));
    this.name = 'InputPathError';
  }
}

export type InputFormat = 'yaml' | 'json' | 'toml';

export interface InputFile {
  /** Absolute path. */
  path: string;
  /** Relative to the working directory with `/` separators (what reports show). */
  file: string;
  /** Decided by the name; `.toml`/`.conf` files are node configs if their content says so. */
  format: InputFormat;
  /** Set when the same file was reached earlier (through a symbolic link): the display path loaded. */
  duplicateOf?: string;
}

export interface Discovery {
  files: InputFile[];
  /** Whether `-` (stdin) was among the inputs. */
  stdin: boolean;
  /** Explicitly named files left out by an ignore glob. */
  ignoredFiles: string[];
}

// Everything below a directory, filtered by name in JavaScript (cheaper than
// one glob per file kind). glob's `**` follows one symbolic link when it is
// not the first part of a pattern (as bash does), so symlinked directories are
// searched once, and a link back up the tree ends after one round.
const SEARCH_PATTERNS = ['*', '*/**'];
const SEARCHED_EXTENSIONS = /\.(?:ya?ml|json|toml)$/i;

/** Whether a file found in a directory is one to load: a manifest or a node config. */
function isSearched(p: Path): boolean {
  if (SEARCHED_EXTENSIONS.test(p.name)) return true;
  return p.name === 'crio.conf' || (p.name.endsWith('.conf') && p.parent?.name === 'crio.conf.d');
}

/** Directories never searched (compared by name: cheaper than a glob per path). */
const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules']);

/** The format of a file, from its name. */
export function formatOf(name: string): InputFormat {
  const lower = name.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.toml') || lower.endsWith('.conf')) return 'toml';
  return 'yaml';
}

/** A display path: relative to `cwd`, `/`-separated. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path) || '.';
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/**
 * Turns ignore globs into patterns that mean the same wherever a search
 * starts: a pattern without `/` matches a name at any depth (it gets a
 * leading globstar); one with `/` becomes absolute, from its base. A twin
 * ending in a globstar leaves an ignored directory's whole tree out, unwalked.
 */
export function ignoreGlobs(patterns: (string | IgnorePattern)[], cwd: string): string[] {
  const globs: string[] = [];
  for (const entry of patterns) {
    const { pattern, base } = typeof entry === 'string' ? { pattern: entry, base: cwd } : entry;
    let p = pattern.trim().replace(/^\.\//, '').replace(/\/+$/, '');
    if (p === '') continue;
    if (!isAbsolute(p))
      p =
        p.includes('/') && !p.startsWith('**/')
          ? `${escapeGlob(resolve(base))}/${p}`
          : `**/${p.replace(/^\*\*\//, '')}`;
    globs.push(p, `${p}/**`);
  }
  return globs;
}

/** glob's ignore hook: `.git` and `node_modules` by name, then the user's globs. */
function ignoreMatcher(globs: string[]): IgnoreLike {
  const user = globs.length > 0 ? new Ignore(globs, {}) : undefined;
  return {
    ignored: (p) => user?.ignored(p) ?? false,
    childrenIgnored: (p) => SKIPPED_DIRECTORIES.has(p.name) || (user?.childrenIgnored(p) ?? false),
  };
}

/** Whether an explicitly named file is left out: under `.git`/`node_modules`, or matched by an ignore glob. */
function explicitlyIgnored(path: string, globs: string[]): boolean {
  if (path.split(sep).some((segment) => SKIPPED_DIRECTORIES.has(segment))) return true;
  if (globs.length === 0) return false;
  // Searched from `/` so that name patterns see every parent directory.
  return globSync(escapeGlob(relative('/', path)), { cwd: '/', dot: true, ignore: globs }).length === 0;
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // a symlink loop or a dangling link: read as a file, which reports it
  }
}

/** The real path, or the path itself when it has none (a symlink loop, reported when read). */
function realpathOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Whether a match, or a directory between it and the search root, is a symbolic link. */
function throughSymlink(match: Path, root: string): boolean {
  for (let p: Path | undefined = match; p && p.fullpath() !== root; p = p.parent) {
    if (p.isSymbolicLink()) return true;
  }
  return false;
}

/** Expands the inputs into the files to load, sorted by display path. */
export function discoverInputs(
  inputs: readonly string[],
  options: { cwd?: string; ignore?: (string | IgnorePattern)[] } = {},
): Discovery {
  const cwd = resolve(options.cwd ?? process.cwd());
  const globs = ignoreGlobs(options.ignore ?? [], cwd);
  const ignore = ignoreMatcher(globs);
  // By absolute path; each with the real path that tells files reached twice apart.
  const found = new Map<string, { input: InputFile; real: string }>();
  const ignoredFiles: string[] = [];
  const missing: string[] = [];
  let stdin = false;
  const add = (path: string, real: string, file = displayPath(path, cwd), format = formatOf(path)): void => {
    if (!found.has(path)) found.set(path, { input: { path, file, format }, real });
  };
  for (const input of inputs.length > 0 ? inputs : ['.']) {
    if (input === '-') {
      stdin = true;
      continue;
    }
    const path = resolve(cwd, input);
    if (!exists(path)) {
      missing.push(input);
    } else if (isDirectory(path)) {
      // Path objects, not strings: cheaper, and the display path is the
      // directory's plus the match's path relative to it.
      const matches = globSync(SEARCH_PATTERNS, {
        cwd: path,
        dot: true,
        nodir: true,
        ignore,
        withFileTypes: true,
      });
      const prefix = displayPath(path, cwd);
      const root = realpathOrSelf(path);
      for (const match of matches) {
        if (!isSearched(match)) continue;
        const rel = match.relativePosix();
        const full = match.fullpath();
        // Only a path through a symbolic link needs the (costly) real path.
        const real = throughSymlink(match, path) ? realpathOrSelf(full) : `${root}/${rel}`;
        add(full, real, prefix === '.' ? rel : `${prefix}/${rel}`, formatOf(match.name));
      }
    } else if (explicitlyIgnored(path, globs)) {
      ignoredFiles.push(displayPath(path, cwd));
    } else {
      add(path, realpathOrSelf(path));
    }
  }
  if (missing.length > 0) throw new InputPathError(missing);
  const entries = [...found.values()].sort((a, b) =>
    a.input.file < b.input.file ? -1 : a.input.file > b.input.file ? 1 : 0,
  );
  // A file reached twice (a symlinked directory) is loaded once, at its first display path.
  const firstByReal = new Map<string, string>();
  for (const { input, real } of entries) {
    const first = firstByReal.get(real);
    if (first === undefined) firstByReal.set(real, input.file);
    else input.duplicateOf = first;
  }
  return { files: entries.map((e) => e.input), stdin, ignoredFiles };
}
