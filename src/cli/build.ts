// `rtpolicy build -t wasm -e <entrypoint>... -o bundle.tar.gz <paths>`: compiles
// Rego to policy.wasm and writes an OPA bundle, like `opa build -t wasm`.
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { Command, Option } from 'commander';
import { glob } from 'glob';
import { parse as parseYaml } from 'yaml';
import { BundleError, insertData, writeBundle } from '../compiler/bundle.js';
import { compileWasm } from '../compiler/index.js';
import { formatRegoError, RegoError } from '../rego/ast.js';

interface BuildOptions {
  target: string;
  entrypoint?: string[];
  output: string;
  regoVersion: 'v0' | 'v1';
}

const DATA_FILES = new Set(['data.json', 'data.yaml', 'data.yml']);

/** The `build` command; `setStatus` receives the exit status. */
export function buildCommand(setStatus: (code: number) => void): Command {
  return new Command('build')
    .description('compile Rego policies to WebAssembly and write an OPA bundle')
    .argument('<paths...>', 'Rego files and directories (data.json / data.yaml files found become the data)')
    .addOption(new Option('-t, --target <target>', 'output type').choices(['wasm']).default('wasm'))
    .option('-e, --entrypoint <entrypoint>', 'rule to evaluate, as pkg/path/rule (repeatable)', collect)
    .option('-o, --output <file>', 'bundle to write', 'bundle.tar.gz')
    .addOption(
      new Option('--rego-version <version>', 'Rego syntax of the policies')
        .choices(['v0', 'v1'])
        .default('v1'),
    )
    .action(async (paths: string[], options: BuildOptions) => {
      setStatus(await build(paths, options));
    });
}

async function build(paths: string[], options: BuildOptions): Promise<number> {
  const entrypoints = [...new Set(options.entrypoint ?? [])];
  if (entrypoints.length === 0) {
    console.error('rtpolicy build: -t wasm needs at least one entrypoint (-e pkg/rule)');
    return 2;
  }
  try {
    const { sources, data } = await collectInputs(paths);
    if (sources.length === 0) {
      console.error(`rtpolicy build: no .rego files found in ${paths.join(', ')}`);
      return 2;
    }
    const wasm = await compileWasm({
      modules: sources.map((s) => ({ filename: s.file, source: s.source })),
      entrypoints,
      regoVersion: options.regoVersion,
    });
    await writeBundle(options.output, {
      wasm,
      entrypoints,
      data,
      sources: sources.map((s) => ({ path: s.bundlePath, source: s.source })),
      regoVersion: options.regoVersion,
    });
    return 0;
  } catch (err) {
    if (err instanceof RegoError) {
      for (const e of err.errors) console.error(formatRegoError(e));
    } else if (err instanceof BundleError || isFileError(err)) {
      console.error(`rtpolicy build: ${(err as Error).message}`);
    } else throw err;
    return 2;
  }
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

interface SourceFile {
  /** The path as found (reported in errors). */
  file: string;
  bundlePath: string;
  source: string;
}

/** Finds the .rego files and data files under `paths` (files or directories). */
async function collectInputs(
  paths: string[],
): Promise<{ sources: SourceFile[]; data: Record<string, unknown> }> {
  const sources: SourceFile[] = [];
  const data: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const root of paths) {
    const isDir = (await stat(root)).isDirectory();
    const files = isDir
      ? (await glob(['**/*.rego', '**/data.{json,yaml,yml}'], { cwd: root, nodir: true })).sort()
      : [basename(root)];
    const base = isDir ? root : dirname(root);
    for (const rel of files) {
      const file = join(base, rel);
      if (seen.has(file)) continue;
      seen.add(file);
      const text = await readFile(file, 'utf8');
      if (DATA_FILES.has(basename(rel))) {
        let value: unknown;
        try {
          value = basename(rel) === 'data.json' ? JSON.parse(text) : parseYaml(text);
        } catch (err) {
          throw new BundleError(`${file}: ${(err as Error).message}`);
        }
        const dir = dirname(rel);
        insertData(data, dir === '.' ? [] : dir.split(sep), value, file);
      } else if (rel.endsWith('.rego')) {
        sources.push({ file, bundlePath: sourcePath(file, rel), source: text });
      }
    }
  }
  return { sources, data };
}

/** A source's path in the bundle: as given when it lies under the working directory, else relative to its root. */
function sourcePath(file: string, relativeToRoot: string): string {
  const fromCwd = relative(process.cwd(), file);
  const inside = !isAbsolute(fromCwd) && !fromCwd.startsWith(`..${sep}`) && fromCwd !== '..';
  return (inside ? fromCwd : relativeToRoot).split(sep).join('/');
}

/** A file that cannot be read (missing, unreadable, a directory where a file was expected). */
function isFileError(err: unknown): boolean {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).syscall === 'string';
}
