// Finds the Rego files and the test rules of `rtpolicy test`, as `opa test`
// does: every `.rego` file under the paths (tests included), and in them the
// rules whose name starts with `test_` (`todo_test_` marks a skipped test).
// A test is a rule with a simple name and no arguments; its definitions
// together are one test, located at its first definition.
import { readFile, stat } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import type { Module, Rule } from '../rego/ast.js';

export interface RegoFile {
  /** Path relative to the working directory, with `/` separators. */
  filename: string;
  source: string;
}

export interface TestCase {
  /** `data.pkg.test_name`, as `--run` matches it and reports name it. */
  name: string;
  /** The entrypoint that evaluates it: `pkg/test_name`. */
  entrypoint: string;
  file: string;
  row: number;
  /** `todo_test_*`: listed, not run. */
  skipped: boolean;
}

export class TestPathError extends Error {}

const TEST_PREFIX = 'test_';
const TODO_PREFIX = 'todo_test_';

function display(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  const shown = rel === '' ? '.' : rel.startsWith('..') ? path : rel;
  return sep === '/' ? shown : shown.split(sep).join('/');
}

/** The `.rego` files named by `paths` (directories searched recursively), sorted, each once. */
export async function collectRegoFiles(paths: readonly string[], cwd: string): Promise<RegoFile[]> {
  const files = new Set<string>();
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) throw new TestPathError(`${path}: no such file or directory`);
    if (!info.isDirectory()) {
      files.add(absolute);
      continue;
    }
    const { glob } = await import('glob');
    for (const file of await glob('**/*.rego', { cwd: absolute, absolute: true, nodir: true }))
      files.add(file);
  }
  const sorted = [...files].sort();
  return Promise.all(
    sorted.map(async (file) => ({ filename: display(file, cwd), source: await readFile(file, 'utf8') })),
  );
}

/** `package a.b` -> `["a", "b"]`. */
function packageSegments(module: Module): string[] | undefined {
  const segments: string[] = [];
  for (const term of module.package.path.slice(1)) {
    if (term.type !== 'string') return undefined;
    segments.push(term.value);
  }
  return segments;
}

/** The test name of a rule, when it is a test: a plain name with the test prefix, no arguments. */
function testName(rule: Rule): string | undefined {
  const { ref, args } = rule.head;
  if (ref.length !== 1 || args !== undefined || ref[0].type !== 'var') return undefined;
  const name = ref[0].name;
  return name.startsWith(TEST_PREFIX) || name.startsWith(TODO_PREFIX) ? name : undefined;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The test rules of the modules, in file and source order. */
export function discoverTests(modules: readonly Module[]): TestCase[] {
  const tests = new Map<string, TestCase>();
  for (const module of modules) {
    const pkg = packageSegments(module);
    if (!pkg) continue;
    for (const rule of module.rules) {
      const name = testName(rule);
      if (!name) continue;
      const ref = ['data', ...pkg, name]
        .map((s, i) => (i === 0 || IDENTIFIER.test(s) ? s : `[${JSON.stringify(s)}]`))
        .join('.')
        .replace(/\.\[/g, '[');
      if (tests.has(ref)) continue;
      tests.set(ref, {
        name: ref,
        entrypoint: [...pkg, name].join('/'),
        file: module.file,
        row: rule.location.row,
        skipped: name.startsWith(TODO_PREFIX),
      });
    }
  }
  return [...tests.values()];
}
