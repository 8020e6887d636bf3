// The Rego compiler: source -> parse -> check -> plan -> Wasm (see README.md).
import type { RegoVersion } from '../rego/ast.js';
import { parseModules } from '../rego/parser.js';
import { analyze } from './check/index.js';
import { plan } from './plan/index.js';
import { generateWasm, loadBinaryen } from './wasm/index.js';

export interface CompileWasmOptions {
  modules: { filename: string; source: string }[];
  /** Rules to evaluate, written `pkg/path/rule` as for `opa build -e`; `entrypoints()` maps them to ids in this order. */
  entrypoints: string[];
  /** The syntax of the modules (default v1). */
  regoVersion?: RegoVersion;
}

/**
 * Compiles Rego modules to the bytes of a policy.wasm that follows OPA's Wasm
 * ABI. Throws a RegoError (OPA's codes, with locations) for a bad policy.
 */
export async function compileWasm(options: CompileWasmOptions): Promise<Uint8Array> {
  if (options.entrypoints.length === 0) throw new Error('compileWasm: at least one entrypoint is required');
  // Start loading binaryen (~0.4 s) while the front end runs.
  const binaryen = loadBinaryen();
  binaryen.catch(() => {});
  const modules = parseModules(options.modules, { regoVersion: options.regoVersion ?? 'v1' });
  const program = analyze(modules, { regoVersion: options.regoVersion ?? 'v1' });
  // An entrypoint named twice keeps the id of its first mention.
  return generateWasm(plan(program, [...new Set(options.entrypoints)]));
}
