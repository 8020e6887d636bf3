// `rtpolicy rules`: the rules a check can report, with id, severity, title
// and help link: the built-in pack's (from its precompiled manifest) and
// those of `--policy` files (read from their METADATA; nothing is compiled).
import { Command, Option } from 'commander';
import type { RuleInfo } from '../engine/types.js';

interface RulesFlags {
  policy: string[];
  builtin: boolean;
  format: 'text' | 'json';
  regoVersion: 'v0' | 'v1';
}

const collect = (value: string, previous: string[]) => [...previous, value];

const EXAMPLES = `
Examples:
  $ rtpolicy rules
  $ rtpolicy rules --format json
  $ rtpolicy rules --no-builtin --policy ./policy`;

const print = (line: string) => process.stdout.write(`${line}\n`);
const printError = (line: string) => process.stderr.write(`${line}\n`);

/** The `rules` command; `setStatus` receives the exit status. */
export function rulesCommand(setStatus: (code: number) => void): Command {
  return new Command('rules')
    .description('list the rules of the built-in pack and of --policy files')
    .option('-p, --policy <path>', 'Rego file or directory of custom policies (repeatable)', collect, [])
    .option('--no-builtin', 'leave out the built-in policy pack')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(
      new Option('--rego-version <version>', 'Rego syntax of --policy files')
        .choices(['v0', 'v1'])
        .default('v1'),
    )
    .addHelpText('after', EXAMPLES)
    .action(async (flags: RulesFlags) => {
      setStatus(await runRules(flags));
    });
}

/** The rules of the built-in pack and the policies, sorted by id; an id defined twice keeps its first. */
export async function listRules(options: {
  builtin: boolean;
  policies: readonly string[];
  regoVersion: 'v0' | 'v1';
  cwd: string;
}): Promise<RuleInfo[]> {
  const rules = new Map<string, RuleInfo>();
  if (options.builtin) {
    const { loadBuiltinPack } = await import('../engine/policy-sources.js');
    for (const rule of (await loadBuiltinPack())?.catalog ?? []) rules.set(rule.id, rule);
  }
  if (options.policies.length > 0) {
    const [{ collectRegoSources }, { parseModules }, { discoverRules }] = await Promise.all([
      import('../engine/policy-sources.js'),
      import('../rego/parser.js'),
      import('../engine/policy-rules.js'),
    ]);
    const sources = await collectRegoSources(options.policies, options.cwd);
    const { catalog } = discoverRules(parseModules(sources, { regoVersion: options.regoVersion }), 'policy');
    for (const rule of catalog) if (!rules.has(rule.id)) rules.set(rule.id, rule);
  }
  return [...rules.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Aligned columns: ID, SEVERITY, TITLE, HELP. */
export function formatRulesText(rules: readonly RuleInfo[]): string[] {
  const rows = [
    ['ID', 'SEVERITY', 'TITLE', 'HELP'],
    ...rules.map((r) => [r.id, r.severity, r.title, r.helpUri ?? '']),
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map((row) =>
    row
      .map((cell, i) => (i < 3 ? cell.padEnd(widths[i]) : cell))
      .join('  ')
      .trimEnd(),
  );
}

async function runRules(flags: RulesFlags): Promise<number> {
  try {
    const rules = await listRules({
      builtin: flags.builtin,
      policies: flags.policy,
      regoVersion: flags.regoVersion,
      cwd: process.cwd(),
    });
    if (flags.format === 'json') print(JSON.stringify({ rules }, null, 2));
    else if (rules.length === 0)
      printError('rtpolicy rules: no rules (the built-in pack is left out and no --policy has any)');
    else for (const line of formatRulesText(rules)) print(line);
    return 0;
  } catch (err) {
    const [{ UsageError }, { formatRegoError, RegoError }] = await Promise.all([
      import('../engine/exit-status.js'),
      import('../rego/ast.js'),
    ]);
    if (err instanceof UsageError) {
      printError(`rtpolicy rules: ${err.message}`);
    } else if (err instanceof RegoError) {
      for (const detail of err.errors) printError(formatRegoError(detail));
      printError('rtpolicy rules: the policies above do not parse');
    } else {
      throw err;
    }
    return 2;
  }
}
