import { describe, expect, it } from 'vitest';
import { brief, compiledBody, compiledRules, errorsOf } from './helpers.js';

describe('flattening expressions', () => {
  it('hoists nested calls into expressions binding fresh variables', () => {
    expect(compiledBody('package a\np if { count(input.xs) > 1 }')).toBe(
      'eq(L1, input.xs); count(L1, L2); gt(L2, 1)',
    );
    expect(compiledBody('package a\np if { x := [upper("a"), 2]; x }')).toBe(
      'upper("a", L1); eq(L2, [L1, 2]); L2',
    );
  });

  it('binds references in call arguments and composites, keeping them as the sides of =', () => {
    expect(compiledBody('package a\np if { startswith(input.name, "a") }')).toBe(
      'eq(L1, input.name); startswith(L1, "a")',
    );
    expect(compiledBody('package a\np if { x := [input.a, {"k": input.b}]; x }')).toBe(
      'eq(L1, input.a); eq(L2, input.b); eq(L3, [L1, {"k": L2}]); L3',
    );
    expect(compiledBody('package a\np if { input.a = input.b }')).toBe('eq(input.a, input.b)');
  });

  it('binds references used as keys of other references', () => {
    expect(compiledBody('package a\np if { input.m[input.k] }')).toBe('eq(L1, input.k); input.m[L1]');
  });

  it('binds a literal or comprehension that is indexed', () => {
    expect(compiledBody('package a\np := x if { x := [1, 2, 3][1] }')).toBe(
      'eq(L2, [1, 2, 3]); eq(L1, L2[1])',
    );
    expect(compiledBody('package a\np if { some x in [1, 2]; x > 1 }')).toBe(
      'eq(L1, [1, 2]); eq(L2, L1[L3]); gt(L2, 1)',
    );
  });

  it('binds comprehension arguments', () => {
    expect(compiledBody('package a\np if { count([x | x := input.xs[_]]) > 0 }')).toBe(
      'eq(L1, [L2 | eq(L2, input.xs[L3])]); count(L1, L4); gt(L4, 0)',
    );
  });

  it('keeps the hoisted parts of a negated expression outside the negation (as OPA does)', () => {
    expect(compiledBody('package a\np if { not startswith(input.name, "a") }')).toBe(
      'eq(L1, input.name); not startswith(L1, "a")',
    );
    expect(compiledBody('package a\np if { not input.x }')).toBe('not input.x');
  });

  it('turns == into unification', () => {
    expect(compiledBody('package a\np if { input.a == 1 }')).toBe('eq(input.a, 1)');
    expect(compiledBody('package a\np if { x := input.a == 1; x }')).toBe(
      'eq(L1, input.a); equal(L1, 1, L2); eq(L3, L2); L3',
    );
  });

  it('moves head values, keys and comprehension terms that need evaluation into bodies', () => {
    expect(compiledRules('package a\np := input.a')[0]).toBe('p = L1 { true; eq(L1, input.a) }');
    expect(compiledRules('package a\np contains input.a if true')[0]).toBe(
      'p contains L1 { true; eq(L1, input.a) }',
    );
    expect(compiledRules('package a\np := count(input.xs)')[0]).toBe(
      'p = L1 { true; eq(L2, input.xs); count(L2, L1) }',
    );
    expect(compiledRules('package a\np := [x.a | some x in input.xs]')[0]).toBe(
      'p = L1 { true; eq(L1, [L2 | eq(L3, input.xs[L4]); eq(L2, L3.a)]) }',
    );
  });

  it('moves head ref elements that are not scalars or variables into the body', () => {
    expect(compiledRules('package a\np[input.k] := 1')[0]).toBe('p[L1] = 1 { true; eq(L1, input.k) }');
  });

  it('binds with values that need evaluation before the expression, sharing them', () => {
    expect(
      compiledRules('package a\nf(x) := x\np := y if { y := f(1) with input as {"a": input.b} }')[1],
    ).toBe(
      'p = L1 { eq(L2, input.b); eq(L3, {"a": L2}); data.a.f(1, L4) with input as L3; eq(L1, L4) with input as L3 }',
    );
  });

  it('keeps a function or builtin given as with value as a reference', () => {
    const rules = compiledRules(
      'package a\nf(x) := 1\ng(x) := 2\np if { f(1) == 2 with data.a.f as g }\nq if { count([]) with count as sum }',
    );
    expect(rules[2]).toBe(
      'p = true { data.a.f(1, L1) with data.a.f as data.a.g; eq(L1, 2) with data.a.f as data.a.g }',
    );
    expect(rules[3]).toBe('q = true { count([]) with count as sum }');
  });
});

describe('with targets', () => {
  it('reports targets that are not input, data or a function', () => {
    expect(brief(errorsOf('package a\np if { true with foo as 1 }'))).toEqual([
      'rego_type_error 2:18 with keyword target must reference existing input, data, or a function',
    ]);
  });

  it('reports targets inside the value of a rule', () => {
    expect(brief(errorsOf('package a\nq := {"a": 1}\np if { true with data.a.q.a as 1 }'))).toEqual([
      'rego_compile_error 3:18 with keyword cannot partially replace virtual document(s)',
    ]);
  });

  it('reports builtins that cannot be replaced', () => {
    expect(brief(errorsOf('package a\np if { true with eq as 1 }'))).toEqual([
      'rego_compile_error 2:18 with keyword replacing built-in function: replacement of "eq" invalid',
    ]);
    expect(brief(errorsOf('package a\np if { true with internal.member_2 as 1 }'))).toEqual([
      'rego_compile_error 2:18 with keyword replacing built-in function: replacement of internal function "internal.member_2" invalid',
    ]);
    expect(brief(errorsOf('package a\np if { true with walk as 1 }'))).toEqual([
      'rego_compile_error 2:18 with keyword replacing built-in function: target must not be a relation',
    ]);
  });
});

describe('print', () => {
  it('erases print calls by default, keeping bodies non-empty', () => {
    expect(compiledBody('package a\np if { print("hi") }')).toBe('true');
    expect(compiledBody('package a\np if { x := 1; print(x); x > 0 }')).toBe('eq(L1, 1); gt(L1, 0)');
  });

  it('captures each operand in a set comprehension when enabled', () => {
    expect(compiledBody('package a\np if { x := 1; print("x", x) }', -1, { enablePrint: true })).toBe(
      'eq(L1, 1); eq(L2, {L3 | eq(L3, "x")}); eq(L4, {L5 | eq(L5, L1)}); internal.print([L2, L4])',
    );
  });

  it('reports print operands that nothing binds before', () => {
    expect(brief(errorsOf('package a\np if { print(x); x = 7 }', { enablePrint: true }))).toEqual([
      'rego_compile_error 2:14 var x is undeclared',
    ]);
  });

  it('reports print used as a value', () => {
    expect(brief(errorsOf('package a\np if { x := print(1); x }'))).toEqual([
      'rego_type_error 2:13 print(1) used as value',
    ]);
  });
});
