// References: input, base data, virtual documents, their merge, iteration,
// dynamic dispatch.

import { describe, expect, test } from 'vitest';
import { printPolicy } from '../../../src/compiler/plan/index.js';
import { planModules, resultOf } from './helpers.js';

describe('input and base data', () => {
  test('a ground ref is a chain of Dot statements', () => {
    const src = `package test\np := __local0__ if { __local0__ = input.a.b[0] }`;
    const policy = planModules(src, ['test/p']);
    const text = printPolicy(policy, { locations: false });
    expect(text).toContain('Dot l0["a"] -> l4\n');
    expect(text).toContain('Dot l4["b"] -> l5\n');
    expect(text).toMatch(/MakeNumberInt 0 -> l6\n\s+Dot l5\[l6\] -> l7/);
    expect(text).not.toContain('Scan');
    expect(resultOf(src, 'test/p', { input: { a: { b: ['x'] } } })).toBe('x');
  });

  test('an unbound key iterates', () => {
    const src = `package test
p contains [__local0__, __local1__] if { __local1__ = data.servers[__local0__].port }`;
    const data = { servers: { a: { port: 1 }, b: { port: 2 }, c: {} } };
    expect(resultOf(src, 'test/p', { data })).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });

  test('a number key into base data finds array elements and object keys of the same text', () => {
    const src = `package test
p := [__local0__, __local1__] if { __local0__ = data.arr[1]; __local1__ = data.obj[2] }
q := __local3__ if { __local2__ = data.obj; __local3__ = __local2__[2] }`;
    const data = { arr: ['a', 'b'], obj: { '2': 'two' } };
    expect(resultOf(src, 'test/p', { data })).toEqual(['b', 'two']);
    // Only references to data itself behave so; a value in a variable does not.
    expect(resultOf(src, 'test/q', { data })).toBeUndefined();
  });

  test('a key bound earlier is looked up, not scanned', () => {
    const src = `package test
p := __local1__ if { __local0__ = input.k; __local1__ = input.o[__local0__] }`;
    expect(resultOf(src, 'test/p', { input: { k: 'b', o: { a: 1, b: 2 } } })).toBe(2);
    expect(printPolicy(planModules(src, ['test/p']))).not.toContain('Scan');
  });
});

describe('virtual documents', () => {
  const modules = [
    `package a
p := 1 if { true }
q contains "x" if { true }
f(__local0__) := __local0__ if { true }
undef if { false }`,
    `package a.sub
r := {"k": [10, 20]} if { true }`,
    `package empty`,
  ];

  test('a package is the object of its rules, merged over base data', () => {
    const data = { a: { base: 'b', sub: { other: 2 } } };
    expect(resultOf(modules, 'a', { data })).toEqual({
      base: 'b',
      p: 1,
      q: ['x'],
      sub: { other: 2, r: { k: [10, 20] } },
    });
    expect(resultOf(modules, 'a')).toEqual({ p: 1, q: ['x'], sub: { r: { k: [10, 20] } } });
    expect(resultOf(modules, 'empty')).toEqual({});
  });

  test('the whole of data', () => {
    expect(
      resultOf([...modules, `package t\nx := __local1__ if { __local1__ = data.a.sub.r.k[1] }`], '', {
        data: { z: 1 },
      }),
    ).toEqual({
      a: { p: 1, q: ['x'], sub: { r: { k: [10, 20] } } },
      empty: {},
      t: { x: 20 },
      z: 1,
    });
  });

  test('references into a rule value', () => {
    const src = [...modules, `package t\nx := __local1__ if { __local1__ = data.a.sub.r.k[1] }`];
    expect(resultOf(src, 't/x')).toBe(20);
  });

  test('iterating over rules and base documents together', () => {
    const src = [
      ...modules,
      `package t
keys contains __local0__ if { data.a[__local0__] = __local1__ }`,
    ];
    expect(resultOf(src, 't/keys', { data: { a: { base: 1, p: 'shadowed' } } })).toEqual([
      'base',
      'p',
      'q',
      'sub',
    ]);
  });

  test('a negated search over rules and base documents', () => {
    const src = [
      ...modules,
      `package t
none_is_two if { not data.a[__local0__] = 2 }`,
    ];
    expect(resultOf(src, 't/none_is_two', { data: { a: { base: 1 } } })).toBe(true);
    expect(resultOf(src, 't/none_is_two', { data: { a: { base: 2 } } })).toBeUndefined();
  });

  test('a variable key bound earlier selects among rule sets and base keys', () => {
    const src = [
      ...modules,
      `package t
v := __local1__ if { __local0__ = input.k; __local1__ = data.a[__local0__] }`,
    ];
    expect(resultOf(src, 't/v', { input: { k: 'p' } })).toBe(1);
    expect(resultOf(src, 't/v', { input: { k: 'base' }, data: { a: { base: 5 } } })).toBe(5);
    expect(resultOf(src, 't/v', { input: { k: 'undef' } })).toBeUndefined();
  });
});

describe('dynamic dispatch', () => {
  const modules = [
    `package pkgs.one
allow := "one" if { true }`,
    `package pkgs.two
allow := "two" if { input.open = true }`,
    `package t
p := __local1__ if { __local0__ = input.pkg; __local1__ = data.pkgs[__local0__].allow }`,
  ];

  test('a bound key over rule sets becomes CallDynamic, with base data as fallback', () => {
    const text = printPolicy(planModules(modules, ['t/p']), { locations: false });
    expect(text).toContain('CallDynamic ["g0", "data", "pkgs", l');
    expect(resultOf(modules, 't/p', { input: { pkg: 'one' } })).toBe('one');
    expect(resultOf(modules, 't/p', { input: { pkg: 'two', open: true } })).toBe('two');
    expect(resultOf(modules, 't/p', { input: { pkg: 'two' } })).toBeUndefined();
    expect(
      resultOf(modules, 't/p', { input: { pkg: 'three' }, data: { pkgs: { three: { allow: 'base' } } } }),
    ).toBe('base');
  });

  test('no CallDynamic when the constant prefix reaches a rule set first', () => {
    const src = `package t
b[__local0__] := "C" if { __local0__ = "c" }
b["d"] := "D" if { true }
p := __local2__ if { __local1__ = "c"; __local2__ = data.t.b[__local1__] }`;
    const text = printPolicy(planModules(src, ['t/p']), { locations: false });
    expect(text).not.toContain('CallDynamic');
    expect(resultOf(src, 't/p')).toBe('C');
  });
});
