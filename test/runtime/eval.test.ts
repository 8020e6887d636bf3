import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { assetPath } from '../../src/paths.js';
import { AbortError, loadRuntime, type Runtime, runtimeModule } from './harness.js';

let rt: Runtime;
beforeEach(() => {
  rt = loadRuntime();
});

/** A stand-in for generated code: the entrypoint's value is input.x (undefined when absent). */
function policyReturningInputX(rt: Runtime) {
  return (ctx: number) => {
    const x = rt.x;
    const input = x.opa_eval_ctx_get_input(ctx);
    const key = x.opa_string(...rt.put('x'));
    const value = input === 0 ? 0 : x.opa_value_get(input, key);
    if (value !== 0) {
      const row = x.opa_object();
      x.opa_object_insert(row, x.opa_string(...rt.put('result')), value);
      x.opa_set_add(x.opa_eval_ctx_get_result(ctx), row);
    }
    return 0;
  };
}

/** Drives opa_eval exactly as the SDK's ABI 1.2 fast path does. */
function sdkEval(
  rt: Runtime,
  dataAddr: number,
  dataHeapPtr: number,
  input: unknown,
  entrypoint = 0,
  format = 0,
) {
  const bytes = new TextEncoder().encode(JSON.stringify(input));
  const needed = dataHeapPtr + bytes.length - rt.memory.buffer.byteLength;
  if (needed > 0) rt.memory.grow(Math.ceil(needed / 65536));
  new Uint8Array(rt.memory.buffer).set(bytes, dataHeapPtr);
  const out = rt.x.opa_eval(
    0,
    entrypoint,
    dataAddr,
    dataHeapPtr,
    bytes.length,
    dataHeapPtr + bytes.length,
    format,
  );
  return rt.cstr(out);
}

describe('opa_eval (ABI 1.2 fast path)', () => {
  it('parses the input, runs policy.eval and dumps the result set', () => {
    rt.policy.eval = policyReturningInputX(rt);
    const data = rt.parse('{}');
    const heap = rt.x.opa_heap_ptr_get();
    expect(sdkEval(rt, data, heap, { x: { b: [1, 2], a: 'é' } })).toBe('[{"result":{"a":"é","b":[1,2]}}]');
    expect(sdkEval(rt, data, heap, { y: 1 })).toBe('[]');
    expect(sdkEval(rt, data, heap, { x: [1] }, 0, 1)).toBe('{{"result":[1]}}');
  });

  it('rejects an entrypoint id the policy does not have, and input that is not JSON', () => {
    rt.policy.entrypointCount = 2;
    const data = rt.parse('{}');
    const heap = rt.x.opa_heap_ptr_get();
    expect(() => sdkEval(rt, data, heap, {}, 2)).toThrow('invalid entrypoint id');
    const [p, n] = rt.put('{"x": ');
    expect(() => rt.x.opa_eval(0, 0, data, p, n, p + n, 0)).toThrow(AbortError);
    expect(() => rt.x.opa_eval(0, 0, data, p, n, p + n, 0)).toThrow('opa_eval: input is not valid JSON');
    const [dp, dn] = rt.put('['.repeat(3000) + ']'.repeat(3000));
    expect(() => rt.x.opa_eval(0, 0, data, dp, dn, dp + dn, 0)).toThrow(
      'opa_eval: input nests deeper than 2048 levels',
    );
  });

  it('resets the heap on each call: 100,000 evaluations without memory growth', () => {
    rt.policy.eval = policyReturningInputX(rt);
    const data = rt.parse('{"config": {"a": 1}}');
    const heap = rt.x.opa_heap_ptr_get();
    const input = JSON.stringify({
      x: { kind: 'Pod', spec: { containers: [{ name: 'a', securityContext: { privileged: true } }] } },
    });
    const bytes = new TextEncoder().encode(input);
    new Uint8Array(rt.memory.buffer).set(bytes, heap);
    const pages = rt.memory.buffer.byteLength;
    let out = 0;
    let top = 0;
    for (let i = 0; i < 100_000; i++) {
      out = rt.x.opa_eval(0, 0, data, heap, bytes.length, heap + bytes.length, 0);
      if (i === 0) top = rt.x.opa_heap_ptr_get();
      else if (rt.x.opa_heap_ptr_get() !== top) throw new Error(`heap top moved at evaluation ${i}`);
    }
    expect(rt.memory.buffer.byteLength).toBe(pages);
    expect(JSON.parse(rt.cstr(out))).toEqual([{ result: JSON.parse(input).x }]);
    // The data loaded before the evaluations is intact.
    expect(rt.dump(data)).toBe('{"config":{"a":1}}');
  });

  it('supports the SDK path for ABI 1.0/1.1 (context functions and eval)', () => {
    rt.policy.eval = policyReturningInputX(rt);
    const data = rt.parse('{}');
    const base = rt.x.opa_heap_ptr_get();
    for (let i = 0; i < 3; i++) {
      rt.x.opa_heap_ptr_set(base);
      const input = rt.parse(`{"x": ${i}}`);
      const ctx = rt.x.opa_eval_ctx_new();
      rt.x.opa_eval_ctx_set_input(ctx, input);
      rt.x.opa_eval_ctx_set_data(ctx, data);
      rt.x.opa_eval_ctx_set_entrypoint(ctx, 0);
      expect(rt.x.eval(ctx)).toBe(0);
      expect(rt.dump(rt.x.opa_eval_ctx_get_result(ctx))).toBe(`[{"result":${i}}]`);
      expect(rt.x.opa_eval_ctx_get_input(ctx)).toBe(input);
      expect(rt.x.opa_eval_ctx_get_data(ctx)).toBe(data);
      expect(rt.x.opa_eval_ctx_get_entrypoint(ctx)).toBe(0);
    }
    // A context that never ran has an empty result set.
    expect(rt.dump(rt.x.opa_eval_ctx_get_result(rt.x.opa_eval_ctx_new()))).toBe('[]');
  });

  it('grows memory when the heap needs it (a 2 MB document in a 2-page memory)', () => {
    const small = loadRuntime(2);
    const doc = {
      items: Array.from({ length: 20000 }, (_, i) => ({ name: `item-${i}`, value: i, tags: ['a', 'b'] })),
    };
    const text = JSON.stringify(doc);
    expect(text.length).toBeGreaterThan(1_000_000);
    const v = small.parse(text);
    expect(v).not.toBe(0);
    expect(JSON.parse(small.dump(v))).toEqual(doc);
    expect(small.memory.buffer.byteLength).toBeGreaterThan(2 * 65536);
  });
});

describe('memoization', () => {
  it('stores per id, in a stack of tables that with-blocks push and pop', () => {
    const x = rt.x;
    const one = rt.parse('1');
    const two = rt.parse('2');
    x.opa_memoize_init();
    expect(x.opa_memoize_get(7)).toBe(0);
    x.opa_memoize_insert(7, one);
    for (let id = 100; id < 200; id++) x.opa_memoize_insert(id, two);
    expect(x.opa_memoize_get(7)).toBe(one);
    expect(x.opa_memoize_get(150)).toBe(two);
    x.opa_memoize_push();
    expect(x.opa_memoize_get(7)).toBe(0);
    x.opa_memoize_insert(7, two);
    expect(x.opa_memoize_get(7)).toBe(two);
    x.opa_memoize_pop();
    expect(x.opa_memoize_get(7)).toBe(one);
  });

  it('starts every evaluation with empty tables', () => {
    const seen: number[] = [];
    rt.policy.eval = () => {
      seen.push(rt.x.opa_memoize_get(1));
      rt.x.opa_memoize_insert(1, rt.parse('true'));
      return 0;
    };
    const data = rt.parse('{}');
    const heap = rt.x.opa_heap_ptr_get();
    sdkEval(rt, data, heap, {});
    sdkEval(rt, data, heap, {});
    expect(seen).toEqual([0, 0]);
  });
});

describe('runtime errors', () => {
  const cstring = (text: string) => rt.put(`${text}\0`)[0];

  it('formats file:row:col: message', () => {
    expect(() =>
      rt.x.opa_runtime_error(cstring('policy.rego'), 3, 7, cstring('var assignment conflict')),
    ).toThrow(new AbortError('policy.rego:3:7: var assignment conflict'));
  });

  it('words conflicts as OPA does', () => {
    const file = cstring('p.rego');
    expect(() => rt.x.opa_conflict_error(file, 5, 1)).toThrow(
      'p.rego:5:1: eval_conflict_error: complete rules must not produce multiple outputs',
    );
    expect(() => rt.x.opa_function_conflict_error(file, 9, 2)).toThrow(
      'p.rego:9:2: eval_conflict_error: functions must not produce multiple outputs for same inputs',
    );
    expect(() => rt.x.opa_object_conflict_error(file, 1, 1)).toThrow(
      'p.rego:1:1: eval_conflict_error: object keys must be unique',
    );
  });
});

describe('module shape', () => {
  it('exports the ABI version globals, imports only memory, opa_abort and policy.*', () => {
    expect((rt.x.opa_wasm_abi_version as unknown as WebAssembly.Global).value).toBe(1);
    expect((rt.x.opa_wasm_abi_minor_version as unknown as WebAssembly.Global).value).toBe(2);
    const imports = WebAssembly.Module.imports(runtimeModule());
    expect(imports.map((i) => `${i.module}.${i.name}`).sort()).toEqual([
      'env.memory',
      'env.opa_abort',
      'policy.entrypoint_count',
      'policy.eval',
    ]);
  });

  it('has no start section and keeps its static data small', () => {
    const bytes = readFileSync(assetPath('runtime/runtime.wasm'));
    const sections: number[] = [];
    let dataBytes = 0;
    let at = 8;
    while (at < bytes.length) {
      const id = bytes[at++];
      let size = 0;
      for (let shift = 0; ; shift += 7) {
        const b = bytes[at++];
        size += (b & 0x7f) * 2 ** shift;
        if (!(b & 0x80)) break;
      }
      sections.push(id);
      if (id === 11) dataBytes = size;
      at += size;
    }
    expect(sections).not.toContain(8);
    expect(dataBytes).toBeGreaterThan(0);
    expect(dataBytes).toBeLessThan(16 * 1024);
  });
});
