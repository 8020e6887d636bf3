// Rego sources -> a CompiledPolicy: parse, discover the deny/warn/violation
// rules, add a generated "gather" module that evaluates all of them into one
// object (and, for several documents at once, into an array of those), and
// compile everything with rtpolicy's compiler. Used at build
// time for the built-in pack and at run time (through the cache) for
// `--policy`. The compiler (and binaryen) is imported only here, on demand.
import type { RegoVersion } from '../rego/ast.js';
import { parseModules } from '../rego/parser.js';
import {
  type CompiledPolicy,
  POLICY_MANIFEST_SCHEMA,
  type PolicyManifest,
  sha256,
} from './policy-artifact.js';
import { discoverRules, type PolicyRule, type RuleOrigin } from './policy-rules.js';
import { VERSION } from './tool.js';

export interface RegoSource {
  /** How errors name the file (a path relative to the working directory). */
  filename: string;
  source: string;
}

export interface CompilePolicyOptions {
  regoVersion?: RegoVersion;
  origin: RuleOrigin;
}

/** The package of the generated module; the leading underscores keep it apart from users' packages. */
export const GATHER_PACKAGE = '__rtpolicy_gather__';
export const GATHER_ENTRYPOINT = `${GATHER_PACKAGE}/main`;
export const BATCH_ENTRYPOINT = `${GATHER_PACKAGE}/batch`;
const GATHER_FILENAME = '<rtpolicy gather>';

/**
 * The generated module: `main[<rule ref>] := <rule>` for every rule. A rule
 * that is undefined leaves its key out instead of making `main` undefined.
 * `batch` is `main` of each document of an input array, in order: one SDK
 * call for several documents (evaluator.ts). The syntax is valid in Rego v0
 * and v1 alike.
 */
export function gatherModule(rules: readonly PolicyRule[]): string {
  const lines = [`package ${GATHER_PACKAGE}`, ''];
  for (const rule of rules) lines.push(`main[${JSON.stringify(rule.ref)}] := ${rule.ref}`);
  lines.push('', 'batch := [result | document := input[_]; result := main with input as document]');
  return `${lines.join('\n')}\n`;
}

/**
 * Compiles policies. Throws a RegoError (`file:row:col: code: message`) for a
 * policy that does not compile. Sources without any deny/warn/violation rule
 * give a policy with no rules and no wasm.
 */
export async function compilePolicy(
  sources: readonly RegoSource[],
  options: CompilePolicyOptions,
): Promise<CompiledPolicy> {
  const regoVersion = options.regoVersion ?? 'v1';
  const modules = parseModules(sources, { regoVersion });
  const { rules, catalog } = discoverRules(modules, options.origin);
  const manifest: PolicyManifest = {
    schema: POLICY_MANIFEST_SCHEMA,
    rtpolicyVersion: VERSION,
    regoVersion,
    rules,
    catalog,
    sources: sources.map((s) => s.filename),
    wasmSha256: sha256(new Uint8Array()),
  };
  if (rules.length === 0) return { manifest, wasm: new Uint8Array() };
  const { compileWasm } = await import('../compiler/index.js');
  const wasm = await compileWasm({
    modules: [...sources, { filename: GATHER_FILENAME, source: gatherModule(rules) }],
    entrypoints: [GATHER_ENTRYPOINT, BATCH_ENTRYPOINT, ...rules.map((r) => r.entrypoint)],
    regoVersion,
  });
  manifest.gather = GATHER_ENTRYPOINT;
  manifest.batch = BATCH_ENTRYPOINT;
  manifest.wasmSha256 = sha256(wasm);
  return { manifest, wasm };
}
