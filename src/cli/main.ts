import { Command } from 'commander';

/** Runs the CLI and resolves to the exit status. */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('rtpolicy').description('Policy-as-code linter for Kubernetes manifests');
  program.exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    const code = (err as { exitCode?: number }).exitCode;
    return code === 0 ? 0 : 2;
  }
  return 0;
}
