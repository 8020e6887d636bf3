import { beforeEach, describe, expect, it } from 'vitest';
import { loadRuntime, type Runtime } from './harness.js';

let rt: Runtime;
beforeEach(() => {
  rt = loadRuntime();
});

const sign = (n: number) => Math.sign(n);

describe('OPA total order', () => {
  it('orders null < boolean < number < string < array < object < set, and within each type', () => {
    const ordered = [
      'null',
      'false',
      'true',
      '-123456789012345678901234567890',
      '-1.5',
      '-1',
      '0',
      '0.1',
      '1',
      '1.5',
      '9223372036854775807',
      '123456789012345678901234567890',
      '""',
      '"A"',
      '"a"',
      '"ab"',
      '"b"',
      '"é"',
      '"😀"',
      '[]',
      '[1]',
      '[1, 2]',
      '[2]',
      '["a"]',
      '{}',
      '{"a": 1}',
      '{"a": 1, "b": 1}',
      '{"a": 2}',
      '{"b": 0}',
      'set()',
      '{1}',
      '{1, 2}',
      '{2}',
    ];
    const values = ordered.map((t) => rt.vparse(t));
    for (let i = 0; i < values.length; i++) {
      for (let j = 0; j < values.length; j++) {
        const c = rt.x.opa_value_compare(values[i], values[j]);
        expect(sign(c), `${ordered[i]} vs ${ordered[j]}`).toBe(sign(i - j));
      }
    }
  });

  it('compares numbers exactly across representations', () => {
    const int = (i: bigint) => rt.x.opa_number_int(i as unknown as number);
    const float = (f: number) => rt.x.opa_number_float(f);
    const ref = (t: string) => rt.x.opa_number_ref(...rt.put(t));
    const cmp = (a: number, b: number) => sign(rt.x.opa_value_compare(a, b));
    expect(cmp(int(1n), float(1))).toBe(0);
    expect(cmp(int(1n), ref('1.0'))).toBe(0);
    expect(cmp(ref('1e2'), int(100n))).toBe(0);
    expect(cmp(ref('0.1'), float(0.1))).toBe(0);
    expect(cmp(ref('0.10000000000000001'), float(0.1))).toBe(1);
    expect(cmp(float(0.1 + 0.2), ref('0.3'))).toBe(1);
    expect(cmp(ref('28857836529306024611913'), ref('28857836529306024611912'))).toBe(1);
    expect(cmp(float(2 ** 60), int(1152921504606846976n))).toBe(1);
    expect(cmp(float(2 ** 60), ref('1152921504606847000'))).toBe(0);
    expect(cmp(int(9007199254740993n), float(9007199254740992))).toBe(1);
    expect(cmp(float(-0.5), int(0n))).toBe(-1);
    expect(cmp(float(1e300), ref('1e300'))).toBe(0);
    expect(cmp(ref('-0.0'), int(0n))).toBe(0);
    expect(cmp(int(-9223372036854775808n), ref('-9223372036854775809'))).toBe(1);
  });

  it('hashes equal values alike, across number representations and collection orders', () => {
    const groups = [
      ['1', '1.0', '1e0', '100e-2'],
      ['0.1', '1e-1', '0.100'],
      ['123456789012345678901234567890', '1.2345678901234567890123456789e29'],
      ['{"a": 1, "b": [1, 2]}', '{"b": [1.0, 2], "a": 1e0}'],
      ['{1, 2, 3}', '{3, 2.0, 1}'],
      ['[{"x": {1}}]', '[{"x": {1.0}}]'],
    ];
    for (const group of groups) {
      const vs = group.map((t) => rt.vparse(t));
      for (const v of vs) {
        expect(rt.x.opa_value_compare(vs[0], v), group.join(' ~ ')).toBe(0);
        expect(rt.x.opa_value_hash(v) >>> 0, group.join(' ~ ')).toBe(rt.x.opa_value_hash(vs[0]) >>> 0);
      }
    }
    expect(rt.x.opa_value_hash(rt.x.opa_number_float(0.1))).toBe(rt.x.opa_value_hash(rt.vparse('0.1')));
    expect(rt.x.opa_value_hash(rt.x.opa_number_float(2 ** 60))).toBe(
      rt.x.opa_value_hash(rt.vparse('1152921504606847000')),
    );
    expect(rt.x.opa_value_hash(rt.x.opa_number_float(1e20))).toBe(
      rt.x.opa_value_hash(rt.vparse('100000000000000000000')),
    );
  });
});

describe('objects and sets', () => {
  it('finds keys by value equality and replaces on insert', () => {
    const o = rt.x.opa_object();
    const s = (t: string) => rt.vparse(t);
    rt.x.opa_object_insert(o, s('1'), s('"one"'));
    rt.x.opa_object_insert(o, s('"k"'), s('1'));
    rt.x.opa_object_insert(o, s('1.0'), s('"uno"'));
    rt.x.opa_object_insert(o, s('[1]'), s('2'));
    expect(rt.vdump(o)).toBe('{1:"uno","k":1,[1]:2}');
    expect(rt.vdump(rt.x.opa_value_get(o, s('1e0')))).toBe('"uno"');
    expect(rt.x.opa_value_get(o, s('"missing"'))).toBe(0);
    expect(rt.x.opa_value_length(o)).toBe(3);
  });

  it('keeps set elements unique and iterates them sorted', () => {
    const set = rt.x.opa_set();
    for (const t of ['3', '"a"', '1', '3.0', 'null', '[1]', '1']) rt.x.opa_set_add(set, rt.vparse(t));
    expect(rt.vdump(set)).toBe('{null,1,3,"a",[1]}');
    const keys: string[] = [];
    for (let k = rt.x.opa_value_iter(set, 0); k !== 0; k = rt.x.opa_value_iter(set, k))
      keys.push(rt.vdump(k));
    expect(keys).toEqual(['null', '1', '3', '"a"', '[1]']);
    expect(rt.vdump(rt.x.opa_value_get(set, rt.vparse('3.0')))).toBe('3');
    expect(rt.x.opa_value_get(set, rt.vparse('2'))).toBe(0);
  });

  it('iterates by position (key_at / value_at) and by key (iter) in the same order', () => {
    const o = rt.parse('{"c": 3, "a": 1, "b": 2}');
    const byPosition = [0, 1, 2].map(
      (i) => `${rt.vdump(rt.x.opa_value_key_at(o, i))}=${rt.vdump(rt.x.opa_value_value_at(o, i))}`,
    );
    expect(byPosition).toEqual(['"a"=1', '"b"=2', '"c"=3']);
    expect(rt.x.opa_value_key_at(o, 3)).toBe(0);
    const arr = rt.parse('["x", "y"]');
    expect(rt.vdump(rt.x.opa_value_key_at(arr, 1))).toBe('1');
    expect(rt.vdump(rt.x.opa_value_value_at(arr, 1))).toBe('"y"');
    const idx: string[] = [];
    for (let k = rt.x.opa_value_iter(arr, 0); k !== 0; k = rt.x.opa_value_iter(arr, k)) idx.push(rt.vdump(k));
    expect(idx).toEqual(['0', '1']);
    expect(rt.x.opa_value_iter(rt.parse('"scalar"'), 0)).toBe(0);
  });

  it('stays correct through growth, index rebuilds and removals', () => {
    const o = rt.x.opa_object();
    const n = 3000;
    for (let i = n - 1; i >= 0; i--)
      rt.x.opa_object_insert(o, rt.parse(`"k${i}"`), rt.x.opa_number_int(BigInt(i) as unknown as number));
    expect(rt.x.opa_value_length(o)).toBe(n);
    for (let i = 0; i < n; i += 2) {
      const path = rt.parse(`["k${i}"]`);
      expect(rt.x.opa_value_remove_path(o, path)).toBe(0);
    }
    expect(rt.x.opa_value_length(o)).toBe(n / 2);
    for (let i = 0; i < n; i++) {
      const got = rt.x.opa_value_get(o, rt.parse(`"k${i}"`));
      if (i % 2 === 0) expect(got).toBe(0);
      else expect(rt.dump(got)).toBe(String(i));
    }
    const keys = Object.keys(JSON.parse(rt.dump(o)));
    expect(keys).toEqual([...keys].sort());
  });

  it('keeps iteration order right for values that outlive a heap reset', () => {
    // Data built before the evaluations, then iterated during one: the sorted
    // order computed then lies in memory the next evaluation reuses.
    const x = rt.x;
    const built = x.opa_object();
    for (const k of ['c', 'a', 'b']) x.opa_object_insert(built, x.opa_string(...rt.put(k)), rt.parse('1'));
    const parsed = rt.parse('{"z": 1, "y": 2, "x": 3}');
    const base = x.opa_heap_ptr_get();
    const keys = (o: number) => [0, 1, 2].map((i) => rt.vdump(x.opa_value_key_at(o, i))).join();
    for (let evaluation = 0; evaluation < 3; evaluation++) {
      x.opa_heap_ptr_set(base);
      expect(keys(built)).toBe('"a","b","c"');
      expect(keys(parsed)).toBe('"x","y","z"');
      // Whatever the evaluation allocates next overwrites the memory above base.
      const junk = x.opa_malloc(4096);
      new Uint8Array(rt.memory.buffer, junk, 4096).fill(0xff);
    }
  });

  it('compares objects by sorted keys, each followed by its value', () => {
    const cmp = (a: string, b: string) => sign(rt.x.opa_value_compare(rt.vparse(a), rt.vparse(b)));
    expect(cmp('{"a": 2}', '{"a": 1, "b": 1}')).toBe(1);
    expect(cmp('{"a": 1}', '{"a": 1, "b": 1}')).toBe(-1);
    expect(cmp('{"b": 1}', '{"a": 9, "c": 1}')).toBe(1);
    expect(cmp('{1, 3}', '{1, 2, 3}')).toBe(1);
  });

  it('makes shallow copies that do not share the collection', () => {
    const o = rt.parse('{"a": {"b": 1}}');
    const c = rt.x.opa_value_shallow_copy(o);
    rt.x.opa_object_insert(c, rt.parse('"z"'), rt.parse('1'));
    expect(rt.dump(o)).toBe('{"a":{"b":1}}');
    expect(rt.dump(c)).toBe('{"a":{"b":1},"z":1}');
    const a = rt.parse('[1]');
    const ac = rt.x.opa_value_shallow_copy(a);
    rt.x.opa_array_append(ac, rt.parse('2'));
    expect(rt.dump(a)).toBe('[1]');
    expect(rt.dump(ac)).toBe('[1,2]');
  });
});

describe('paths and merges', () => {
  it('adds values at paths, creating objects', () => {
    const base = rt.parse('{"a": {"x": 1}}');
    expect(rt.x.opa_value_add_path(base, rt.parse('["a", "b", "c"]'), rt.parse('2'))).toBe(0);
    expect(rt.x.opa_value_add_path(base, rt.parse('["a", "x"]'), rt.parse('3'))).toBe(0);
    expect(rt.dump(base)).toBe('{"a":{"b":{"c":2},"x":3}}');
    expect(rt.x.opa_value_add_path(base, rt.parse('["a", "x", "y"]'), rt.parse('1'))).toBe(2);
    expect(rt.x.opa_value_add_path(base, rt.parse('[]'), rt.parse('1'))).toBe(3);
  });

  it('removes values at paths; a missing path is not an error', () => {
    const base = rt.parse('{"a": {"b": 1, "c": 2}}');
    expect(rt.x.opa_value_remove_path(base, rt.parse('["a", "b"]'))).toBe(0);
    expect(rt.x.opa_value_remove_path(base, rt.parse('["a", "zz", "q"]'))).toBe(0);
    expect(rt.dump(base)).toBe('{"a":{"c":2}}');
    expect(rt.x.opa_value_remove_path(base, rt.parse('[]'))).toBe(3);
  });

  it('upserts into a copy, sharing what is off the path', () => {
    const base = rt.parse('{"a": {"b": 1, "c": {"d": 1}}, "e": 5}');
    const up = rt.x.opa_value_upsert(base, rt.parse('["a", "b"]'), rt.parse('2'));
    expect(rt.dump(up)).toBe('{"a":{"b":2,"c":{"d":1}},"e":5}');
    expect(rt.dump(base)).toBe('{"a":{"b":1,"c":{"d":1}},"e":5}');
    const path = rt.parse('["e", "f"]');
    expect(rt.dump(rt.x.opa_value_upsert(base, path, rt.parse('true')))).toBe(
      '{"a":{"b":1,"c":{"d":1}},"e":{"f":true}}',
    );
    expect(rt.dump(rt.x.opa_value_upsert(0, rt.parse('["x"]'), rt.parse('1')))).toBe('{"x":1}');
    expect(rt.dump(rt.x.opa_value_upsert(base, rt.parse('[]'), rt.parse('7')))).toBe('7');
  });

  it('merges objects recursively, the first winning on conflicts', () => {
    const merged = rt.x.opa_value_merge(
      rt.parse('{"a": {"b": 1}, "c": 1}'),
      rt.parse('{"a": {"d": 2, "b": 9}, "c": {"x": 1}, "e": 3}'),
    );
    expect(rt.dump(merged)).toBe('{"a":{"b":1,"d":2},"c":1,"e":3}');
    expect(rt.x.opa_value_merge(rt.parse('{}'), rt.parse('[1]'))).toBe(0);
  });
});
