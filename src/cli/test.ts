// `rtpolicy test [paths..]`: runs the `test_*` rules of Rego files like
// `opa test`. Exit status 0 when every test passes, 1 when one fails or
// errors, 2 when the files do not compile (`file:row:col: code: message`) or
// the command is misused.
import { Command, Option } from 'commander';

interface TestFlags {
  run?: string;
  verbose?: boolean;
  regoVersion: 'v0' | 'v1';
}

const EXAMPLES = `
Examples:
  $ rtpolicy test policies/
  $ rtpolicy test --run 'RTC031' --verbose policies/
  $ rtpolicy test --rego-version v0 gatekeeper/

A test is a rule named test_* (todo_test_* is skipped) that must be defined
and not false; mock its inputs with \`with input as {...}\` and
\`with data.x as {...}\`.

Exit status: 0 when every test passes, 1 when one fails, 2 for a policy that
does not compile or a usage error.`;

const print = (line: string) => process.stdout.write(`${line}\n`);
const printError = (line: string) => process.stderr.write(`${line}\n`);

/** The `test` command; `setStatus` receives the exit status. */
export function testCommand(setStatus: (code: number) => void): Command {
  return new Command('test')
    .description('run the test_* rules of Rego policies (like opa test)')
    .argument('[paths...]', '.rego files and directories holding policies and their tests (default: .)')
    .option('-r, --run <regex>', 'run only the tests whose name (data.pkg.test_x) matches')
    .option('-v, --verbose', "print every test's output and timing")
    .addOption(
      new Option('--rego-version <version>', 'Rego syntax of the files').choices(['v0', 'v1']).default('v1'),
    )
    .addHelpText('after', EXAMPLES)
    .action(async (paths: string[], flags: TestFlags) => {
      setStatus(await runTestCommand(paths.length > 0 ? paths : ['.'], flags));
    });
}

async function runTestCommand(paths: string[], flags: TestFlags): Promise<number> {
  let run: RegExp | undefined;
  if (flags.run !== undefined) {
    try {
      run = new RegExp(flags.run);
    } catch (err) {
      printError(
        `rtpolicy test: --run ${flags.run}: not a valid regular expression (${(err as Error).message})`,
      );
      return 2;
    }
  }
  const [
    { collectRegoFiles, formatTestRun, runTests, testRunFailed, TestPathError },
    { RegoError, formatRegoError },
  ] = await Promise.all([import('../testing/index.js'), import('../rego/ast.js')]);
  try {
    const files = await collectRegoFiles(paths, process.cwd());
    if (files.length === 0) {
      printError(`rtpolicy test: no .rego files in ${paths.join(' ')}`);
      return 2;
    }
    const testRun = await runTests(files, { regoVersion: flags.regoVersion, ...(run ? { run } : {}) });
    if (testRun.results.length === 0) {
      printError(
        `rtpolicy test: no test rules${run ? ` match --run ${flags.run}` : ''} in ${paths.join(' ')}`,
      );
      return 2;
    }
    for (const line of formatTestRun(testRun, { verbose: flags.verbose === true })) print(line);
    return testRunFailed(testRun) ? 1 : 0;
  } catch (err) {
    if (err instanceof TestPathError) {
      printError(`rtpolicy test: ${err.message}`);
      return 2;
    }
    if (err instanceof RegoError) {
      for (const detail of err.errors) printError(formatRegoError(detail));
      const count = err.errors.length;
      printError(
        `rtpolicy test: the policies above do not compile (${count} error${count === 1 ? '' : 's'})`,
      );
      return 2;
    }
    throw err;
  }
}
