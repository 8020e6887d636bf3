// The OPA ABI's evaluation entry points and the memoization the generated
// code uses. The policy itself is the import `policy.eval`, which the linker
// resolves to the generated function.
import { opa_json_dump, opa_value_dump } from './dump';
import { abortMessage } from './errors';
import { alloc, opa_heap_ptr_set } from './heap';
import { lastParseTooDeep, parse } from './json';
import { makeSet } from './table';

// @ts-ignore: decorator
@external("policy", "eval")
declare function policyEval(ctx: usize): i32;

// @ts-ignore: decorator
@external("policy", "entrypoint_count")
declare function policyEntrypointCount(): i32;

export const opa_wasm_abi_version: i32 = 1;
export const opa_wasm_abi_minor_version: i32 = 2;

// Context layout: input@0 data@4 entrypoint@8 result@12.

export function opa_eval_ctx_new(): usize {
  const ctx = alloc(16);
  store<usize>(ctx, 0);
  store<usize>(ctx, 0, 4);
  store<i32>(ctx, 0, 8);
  store<usize>(ctx, 0, 12);
  return ctx;
}

export function opa_eval_ctx_set_input(ctx: usize, v: usize): void {
  store<usize>(ctx, v);
}

export function opa_eval_ctx_set_data(ctx: usize, v: usize): void {
  store<usize>(ctx, v, 4);
}

export function opa_eval_ctx_set_entrypoint(ctx: usize, id: i32): void {
  store<i32>(ctx, id, 8);
}

export function opa_eval_ctx_get_input(ctx: usize): usize {
  return load<usize>(ctx);
}

export function opa_eval_ctx_get_data(ctx: usize): usize {
  return load<usize>(ctx, 4);
}

export function opa_eval_ctx_get_entrypoint(ctx: usize): i32 {
  return load<i32>(ctx, 8);
}

export function opa_eval_ctx_set_result(ctx: usize, v: usize): void {
  store<usize>(ctx, v, 12);
}

/** The result set; an evaluation that never ran (or added nothing) has an empty one. */
export function opa_eval_ctx_get_result(ctx: usize): usize {
  let r = load<usize>(ctx, 12);
  if (r == 0) {
    r = makeSet();
    store<usize>(ctx, r, 12);
  }
  return r;
}

/** Evaluates the context's entrypoint: fresh memoization, an empty result set, then the policy. */
export function evalContext(ctx: usize): i32 {
  const id = load<i32>(ctx, 8);
  if (id < 0 || id >= policyEntrypointCount()) abortMessage('invalid entrypoint id');
  opa_memoize_init();
  store<usize>(ctx, makeSet(), 12);
  return policyEval(ctx);
}

/**
 * ABI 1.2's one-call evaluation: the input JSON is already in memory at
 * inputPtr and the heap restarts at heapPtr (just after it). Returns the
 * result set dumped as JSON (format 0) or as Rego value text (format 1).
 */
export function opa_eval(
  _reserved: usize,
  entrypoint: i32,
  data: usize,
  inputPtr: usize,
  inputLen: u32,
  heapPtr: usize,
  format: i32,
): usize {
  opa_heap_ptr_set(heapPtr);
  let input: usize = 0;
  if (inputLen > 0) {
    input = parse(inputPtr, inputLen, false, false);
    if (input == 0) {
      abortMessage(
        lastParseTooDeep()
          ? 'opa_eval: input nests deeper than 2048 levels'
          : 'opa_eval: input is not valid JSON',
      );
    }
  }
  const ctx = opa_eval_ctx_new();
  store<usize>(ctx, input);
  store<usize>(ctx, data, 4);
  store<i32>(ctx, entrypoint, 8);
  evalContext(ctx);
  const result = opa_eval_ctx_get_result(ctx);
  return format == 0 ? opa_json_dump(result) : opa_value_dump(result);
}

// --- memoization --------------------------------------------------------------
// A stack of tables from an id (a rule the code generator chose to memoize)
// to its value. `with` pushes a fresh table: its values differ inside.
// Table: parent@0 cap@4 count@8 slots@12; a slot is id+1@0 value@4 (id+1 = 0: empty).

let memoTop: usize = 0;

function newMemoTable(parent: usize): usize {
  const t = alloc(16);
  store<usize>(t, parent);
  store<u32>(t, 16, 4);
  store<u32>(t, 0, 8);
  const slots = alloc(16 * 8);
  memory.fill(slots, 0, 16 * 8);
  store<usize>(t, slots, 12);
  return t;
}

export function opa_memoize_init(): void {
  memoTop = newMemoTable(0);
}

export function opa_memoize_push(): void {
  memoTop = newMemoTable(memoTop);
}

export function opa_memoize_pop(): void {
  if (memoTop != 0) memoTop = load<usize>(memoTop);
  if (memoTop == 0) memoTop = newMemoTable(0);
}

export function opa_memoize_insert(id: i32, v: usize): void {
  if (memoTop == 0) opa_memoize_init();
  const t = memoTop;
  let cap = load<u32>(t, 4);
  if ((load<u32>(t, 8) + 1) * 2 > cap) {
    growMemo(t);
    cap = load<u32>(t, 4);
  }
  const slot = findSlot(load<usize>(t, 12), cap, id);
  if (load<u32>(slot) == 0) store<u32>(t, load<u32>(t, 8) + 1, 8);
  store<u32>(slot, <u32>id + 1);
  store<usize>(slot, v, 4);
}

export function opa_memoize_get(id: i32): usize {
  if (memoTop == 0) return 0;
  const slot = findSlot(load<usize>(memoTop, 12), load<u32>(memoTop, 4), id);
  return load<u32>(slot) == 0 ? 0 : load<usize>(slot, 4);
}

/** The slot holding id, or the empty slot where it belongs (open addressing, linear probing). */
function findSlot(slots: usize, cap: u32, id: i32): usize {
  const key = <u32>id + 1;
  let i = (key * 0x9e3779b1) & (cap - 1);
  while (true) {
    const slot = slots + ((<usize>i) << 3);
    const k = load<u32>(slot);
    if (k == key || k == 0) return slot;
    i = (i + 1) & (cap - 1);
  }
}

function growMemo(t: usize): void {
  const oldCap = load<u32>(t, 4);
  const oldSlots = load<usize>(t, 12);
  const cap = oldCap << 1;
  const slots = alloc((<usize>cap) << 3);
  memory.fill(slots, 0, (<usize>cap) << 3);
  for (let i: u32 = 0; i < oldCap; i++) {
    const s = oldSlots + ((<usize>i) << 3);
    const k = load<u32>(s);
    if (k != 0) {
      const d = findSlot(slots, cap, <i32>(k - 1));
      store<u32>(d, k);
      store<usize>(d, load<usize>(s, 4), 4);
    }
  }
  store<u32>(t, cap, 4);
  store<usize>(t, slots, 12);
}
