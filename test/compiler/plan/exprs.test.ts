// Expressions: unification, calls, negation, `every`, comprehensions, `with`.

import { describe, expect, test } from 'vitest';
import { plan, printPolicy } from '../../../src/compiler/plan/index.js';
import type { NegatedExpr } from '../../../src/compiler/program.js';
import { parseModule } from '../../../src/rego/parser.js';
import { planModules, resultOf } from './helpers.js';
import { evaluate } from './interpret.js';

describe('unification', () => {
  test('composite patterns against a computed value bind and check', () => {
    const src = `package test
p := [__local0__, __local1__] if { [__local0__, {"k": __local1__}] = input.x }`;
    expect(resultOf(src, 'test/p', { input: { x: [1, { k: 2 }] } })).toEqual([1, 2]);
    expect(resultOf(src, 'test/p', { input: { x: [1, { k: 2, j: 3 }] } })).toBeUndefined();
    expect(resultOf(src, 'test/p', { input: { x: [1] } })).toBeUndefined();
    expect(resultOf(src, 'test/p', { input: { x: 'str' } })).toBeUndefined();
  });

  test('two composites unify element by element without being built', () => {
    const src = `package test
p := __local0__ if { [__local0__, 2] = [1, __local1__]; __local1__ = 2 }
q if { [1, 2] = [1, 2, 3] }`;
    expect(resultOf(src, 'test/p')).toBe(1);
    expect(resultOf(src, 'test/q')).toBeUndefined();
    expect(printPolicy(planModules(src, ['test/p']))).not.toContain('MakeArray');
  });

  test('a variable already bound is compared, not rebound', () => {
    const src = `package test
p contains __local0__ if { __local0__ = input.xs[__local0__] }`;
    expect(resultOf(src, 'test/p', { input: { xs: [2, 1, 0] } })).toEqual([1]);
  });

  test('numbers: safe integers are exact ints, others keep their text', () => {
    const policy = planModules(`package test\np := [1, -2, 1.5, 12345678901234567890, 1e3] if { true }`, [
      'test/p',
    ]);
    const text = printPolicy(policy);
    expect(text).toContain('MakeNumberInt 1 ');
    expect(text).toContain('MakeNumberInt -2 ');
    expect(text).toContain('MakeNumberRef 1.5 ');
    expect(text).toContain('MakeNumberRef 12345678901234567890 ');
    expect(text).toContain('MakeNumberRef 1e3 ');
  });
});

describe('calls', () => {
  test('builtins with and without an output argument', () => {
    const src = `package test
p := __local0__ if { plus(1, 2, __local0__); gt(__local0__, 2) }
q if { gt(1, 2) }`;
    expect(resultOf(src, 'test/p')).toBe(3);
    expect(resultOf(src, 'test/q')).toBeUndefined();
    const policy = planModules(src, ['test/p']);
    expect(policy.static.builtins).toEqual([
      { name: 'gt', arity: 2 },
      { name: 'plus', arity: 2 },
    ]);
  });

  test('== and != are Equal and NotEqual statements', () => {
    const src = `package test
p if { equal(input.a, 1); neq(input.b, 1) }`;
    const text = printPolicy(planModules(src, ['test/p']), { locations: false });
    expect(text).toMatch(/Equal l\d+ l\d+/);
    expect(text).toMatch(/NotEqual l\d+ l\d+/);
    expect(text).not.toContain('Call equal');
    expect(resultOf(src, 'test/p', { input: { a: 1, b: 2 } })).toBe(true);
    expect(resultOf(src, 'test/p', { input: { a: 1, b: 1 } })).toBeUndefined();
  });

  test('membership is a builtin call', () => {
    const src = `package test
p if { internal.member_2(2, input.xs) }`;
    expect(printPolicy(planModules(src, ['test/p']))).toContain('Call internal.member_2(');
    expect(resultOf(src, 'test/p', { input: { xs: [1, 2] } })).toBe(true);
    expect(resultOf(src, 'test/p', { input: { xs: [1] } })).toBeUndefined();
  });

  test('membership in a small constant collection compares with each element', () => {
    const src = `package test
p if { internal.member_2(input.x, {"a", "b"}) }
q if { not internal.member_2(input.x, ["a", 2]) }
r if { internal.member_2(input.x, {"k": "v"}) }
e if { internal.member_2(input.x, set()) }`;
    const policy = planModules(src, ['test/p', 'test/q']);
    expect(printPolicy(policy)).not.toContain('internal.member_2');
    expect(policy.static.builtins).toEqual([]);
    expect(resultOf(src, 'test/p', { input: { x: 'b' } })).toBe(true);
    expect(resultOf(src, 'test/p', { input: { x: 'c' } })).toBeUndefined();
    expect(resultOf(src, 'test/q', { input: { x: 2 } })).toBeUndefined();
    expect(resultOf(src, 'test/q', { input: { x: 'b' } })).toBe(true);
    expect(resultOf(src, 'test/r', { input: { x: 'v' } })).toBe(true);
    expect(resultOf(src, 'test/r', { input: { x: 'k' } })).toBeUndefined();
    expect(resultOf(src, 'test/e', { input: { x: 'k' } })).toBeUndefined();
  });

  test('a relation (walk) yields one solution per result', () => {
    const src = `package test
p contains __local0__ if { walk(input, [__local0__, 1]) }`;
    expect(resultOf(src, 'test/p', { input: { a: 1, b: [1, 2] } })).toEqual([['a'], ['b', 0]]);
  });

  test('statements that can fail at run time carry their location', () => {
    const src = `package test
p := __local0__ if {
  plus(1, input.x, __local0__)
}`;
    const text = printPolicy(planModules(src, ['test/p']));
    expect(text).toMatch(/Call plus\(.*@m0\.rego:3:3/);
    expect(text).toMatch(/AssignVarOnce .*@m0\.rego:2:1/);
  });
});

describe('negation', () => {
  test('a simple negated expression is one Not', () => {
    const src = `package test
p if { not input.x }`;
    const text = printPolicy(planModules(src, ['test/p']), { locations: false });
    expect(text.match(/^\s+Not$/gm)).toHaveLength(1);
    expect(resultOf(src, 'test/p', { input: { x: false } })).toBe(true);
    expect(resultOf(src, 'test/p', {})).toBe(true);
    expect(resultOf(src, 'test/p', { input: { x: 1 } })).toBeUndefined();
  });

  test('a negated search stops at its first solution', () => {
    const src = `package test
p if { not input.xs[__local0__] = 3 }`;
    expect(resultOf(src, 'test/p', { input: { xs: [1, 2] } })).toBe(true);
    expect(resultOf(src, 'test/p', { input: { xs: [1, 3, 2] } })).toBeUndefined();
    expect(resultOf(src, 'test/p', { input: { xs: [] } })).toBe(true);
  });

  test('a negated call of a function that iterates', () => {
    const src = `package test
has(__local0__) if { __local0__[__local1__] = "x" }
p if { not data.test.has(input.xs) }`;
    expect(resultOf(src, 'test/p', { input: { xs: ['a', 'x'] } })).toBeUndefined();
    expect(resultOf(src, 'test/p', { input: { xs: ['a'] } })).toBe(true);
  });

  test("a negation's support is evaluated inside the Not, before the expression", () => {
    // Compiled form of `not startswith(input.x, "a")` under future.keywords.not (README.md, "Negation").
    const modules = [
      parseModule('package test\np if { __local0__ = input.x; not startswith(__local0__, "a") }'),
    ];
    const [hoisted, negated] = modules[0].rules[0].body;
    (negated as NegatedExpr).support = [hoisted];
    modules[0].rules[0].body = [negated];
    const policy = plan({ modules }, ['test/p']);
    expect(printPolicy(policy, { locations: false })).toMatch(/Not\n\s+Dot l0\["x"\]/);
    const run = (input: unknown) => evaluate(policy, 'test/p', { input });
    expect(run({})).toEqual([{ result: true }]);
    expect(run({ x: 'b' })).toEqual([{ result: true }]);
    expect(run({ x: 'abc' })).toEqual([]);
  });

  test('a statically false expression makes the negation true', () => {
    const src = `package test
p if { not [1] = [1, 2] }`;
    expect(resultOf(src, 'test/p')).toBe(true);
  });
});

describe('every', () => {
  const src = `package test
p if { every __local0__, __local1__ in input.xs { gt(__local1__, __local0__) } }`;

  test('holds when no element is a counterexample', () => {
    expect(resultOf(src, 'test/p', { input: { xs: [1, 2, 3] } })).toBe(true);
    expect(resultOf(src, 'test/p', { input: { xs: [1, 0] } })).toBeUndefined();
    expect(resultOf(src, 'test/p', { input: { xs: [] } })).toBe(true);
  });

  test('is undefined for an undefined or scalar domain', () => {
    expect(resultOf(src, 'test/p', { input: {} })).toBeUndefined();
    expect(resultOf(src, 'test/p', { input: { xs: 7 } })).toBeUndefined();
  });

  test('reads variables of the enclosing body, over sets and objects', () => {
    const closure = `package test
p if { __local0__ = input.min; every __local1__ in input.xs { gte(__local1__, __local0__) } }`;
    expect(resultOf(closure, 'test/p', { input: { min: 1, xs: { a: 1, b: 2 } } })).toBe(true);
    expect(resultOf(closure, 'test/p', { input: { min: 2, xs: { a: 1, b: 2 } } })).toBeUndefined();
  });
});

describe('comprehensions', () => {
  test('array, set and object comprehensions with closures', () => {
    const src = `package test
p := [__local2__, __local3__, __local4__] if {
  __local0__ = input.n
  __local2__ = [__local1__ | __local1__ = input.xs[_a]; gt(__local1__, __local0__)]
  __local3__ = {__local5__ | __local5__ = input.xs[_b]}
  __local4__ = {__local6__: __local7__ | __local7__ = input.xs[__local6__]}
}`;
    expect(resultOf(src, 'test/p', { input: { n: 1, xs: [3, 1, 2, 3] } })).toEqual([
      [3, 2, 3],
      [1, 2, 3],
      { 0: 3, 1: 1, 2: 2, 3: 3 },
    ]);
  });

  test('an empty comprehension is still defined', () => {
    const src = `package test
p := __local0__ if { __local0__ = [__local1__ | __local1__ = input.xs[_a]] }`;
    expect(resultOf(src, 'test/p', { input: {} })).toEqual([]);
  });
});

describe('with', () => {
  test('on input, restored for the rest of the body', () => {
    const src = `package test
x := __local0__ if { __local0__ = input.v }
p := [__local1__, __local2__] if { __local1__ = data.test.x with input.v as 2; __local2__ = input.v }`;
    expect(resultOf(src, 'test/p', { input: { v: 1 } })).toEqual([2, 1]);
  });

  test('on base data', () => {
    const src = `package test
x := __local0__ if { __local0__ = data.cfg.level }
p := __local1__ if { __local1__ = data.test.x with data.cfg.level as "high" }`;
    expect(resultOf(src, 'test/p', { data: { cfg: { level: 'low' } } })).toBe('high');
  });

  test('on a virtual document: rules depending on it are planned again', () => {
    const src = `package test
limit := 3 if { true }
ok if { gt(data.test.limit, 5) }
p := [__local0__, __local1__] if {
  __local0__ = true with data.test.limit as 10
  data.test.ok with data.test.limit as 10
  __local1__ = data.test.limit
}`;
    const policy = planModules(src, ['test/p']);
    expect(policy.funcs.map((f) => f.name)).toEqual(
      expect.arrayContaining([
        'g0.data.test.p',
        'g0.data.test.limit',
        expect.stringMatching(/^g[1-9]\d*\.data\.test\.ok$/),
      ]),
    );
    expect(resultOf(src, 'test/p')).toEqual([true, 3]);
  });

  test('replacing a package document leaves its functions callable', () => {
    const src = `package test
double(__local0__) := __local1__ if { mul(__local0__, 2, __local1__) }
limit := 1 if { true }
p := [__local2__, __local3__] if {
  data.test.double(2, __local2__) with data.test as {"limit": 5}
  __local3__ = data.test.limit with data.test as {"limit": 5}
}`;
    expect(resultOf(src, 'test/p')).toEqual([4, 5]);
  });

  test('replacing a function by another function, a builtin or a value', () => {
    const src = `package test
f(__local0__) := "f" if { true }
g(__local1__) := "g" if { true }
callf(__local2__) := __local3__ if { data.test.f(__local2__, __local3__) }
p := [__local4__, __local5__, __local6__, __local7__] if {
  data.test.callf(1, __local4__) with data.test.f as data.test.g
  data.test.callf(1, __local5__) with data.test.f as "v"
  count("abc", __local6__) with count as upper
  data.test.callf(1, __local7__)
}`;
    expect(resultOf(src, 'test/p')).toEqual(['g', 'v', 'ABC', 'f']);
  });

  test('a replacement value computed in the body reaches rules called under the with', () => {
    const src = `package test
f(__local0__) := 1 if { true }
q if { data.test.f(1, __local1__); equal(__local1__, 2) }
p contains __local2__ if { __local2__ = input.xs[__local3__]; data.test.q with data.test.f as __local2__ }`;
    expect(resultOf(src, 'test/p', { input: { xs: [1, 2, 3] } })).toEqual([2]);
    // The value changes from one iteration to the next: q under the with is not memoized.
    const q = planModules(src, ['test/p']).funcs.find((f) => /^g[1-9]\d*\.data\.test\.q$/.test(f.name));
    expect(q?.params).toHaveLength(3);
    expect(q?.memoize).toBeUndefined();
  });
});
