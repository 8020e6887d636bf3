import { describe, expect, it } from 'vitest';
import { brief, compiledBody, compiledRules, errorsOf } from './helpers.js';

describe('safety reordering', () => {
  it('moves an expression after the one that binds its inputs, keeping the rest in order', () => {
    expect(compiledBody('package a\np if { x > 1; input.a = 1; x = input.b }')).toBe(
      'eq(input.a, 1); eq(L1, input.b); gt(L1, 1)',
    );
  });

  it('places negations after the expressions binding their variables', () => {
    expect(compiledBody('package a\np if { not input.deny[x]; x = input.name }')).toBe(
      'eq(L1, input.name); not input.deny[L1]',
    );
  });

  it('binds variables through iteration, unification and call outputs', () => {
    expect(compiledBody('package a\np if { y > 0; count(input.xs, y) }')).toBe(
      'eq(L1, input.xs); count(L1, L2); gt(L2, 0)',
    );
    expect(compiledBody('package a\np if { [a, b] = [1, x]; x = 2 }')).toBe(
      'eq(L1, 2); eq([L2, L3], [1, L1])',
    );
  });

  it('orders comprehension bodies with the variables of the enclosing body available', () => {
    expect(compiledBody('package a\np if { y := 1; xs := [x | x > y; x = input.xs[_]]; xs }')).toBe(
      'eq(L1, 1); eq(L2, [L3 | eq(L3, input.xs[L4]); gt(L3, L1)]); L2',
    );
  });

  it('waits for the variables a closure reads before placing it', () => {
    expect(compiledBody('package a\np if { xs := [x | x := y]; y = 1; xs }')).toBe(
      'eq(L1, 1); eq(L2, [L3 | eq(L3, L1)]); L2',
    );
  });

  it('treats function arguments as bound', () => {
    expect(compiledRules('package a\nf(x) := y if y := x + 1')[0]).toBe(
      'f(L1) = L2 { plus(L1, 1, L3); eq(L2, L3) }',
    );
  });
});

describe('unsafe variables', () => {
  it('reports a variable nothing binds, at its first expression', () => {
    expect(brief(errorsOf('package a\np if { x > 1 }'))).toEqual([
      'rego_unsafe_var_error 2:8 var x is unsafe',
    ]);
    expect(brief(errorsOf('package a\np if { not input.a[x] }'))).toEqual([
      'rego_unsafe_var_error 2:8 var x is unsafe',
    ]);
  });

  it('reports every unsafe variable in source order', () => {
    expect(brief(errorsOf('package a\np if { y := x + 1 }'))).toEqual([
      'rego_unsafe_var_error 2:8 var y is unsafe',
      'rego_unsafe_var_error 2:13 var x is unsafe',
    ]);
  });

  it('reports unsafe variables inside comprehensions and every', () => {
    expect(brief(errorsOf('package a\np if { [y | y > 1] }'))).toEqual([
      'rego_unsafe_var_error 2:13 var y is unsafe',
    ]);
    expect(brief(errorsOf('package a\np if { every x in input.xs { x > z } }'))).toEqual([
      'rego_unsafe_var_error 2:30 var z is unsafe',
    ]);
  });

  it('reports a comprehension term that its body does not bind', () => {
    expect(brief(errorsOf('package a\np if { xs := [y | true]; xs }'))).toEqual([
      'rego_unsafe_var_error 2:8 var y is unsafe',
    ]);
  });

  it('reports head variables the body does not bind', () => {
    expect(brief(errorsOf('package a\np contains x if { input.a }'))).toEqual([
      'rego_unsafe_var_error 2:1 var x is unsafe',
    ]);
    expect(brief(errorsOf('package a\np[k] := 1 if true'))).toEqual([
      'rego_unsafe_var_error 2:1 var k is unsafe',
    ]);
  });

  it('hints at future keywords in v0 modules', () => {
    expect(brief(errorsOf('package a\np { contains }', { v0: true }))).toEqual([
      'rego_unsafe_var_error 2:5 var contains is unsafe (hint: `import future.keywords.contains` to import a future keyword)',
    ]);
  });
});
