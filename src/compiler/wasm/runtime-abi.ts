// What the code generator needs from runtime.wasm (src/runtime/README.md)
// and what the linked policy.wasm must offer its host (OPA's Wasm ABI).

/** Wasm value types as they appear in runtime signatures. */
export type WasmType = 'i32' | 'i64' | 'f64';

export interface RuntimeSignature {
  params: WasmType[];
  /** `undefined` for a function that returns nothing. */
  result?: WasmType;
}

const v = 'i32' as const;

/** Runtime exports called by generated code, with the signatures the contract gives them. */
export const RUNTIME_FUNCTIONS = {
  opa_malloc: { params: [v], result: v },
  opa_heap_ptr_get: { params: [], result: v },
  opa_heap_ptr_set: { params: [v], result: undefined },
  opa_value_type: { params: [v], result: v },
  opa_null: { params: [], result: v },
  opa_boolean: { params: [v], result: v },
  opa_number_int: { params: ['i64'], result: v },
  opa_number_ref: { params: [v, v], result: v },
  opa_string: { params: [v, v], result: v },
  opa_array_with_cap: { params: [v], result: v },
  opa_array_append: { params: [v, v], result: undefined },
  opa_object: { params: [], result: v },
  opa_object_insert: { params: [v, v, v], result: undefined },
  opa_set: { params: [], result: v },
  opa_set_add: { params: [v, v], result: undefined },
  opa_value_get: { params: [v, v], result: v },
  opa_value_length: { params: [v], result: v },
  opa_value_key_at: { params: [v, v], result: v },
  opa_value_value_at: { params: [v, v], result: v },
  opa_value_compare: { params: [v, v], result: v },
  opa_value_merge: { params: [v, v], result: v },
  opa_value_upsert: { params: [v, v, v], result: v },
  opa_json_parse: { params: [v, v], result: v },
  /** Exact host builtins (src/builtins/exact.ts): arguments as Rego value text, and the result back. */
  opa_value_text: { params: [v], result: v },
  opa_value_from_text: { params: [v], result: v },
  opa_eval_ctx_get_input: { params: [v], result: v },
  opa_eval_ctx_get_data: { params: [v], result: v },
  opa_eval_ctx_get_entrypoint: { params: [v], result: v },
  /** Never 0: `eval` stores an empty set before calling the policy. */
  opa_eval_ctx_get_result: { params: [v], result: v },
  opa_memoize_push: { params: [], result: undefined },
  opa_memoize_pop: { params: [], result: undefined },
  opa_memoize_insert: { params: [v, v], result: undefined },
  opa_memoize_get: { params: [v], result: v },
  opa_runtime_error: { params: [v, v, v, v], result: undefined },
  opa_conflict_error: { params: [v, v, v], result: undefined },
  opa_function_conflict_error: { params: [v, v, v], result: undefined },
  opa_object_conflict_error: { params: [v, v, v], result: undefined },
} satisfies Record<string, RuntimeSignature>;

export type RuntimeFunction = keyof typeof RUNTIME_FUNCTIONS;

/** The runtime imports these from the policy; the linker resolves them with generated functions. */
export const POLICY_IMPORTS = {
  eval: { params: [v], result: v },
  entrypoint_count: { params: [], result: v },
} satisfies Record<string, RuntimeSignature>;

/** Type codes of `opa_value_type`. */
export const TypeCode = { null: 1, boolean: 2, number: 3, string: 4, array: 5, object: 6, set: 7 } as const;

/** Function exports of a policy module under OPA's ABI; every other runtime export is dropped. */
export const ABI_FUNCTION_EXPORTS = [
  'opa_eval',
  'eval',
  'opa_eval_ctx_new',
  'opa_eval_ctx_set_input',
  'opa_eval_ctx_set_data',
  'opa_eval_ctx_set_entrypoint',
  'opa_eval_ctx_get_result',
  'opa_malloc',
  'opa_free',
  'opa_json_parse',
  'opa_value_parse',
  'opa_json_dump',
  'opa_value_dump',
  'opa_heap_ptr_get',
  'opa_heap_ptr_set',
  'opa_value_add_path',
  'opa_value_remove_path',
] as const;

/** Exports the code generator itself provides. */
export const GENERATED_EXPORTS = ['builtins', 'entrypoints'] as const;

export const ABI_VERSION = 1;
export const ABI_MINOR_VERSION = 2;

/** The only imports a policy module may have: what the OPA Wasm SDKs provide. */
export const HOST_FUNCTION_IMPORTS = {
  opa_abort: { params: [v], result: undefined },
  opa_println: { params: [v], result: undefined },
  opa_builtin0: { params: [v, v], result: v },
  opa_builtin1: { params: [v, v, v], result: v },
  opa_builtin2: { params: [v, v, v, v], result: v },
  opa_builtin3: { params: [v, v, v, v, v], result: v },
  opa_builtin4: { params: [v, v, v, v, v, v], result: v },
} satisfies Record<string, RuntimeSignature>;

/** The host dispatchers take at most this many builtin arguments. */
export const MAX_HOST_BUILTIN_ARITY = 4;

/** The SDK gives 5 pages by default; asking for more at instantiation would fail there. */
export const MAX_INITIAL_MEMORY_PAGES = 2;

/** The export name of a builtin the runtime implements natively: `array.concat` -> `builtin_array__concat`. */
export function nativeBuiltinExport(name: string): string {
  return `builtin_${name.replaceAll('.', '__')}`;
}

/**
 * The export name of a host builtin's fast path in the runtime, which answers
 * the common cases and returns 0 for the host to answer the rest:
 * `sprintf` -> `fastpath_sprintf`.
 */
export function fastPathExport(name: string): string {
  return `fastpath_${name.replaceAll('.', '__')}`;
}
