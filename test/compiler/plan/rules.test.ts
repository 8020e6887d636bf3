// Rule sets: complete rules, defaults, else chains, multi-value rules, ref
// heads and functions, checked by what their plans compute (modules are
// written in compiled form: absolute refs, flat expressions).

import { describe, expect, test } from 'vitest';
import { resultOf } from './helpers.js';
import { RegoEvalError } from './interpret.js';

describe('complete rules', () => {
  test('a value, undefined when the body fails', () => {
    const src = `package test
p := 7 if { input.x = 1 }`;
    expect(resultOf(src, 'test/p', { input: { x: 1 } })).toBe(7);
    expect(resultOf(src, 'test/p', { input: { x: 2 } })).toBeUndefined();
    expect(resultOf(src, 'test/p')).toBeUndefined();
  });

  test('several definitions agreeing, and conflicting', () => {
    const src = `package test
p := __local0__ if { __local0__ = input.a }
p := __local1__ if { __local1__ = input.b }`;
    expect(resultOf(src, 'test/p', { input: { a: 1, b: 1 } })).toBe(1);
    expect(resultOf(src, 'test/p', { input: { a: 1 } })).toBe(1);
    expect(() => resultOf(src, 'test/p', { input: { a: 1, b: 2 } })).toThrow(RegoEvalError);
  });

  test('one definition with solutions of different values conflicts', () => {
    const src = `package test
p := __local0__ if { __local0__ = input.xs[__local1__] }`;
    expect(resultOf(src, 'test/p', { input: { xs: [3, 3] } })).toBe(3);
    expect(() => resultOf(src, 'test/p', { input: { xs: [3, 4] } })).toThrow(/eval_conflict_error/);
  });

  test('default applies only when no definition has a value', () => {
    const src = `package test
default p := "no"
p := "yes" if { input.ok = true }`;
    expect(resultOf(src, 'test/p', { input: { ok: true } })).toBe('yes');
    expect(resultOf(src, 'test/p', { input: { ok: false } })).toBe('no');
  });

  test('else chains take the first branch with a value', () => {
    const src = `package test
p := 1 if { input.x = 1 } else := 2 if { input.x = 2 } else := 3`;
    expect(resultOf(src, 'test/p', { input: { x: 1 } })).toBe(1);
    expect(resultOf(src, 'test/p', { input: { x: 2 } })).toBe(2);
    expect(resultOf(src, 'test/p', { input: { x: 9 } })).toBe(3);
  });

  test('a constant value stops after the first solution; others see every solution', () => {
    const src = `package test
p if { input.xs[__local0__] = 1 }`;
    expect(resultOf(src, 'test/p', { input: { xs: [1, 2, 1] } })).toBe(true);
    expect(resultOf(src, 'test/p', { input: { xs: [2] } })).toBeUndefined();
  });
});

describe('multi-value rules', () => {
  test('a partial set collects every solution, empty when none', () => {
    const src = `package test
deny contains __local0__ if { __local0__ = input.xs[__local1__]; gt(__local0__, 1) }
deny contains "static" if { input.flag = true }`;
    expect(resultOf(src, 'test/deny', { input: { xs: [1, 2, 3], flag: true } })).toEqual([2, 3, 'static']);
    expect(resultOf(src, 'test/deny', { input: { xs: [] } })).toEqual([]);
  });

  test('partial objects, with conflicting keys an error', () => {
    const src = `package test
p[__local0__] := __local1__ if { __local1__ = input.o[__local0__] }
p["fixed"] := 0 if { true }`;
    expect(resultOf(src, 'test/p', { input: { o: { a: 1, b: 2 } } })).toEqual({ a: 1, b: 2, fixed: 0 });
    expect(() => resultOf(src, 'test/p', { input: { o: { fixed: 1 } } })).toThrow(
      /object keys must be unique/,
    );
  });
});

describe('ref heads', () => {
  const src = `package test
a.b.c := 1 if { true }
a.b[__local0__] := 2 if { __local0__ = input.k }
a.x.y contains "e" if { true }
a.x.y contains __local1__ if { __local1__ = input.k }`;

  test('nested objects built from rules of one rule set', () => {
    expect(resultOf(src, 'test/a', { input: { k: 'd' } })).toEqual({
      b: { c: 1, d: 2 },
      x: { y: ['d', 'e'] },
    });
    expect(resultOf(src, 'test/a/b', { input: { k: 'd' } })).toEqual({ c: 1, d: 2 });
    expect(resultOf(src, 'test/a/b/c', { input: { k: 'd' } })).toBe(1);
  });

  test('a variable key writing over a constant one conflicts', () => {
    expect(() => resultOf(src, 'test/a', { input: { k: 'c' } })).toThrow(/eval_conflict_error/);
  });

  test('ground ref heads in different rule sets', () => {
    const own = `package test
q.r := 1 if { true }
q.s := 2 if { input.no = true }`;
    expect(resultOf(own, 'test/q', {})).toEqual({ r: 1 });
    expect(resultOf(own, 'test', {})).toEqual({ q: { r: 1 } });
  });
});

describe('functions', () => {
  test('several definitions, else, default', () => {
    const src = `package test
f(__local0__) := "neg" if { lt(__local0__, 0) }
f(__local1__) := "small" if { lt(__local1__, 10); gte(__local1__, 0) } else := "big" if { gte(__local1__, 10) }
default g(__local2__) := "dflt"
g(1) := "one" if { true }
p := [__local3__, __local4__, __local5__, __local6__, __local7__] if {
  data.test.f(-1, __local3__)
  data.test.f(5, __local4__)
  data.test.f(50, __local5__)
  data.test.g(1, __local6__)
  data.test.g(2, __local7__)
}`;
    expect(resultOf(src, 'test/p')).toEqual(['neg', 'small', 'big', 'one', 'dflt']);
  });

  test('two definitions giving different values for the same arguments conflict', () => {
    const src = `package test
f(__local0__) := 1 if { gt(__local0__, 0) }
f(__local1__) := 2 if { gt(__local1__, 5) }
p := __local2__ if { data.test.f(input.n, __local2__) }`;
    expect(resultOf(src, 'test/p', { input: { n: 1 } })).toBe(1);
    expect(() => resultOf(src, 'test/p', { input: { n: 6 } })).toThrow(RegoEvalError);
  });

  test('arguments are patterns', () => {
    const src = `package test
first([__local0__, __local1__]) := __local0__ if { true }
p := __local2__ if { data.test.first(input.pair, __local2__) }`;
    expect(resultOf(src, 'test/p', { input: { pair: ['a', 'b'] } })).toBe('a');
    expect(resultOf(src, 'test/p', { input: { pair: ['a'] } })).toBeUndefined();
  });

  test('a call without an output is a test: false fails', () => {
    const src = `package test
pos(__local0__) if { gt(__local0__, 0) }
isfalse(__local1__) := false if { true }
p if { data.test.pos(input.n) }
q if { data.test.isfalse(1) }`;
    expect(resultOf(src, 'test/p', { input: { n: 3 } })).toBe(true);
    expect(resultOf(src, 'test/p', { input: { n: -3 } })).toBeUndefined();
    expect(resultOf(src, 'test/q')).toBeUndefined();
  });
});
