// `rtpolicy check [paths..]`: the command-line face of the engine's check().
// Exit status 0 (nothing reaches --fail-level), 1 (something does), 2 (a
// usage, configuration or policy error, printed with what to do next).
import { Command, InvalidArgumentError, Option } from 'commander';

interface CheckFlags {
  policy: string[];
  builtin: boolean;
  bundle: string[];
  data: string[];
  config?: string;
  format: string[];
  outputFile?: string;
  failLevel?: string;
  ignore: string[];
  kubernetesVersion?: string;
  baseline?: string;
  writeBaseline?: string;
  regoVersion: 'v0' | 'v1';
  stdinFilename?: string;
  cache: boolean;
  workers?: number;
  verbose?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

const EXAMPLES = `
Examples:
  $ rtpolicy check ./manifests
  $ rtpolicy check --policy ./policy deploy/           # add conftest-style policies (deny/warn/violation)
  $ rtpolicy check --policy ./gatekeeper --rego-version v0 --no-builtin .
  $ rtpolicy check --bundle bundle.tar.gz .            # a bundle from \`opa build -t wasm\` or \`rtpolicy build\`
  $ rtpolicy check --format text --format sarif=rtpolicy.sarif .
  $ rtpolicy check --write-baseline rtpolicy-baseline.json .   # accept today's findings...
  $ rtpolicy check --baseline rtpolicy-baseline.json .         # ...and fail only on new ones
  $ helm template ./chart | rtpolicy check --stdin-filename chart.yaml -

Exit status: 0 when no finding reaches --fail-level, 1 when one does,
2 for a usage, configuration or policy error.`;

/** The `check` command; `setStatus` receives the exit status. */
export function checkCommand(setStatus: (code: number) => void): Command {
  return new Command('check')
    .description('check Kubernetes manifests against the built-in pack and your own Rego policies')
    .argument('[paths...]', 'files and directories to check (default: .); - reads standard input')
    .option('-p, --policy <path>', 'Rego file or directory of custom policies (repeatable)', collect, [])
    .option('--no-builtin', 'do not evaluate the built-in policy pack')
    .option('--bundle <file>', 'OPA bundle (.tar.gz) holding policy.wasm (repeatable)', collect, [])
    .option('-d, --data <file>', 'JSON or YAML file merged into data (repeatable)', collect, [])
    .option('-c, --config <file>', 'rtpolicy.yaml to use (default: found from the working directory up)')
    .option(
      '-f, --format <format[=file]>',
      'text, json, sarif, github or junit, optionally =FILE (repeatable; default text)',
      collect,
      [],
    )
    .option('-o, --output-file <file>', 'write the (single) report format to this file')
    .option(
      '--fail-level <level>',
      'error, warning, note or none (default: error, or rtpolicy.yaml failLevel)',
    )
    .option('--ignore <glob>', 'leave matching files out (repeatable)', collect, [])
    .option('--kubernetes-version <x.y>', 'Kubernetes version the manifests target')
    .option('--baseline <file>', 'suppress the findings recorded in this baseline')
    .option('--write-baseline <file>', "record this run's findings as a baseline")
    .addOption(
      new Option('--rego-version <version>', 'Rego syntax of --policy files')
        .choices(['v0', 'v1'])
        .default('v1'),
    )
    .option(
      '--stdin-filename <name>',
      'file name to report for standard input (its extension picks the format)',
    )
    .option('--no-cache', 'compile --policy files without the compile cache')
    .option(
      '--workers <count>',
      'worker threads for large inputs (default: by input size and CPUs; 0: none)',
      (v) => parseWorkers(v),
    )
    .option('--verbose', 'print progress and timings to standard error')
    .addHelpText('after', EXAMPLES)
    .action(async (paths: string[], flags: CheckFlags) => {
      setStatus(await runCheck(paths, flags));
    });
}

function parseWorkers(value: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 0) {
    throw new InvalidArgumentError('expected a whole number of worker threads (0 turns them off)');
  }
  return count;
}

const print = (line: string) => process.stderr.write(`${line}\n`);

async function runCheck(paths: string[], flags: CheckFlags): Promise<number> {
  const { check } = await import('../engine/check.js');
  try {
    const { exitCode } = await check({
      paths,
      policies: flags.policy,
      builtin: flags.builtin,
      bundles: flags.bundle,
      data: flags.data,
      config: flags.config,
      formats: flags.format,
      outputFile: flags.outputFile,
      failLevel: flags.failLevel,
      ignore: flags.ignore,
      kubernetesVersion: flags.kubernetesVersion,
      baseline: flags.baseline,
      writeBaseline: flags.writeBaseline,
      regoVersion: flags.regoVersion,
      stdinFilename: flags.stdinFilename,
      workers: flags.workers,
      ...(flags.cache ? {} : { cacheDir: false as const }),
      ...(flags.verbose ? { log: (message: string) => print(`rtpolicy: ${message}`) } : {}),
    });
    return exitCode;
  } catch (err) {
    return reportError(err);
  }
}

/** Prints an error that stops the run, with what to do next, and gives status 2; rethrows anything else. */
async function reportError(err: unknown): Promise<number> {
  const [{ UsageError }, { ConfigError }, { InputPathError }, { formatRegoError, RegoError }] =
    await Promise.all([
      import('../engine/exit-status.js'),
      import('../config/load.js'),
      import('../loader/discover.js'),
      import('../rego/ast.js'),
    ]);
  if (err instanceof UsageError) {
    print(`rtpolicy check: ${err.message}`);
  } else if (err instanceof ConfigError) {
    print(err.message);
    print('rtpolicy check: fix the configuration above, or name another file with --config');
  } else if (err instanceof InputPathError) {
    print(`rtpolicy check: ${err.message}`);
    print('rtpolicy check: name existing files or directories, or - to read standard input');
  } else if (err instanceof RegoError) {
    for (const detail of err.errors) print(formatRegoError(detail));
    const count = err.errors.length;
    print(`rtpolicy check: the policies above do not compile (${count} error${count === 1 ? '' : 's'})`);
  } else {
    throw err;
  }
  return 2;
}
