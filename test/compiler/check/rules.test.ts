import { describe, expect, it } from 'vitest';
import { brief, compile, compiledRules, errorsOf } from './helpers.js';

describe('rule conflicts', () => {
  it('reports rules of different kinds at one path', () => {
    expect(brief(errorsOf('package a\np := 1\np contains 2'))).toEqual([
      'rego_type_error 2:1 conflicting rules data.a.p found',
    ]);
    expect(brief(errorsOf('package a\nf(x) := 1\nf(x, y) := 2'))).toEqual([
      'rego_type_error 2:1 conflicting rules data.a.f found',
    ]);
  });

  it('reports several default rules, at the package of the first', () => {
    expect(brief(errorsOf('package a\ndefault p := 1\ndefault p := 2'))).toEqual([
      'rego_type_error 1:1 multiple default rules data.a.p found at mod0.rego:2, mod0.rego:3',
    ]);
  });

  it('reports rules inside the value of a complete rule', () => {
    expect(brief(errorsOf('package a\np := 1\np.q.r := 2\np.s := 3'))).toEqual([
      'rego_type_error 2:1 rule data.a.p conflicts with [data.a.p.q.r data.a.p.s]',
    ]);
  });

  it('reports a package placed where a rule is', () => {
    expect(brief(errorsOf(['package a\np := 1', 'package a.p\nq := 1']))).toEqual([
      'rego_type_error 2:1 rule data.a.p conflicts with [data.a.p.q]',
      'rego_type_error 1:1 package a.p conflicts with rule p defined at mod0.rego:2',
    ]);
  });

  it('accepts multiple definitions, ref heads with variables, and else chains', () => {
    const rules = compiledRules(
      'package a\np.q[x] := 1 if x := input.x\np.r := 2\nf(x) := 1 if x > 0\nf(x) := 2 if x < 0\ndefault g := 0\ng := 1 if input.a else := 2',
    );
    expect(rules.length).toBe(7);
  });
});

describe('function calls', () => {
  it('reports undefined functions', () => {
    expect(brief(errorsOf('package a\np if { foo(1) }'))).toEqual([
      'rego_type_error 2:8 undefined function foo',
    ]);
    expect(brief(errorsOf('package a\np if { data.a.g(1) }'))).toEqual([
      'rego_type_error 2:8 undefined function data.a.g',
    ]);
  });

  it('reports calls through a dynamic reference and calls of a shadowed builtin', () => {
    expect(brief(errorsOf(['package a\np if { x := "f"; data.b[x](1) }', 'package b\nf(x) := x']))).toEqual([
      'rego_type_error 2:18 undefined function data.b[x]',
    ]);
    expect(brief(errorsOf('package a\np if { count := 1; count([], n); n == count }'))).toEqual([
      'rego_type_error 2:20 undefined function count',
    ]);
  });

  it('reports a wrong number of arguments', () => {
    expect(brief(errorsOf('package a\nf(x) := x\np if { f(1, 2, 3) }'))).toEqual([
      'rego_type_error 3:8 function data.a.f has arity 1, got 3 arguments',
    ]);
    const [error] = errorsOf('package a\np if { count(1, 2, 3) }');
    expect(error.code).toBe('rego_type_error');
    expect(error.message.split('\n')[0]).toBe('count: arity mismatch');
  });

  it('accepts a call with or without its output argument', () => {
    expect(compiledRules('package a\np if { count([1], n); n == 1 }')[0]).toBe(
      'p = true { count([1], L1); eq(L1, 1) }',
    );
  });

  it('reports deprecated builtins in v1 modules only', () => {
    expect(brief(errorsOf('package a\np if { any([true]) }'))).toEqual([
      'rego_type_error 2:8 deprecated built-in function calls in expression: any',
    ]);
    expect(() => compile('package a\np { any([true]) }', { v0: true })).not.toThrow();
  });
});

describe('recursion', () => {
  it('reports each rule of a cycle with the path', () => {
    expect(brief(errorsOf('package a\np if q\nq if p'))).toEqual([
      'rego_recursion_error 2:1 rule data.a.p is recursive: data.a.p -> data.a.q -> data.a.p',
      'rego_recursion_error 3:1 rule data.a.q is recursive: data.a.q -> data.a.p -> data.a.q',
    ]);
  });

  it('reports recursion through functions and with targets', () => {
    expect(brief(errorsOf('package a\nf(x) := y if y := f(x)'))).toEqual([
      'rego_recursion_error 2:1 rule data.a.f is recursive: data.a.f -> data.a.f',
    ]);
    expect(brief(errorsOf('package a\np if { true with data.a.p as 1 }'))).toEqual([
      'rego_recursion_error 2:1 rule data.a.p is recursive: data.a.p -> data.a.p',
    ]);
  });

  it('reports only the rules on a cycle, not those depending on it', () => {
    expect(brief(errorsOf('package a\np if q\nq if r\nr if p\ns if p'))).toEqual([
      'rego_recursion_error 2:1 rule data.a.p is recursive: data.a.p -> data.a.q -> data.a.r -> data.a.p',
      'rego_recursion_error 3:1 rule data.a.q is recursive: data.a.q -> data.a.r -> data.a.p -> data.a.q',
      'rego_recursion_error 4:1 rule data.a.r is recursive: data.a.r -> data.a.p -> data.a.q -> data.a.r',
    ]);
  });

  it('accepts long chains of dependencies', () => {
    const rules = ['package a', 'p0 := 1'];
    for (let i = 1; i < 2000; i++) rules.push(`p${i} := p${i - 1} + 1`);
    expect(compiledRules(rules.join('\n')).at(-1)).toBe(
      'p1999 = L1 { true; eq(L2, data.a.p1998); plus(L2, 1, L1) }',
    );
  });
});
