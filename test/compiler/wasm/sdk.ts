// Compiles hand-written IR and loads it through the unmodified opa-wasm SDK
// (with only the custom builtins a test gives: hand-written IR calls no others).
import { type LoadedPolicy, loadPolicy } from '@open-policy-agent/opa-wasm';
import type * as ir from '../../../src/compiler/ir.js';
import { generateWasm } from '../../../src/compiler/wasm/index.js';

export async function loadIr(
  policy: ir.Policy,
  customBuiltins: Record<string, (...args: never[]) => unknown> = {},
): Promise<LoadedPolicy> {
  const wasm = await generateWasm(policy);
  return loadPolicy(wasm, undefined, customBuiltins);
}

/** The message of what `fn` throws (the SDK throws strings from opa_abort). */
export function thrown(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return typeof err === 'string' ? err : String((err as Error).message ?? err);
  }
  throw new Error('expected an exception');
}
