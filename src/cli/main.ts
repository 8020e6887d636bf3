import { Command, CommanderError } from 'commander';

type CommandFactory = (setStatus: (code: number) => void) => Command;

/**
 * The subcommands. A command's module is imported only when it runs (all of
 * them for help or an unknown command), so that `check` never loads the
 * compiler, tar or yaml that `build` needs.
 */
const COMMANDS: Record<string, () => Promise<CommandFactory>> = {
  build: async () => (await import('./build.js')).buildCommand,
  check: async () => (await import('./check.js')).checkCommand,
  init: async () => (await import('./init.js')).initCommand,
  rules: async () => (await import('./rules.js')).rulesCommand,
  test: async () => (await import('./test.js')).testCommand,
};

const EXAMPLES = `
Examples:
  $ rtpolicy check                         # this directory, with the rtpolicy.yaml found here or above
  $ rtpolicy check deploy/ cluster/runtimeclasses.yaml
  $ rtpolicy check --policy policy/ --fail-level warning .
  $ rtpolicy init --github-action --pre-commit
  $ rtpolicy rules                         # the built-in rules, with links to their docs
  $ rtpolicy test policy/                  # unit tests of your Rego policies

Run \`rtpolicy help <command>\` for a command's options and examples.`;

/** Commands that can take a while: a person at a terminal sees a progress indicator after a second. */
const LONG_RUNNING = new Set(['build', 'check', 'test']);

/** Runs the CLI and resolves to the exit status. */
export async function main(argv: string[]): Promise<number> {
  const { VERSION } = await import('../engine/tool.js');
  const program = new Command('rtpolicy')
    .description('Policy-as-code linter for Kubernetes manifests')
    .version(VERSION, '-V, --version', 'print the rtpolicy version')
    .addHelpText('after', EXAMPLES);
  program.exitOverride();
  let status = 0;
  const setStatus = (code: number) => {
    status = code;
  };
  const requested = argv.slice(2).find((arg) => !arg.startsWith('-'));
  const names =
    requested !== undefined && Object.hasOwn(COMMANDS, requested) ? [requested] : Object.keys(COMMANDS);
  for (const name of names) {
    // Subcommands inherit exitOverride and output settings, as with program.command().
    program.addCommand((await COMMANDS[name]())(setStatus).copyInheritedSettings(program));
  }
  const args = argv.slice(2);
  const interactive =
    requested !== undefined &&
    LONG_RUNNING.has(requested) &&
    !args.some((arg) => arg === '-' || arg === '-h' || arg === '--help');
  const progress = interactive
    ? (await import('./progress.js')).startProgress({ label: `rtpolicy ${requested}` })
    : undefined;
  try {
    await program.parseAsync(argv);
  } catch (err) {
    // Commander's own exits (help, usage mistakes) end here; anything else is a bug for bin/ to print.
    if (!(err instanceof CommanderError)) throw err;
    return err.exitCode === 0 ? 0 : 2;
  } finally {
    progress?.stop();
  }
  return status;
}
