// A stand-in for runtime.wasm with the contract's exports and imports and
// trivial bodies: enough to test linking (exports, imports, memory, data
// placement) without depending on the real runtime's behaviour.
import binaryen from 'binaryen';
import {
  ABI_FUNCTION_EXPORTS,
  RUNTIME_FUNCTIONS,
  type RuntimeSignature,
} from '../../../src/compiler/wasm/runtime-abi.js';

export interface FakeRuntimeOptions {
  /** Extra exports, e.g. native builtins: name -> arity. */
  builtins?: Record<string, number>;
  /** Extra imports the linker must reject. */
  extraImports?: string[];
  dataOffset?: number;
  dataText?: string;
  initialPages?: number;
  /** Emit a name section (as a debug build of the runtime would). */
  debugNames?: boolean;
}

export function fakeRuntime(options: FakeRuntimeOptions = {}): Uint8Array {
  const sigs: Record<string, RuntimeSignature> = { ...RUNTIME_FUNCTIONS };
  for (const name of ABI_FUNCTION_EXPORTS) sigs[name] ??= { params: ['i32'], result: 'i32' };
  sigs.eval = { params: ['i32'], result: 'i32' };
  sigs.opa_eval = { params: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'], result: 'i32' };
  for (const [name, arity] of Object.entries(options.builtins ?? {})) {
    sigs[name] = { params: Array(arity).fill('i32'), result: 'i32' };
  }
  const funcs = Object.entries(sigs).map(([name, sig]) => {
    const params = sig.params.map((t) => `(param ${t})`).join(' ');
    const result = sig.result ? `(result ${sig.result})` : '';
    const body =
      name === 'opa_heap_ptr_get'
        ? '(global.get $heap)'
        : name === 'opa_heap_ptr_set'
          ? '(global.set $heap (local.get 0))'
          : name === 'eval'
            ? '(call $policy_eval (local.get 0))'
            : name === 'opa_eval_ctx_get_input'
              ? '(i32.load (local.get 0))'
              : sig.result
                ? `(${sig.result}.const 0)`
                : '';
    return `(func $${name} (export "${name}") ${params} ${result} ${body})`;
  });
  const extra = (options.extraImports ?? []).map((n, i) => `(import "env" "${n}" (func $extra${i}))`);
  const wat = `(module
    (import "env" "memory" (memory $runtime_memory ${options.initialPages ?? 1}))
    (import "env" "opa_abort" (func $abort (param i32)))
    (import "policy" "eval" (func $policy_eval (param i32) (result i32)))
    (import "policy" "entrypoint_count" (func $policy_count (result i32)))
    ${extra.join('\n')}
    (global $heap (mut i32) (i32.const 0))
    (data (i32.const ${options.dataOffset ?? 1024}) "${options.dataText ?? 'runtime static data'}")
    (func $start (global.set $heap (i32.const 4096)))
    (start $start)
    (func $unused_helper (export "opa_internal_helper") (result i32) (call $policy_count))
    (export "memory" (memory 0))
    ${funcs.join('\n')}
  )`;
  const module = binaryen.parseText(wat);
  const debug = binaryen.getDebugInfo();
  binaryen.setDebugInfo(options.debugNames ?? false);
  try {
    return module.emitBinary();
  } finally {
    binaryen.setDebugInfo(debug);
    module.dispose();
  }
}
