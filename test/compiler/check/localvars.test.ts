import { describe, expect, it } from 'vitest';
import { brief, compiledBody, compiledRules, errorsOf } from './helpers.js';

describe('local variables', () => {
  it('renames every local to a unique generated name and turns := into =', () => {
    expect(compiledBody('package a\np if { x := input.a; y = x; z := [y, x] }')).toBe(
      'eq(L1, input.a); eq(L2, L1); eq(L3, [L2, L1])',
    );
  });

  it('gives each _ its own variable', () => {
    expect(compiledBody('package a\np if { input.a[_] = input.b[_] }')).toBe('eq(input.a[L1], input.b[L2])');
  });

  it('scopes := to comprehension bodies, which may shadow outer variables', () => {
    expect(compiledBody('package a\np := xs if { x := 2; xs := [x | x := 1] }')).toBe(
      'eq(L2, 2); eq(L1, [L3 | eq(L3, 1)])',
    );
  });

  it('lets comprehensions read variables of the enclosing body (closures)', () => {
    expect(compiledBody('package a\np := xs if { x = 2; xs := [y | y := x] }')).toBe(
      'eq(L2, 2); eq(L1, [L3 | eq(L3, L2)])',
    );
  });

  it('rewrites some x in xs and some k, v in xs to iteration', () => {
    expect(compiledBody('package a\np if { some x in input.xs; x > 1 }')).toBe(
      'eq(L1, input.xs[L2]); gt(L1, 1)',
    );
    expect(compiledBody('package a\np if { some k, v in input.m; k == v }')).toBe(
      'eq(L1, input.m[L2]); eq(L2, L1)',
    );
    expect(compiledBody('package a\np if { some [a, b] in input.pairs; a == b }')).toBe(
      'eq([L1, L2], input.pairs[L3]); eq(L1, L2)',
    );
  });

  it('drops some declarations and keeps the body non-empty', () => {
    expect(compiledBody('package a\np if { some x; input.a[x] }')).toBe('input.a[L1]');
  });

  it('declares every variables in the every body and binds the domain first', () => {
    expect(compiledBody('package a\np if { every k, v in input.m { k != v } }')).toBe(
      'eq(L1, input.m); every L2, L3 in L1 { neq(L2, L3) }',
    );
    expect(compiledBody('package a\np if { every v in input.xs { v > 0 } }')).toBe(
      'eq(L1, input.xs); every L2, L3 in L1 { gt(L3, 0) }',
    );
  });

  it('renames head variables declared in the body', () => {
    expect(compiledRules('package a\np[k] := v if { some k; v := input[k] }')[0]).toBe(
      'p[L1] = L2 { eq(L2, input[L1]) }',
    );
  });

  it('declares function arguments for the whole else chain', () => {
    expect(compiledRules('package a\nf(x) := 1 if x > 0\nelse := 2 if x < 0')).toEqual([
      'f(L1) = 1 { gt(L1, 0) }',
      'f(L1) = 2 { lt(L1, 0) }',
    ]);
  });

  it('names variables as written in messages', () => {
    expect(brief(errorsOf('package a\np if { x := 1; y > x }'))).toEqual([
      'rego_unsafe_var_error 2:16 var y is unsafe',
    ]);
  });
});

describe('declaration errors', () => {
  const cases: [string, string, string][] = [
    ['some x twice', 'p if { some x; some x; x = 1 }', 'rego_compile_error 2:16 var x declared above'],
    ['some after :=', 'p if { x := 1; some x; x == 1 }', 'rego_compile_error 2:16 var x assigned above'],
    ['some after use', 'p if { data.q[x]; some x }', 'rego_compile_error 2:19 var x referenced above'],
    ['assigned twice', 'p if { x := 1; x := 2 }', 'rego_compile_error 2:16 var x assigned above'],
    ['argument redeclared', 'f([a]) if { some a; a = 1 }', 'rego_compile_error 2:13 arg a redeclared'],
    ['unused some', 'p if { some x }', 'rego_compile_error 2:8 declared var x unused'],
    [
      'unused every variable',
      'p if { every x in input.xs { true } }',
      'rego_compile_error 2:30 declared var x unused',
    ],
    [
      'negated :=',
      'p if { not x := 1 }',
      'rego_compile_error 2:8 cannot assign vars inside negated expression',
    ],
    ['assign to ref', 'p if { input.x := 1 }', 'rego_compile_error 2:8 cannot assign to ref'],
    [
      'assign to constant',
      'p if { [x, "a"] := [1, "a"]; x }',
      'rego_compile_error 2:12 cannot assign to string',
    ],
    [
      'shadowed function',
      'p if { count := 1; x := [count([1])]; x }',
      'rego_compile_error 2:26 called function count shadowed',
    ],
    ['call in argument', 'f(count(x)) := 1', 'rego_compile_error 2:3 rule arguments cannot contain calls'],
  ];
  for (const [name, rule, want] of cases) {
    it(name, () => {
      expect(brief(errorsOf(`package a\n${rule}`))).toEqual([want]);
    });
  }
});
