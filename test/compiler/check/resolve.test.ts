import { describe, expect, it } from 'vitest';
import { brief, compiledBody, compiledRules, errorsOf } from './helpers.js';

describe('reference resolution', () => {
  it('makes references to rules of the package absolute', () => {
    expect(compiledBody('package a.b\nq := 1\np if { q == 1 }')).toBe('eq(data.a.b.q, 1)');
  });

  it('resolves rule names across modules of the same package', () => {
    const rules = compiledRules(['package a\nq := 1', 'package a\np if { q == 1 }']);
    expect(rules[1]).toBe('p = true { eq(data.a.q, 1) }');
  });

  it('expands imports, aliases and input imports, and drops future.keywords and rego.v1', () => {
    const src = [
      'package a',
      'import rego.v1',
      'import future.keywords.in',
      'import data.lib.util',
      'import data.lib.other as o',
      'import input.spec',
      'p if { util.f(spec.x); o.y[0] }',
    ].join('\n');
    const rules = compiledRules([src, 'package lib.util\nf(x) := x']);
    expect(rules[0]).toBe('p = true { eq(L1, input.spec.x); data.lib.util.f(L1); data.lib.other.y[0] }');
  });

  it('resolves rule names used as keys and in the head', () => {
    expect(compiledRules('package a\nk := "x"\np[k] := v if v := input[k]')[1]).toBe(
      'p[L1] = L2 { eq(L3, data.a.k); eq(L2, input[L3]); eq(L1, data.a.k) }',
    );
  });

  it('lets declared variables, arguments and every variables shadow rule names', () => {
    const src = [
      'package a',
      'x := 1',
      'y := 2',
      'f(x) := x',
      'p if { x := 3; x > 2 }',
      'q if { some y in [1]; y > 0 }',
      'r if { every x in [1] { x > 0 } }',
    ].join('\n');
    const rules = compiledRules(src);
    expect(rules[2]).toBe('f(L1) = L1 { true }');
    expect(rules[3]).toBe('p = true { eq(L1, 3); gt(L1, 2) }');
    expect(rules[4]).toBe('q = true { eq(L1, [1]); eq(L2, L1[L3]); gt(L2, 0) }');
    expect(rules[5]).toBe('r = true { eq(L1, [1]); every L2, L3 in L1 { gt(L3, 0) } }');
  });

  it('keeps a variable unified with = as a rule reference (it is not a declaration)', () => {
    expect(compiledBody('package a\nx := 1\np if { x = 1 }')).toBe('eq(data.a.x, 1)');
  });
});

describe('import and keyword checks', () => {
  it('reports two imports binding the same name (v1)', () => {
    const errors = errorsOf('package a\nimport data.x.a\nimport data.y.a\np := a');
    expect(brief(errors)).toEqual(['rego_compile_error 3:1 import must not shadow import data.x.a']);
  });

  it('allows duplicate imports in v0, the last one winning', () => {
    expect(
      compiledBody('package a\nimport data.x.a\nimport data.y.a\np = a { true }', -1, { v0: true }),
    ).toBe('true; eq(L1, data.y.a)');
  });

  it('reports rules, arguments and variables named input or data (v1)', () => {
    expect(brief(errorsOf('package a\ninput := 1'))).toEqual([
      'rego_compile_error 2:1 rules must not shadow input (use a different rule name)',
    ]);
    expect(brief(errorsOf('package a\np if { data := 1; data }'))).toEqual([
      'rego_compile_error 2:8 variables must not shadow data (use a different variable name)',
    ]);
    expect(brief(errorsOf('package a\nf(input) := 1'))).toEqual([
      'rego_compile_error 2:1 args must not shadow input (use a different variable name)',
    ]);
  });

  it('lets v0 modules declare a local named input', () => {
    expect(compiledBody('package a\np { input := 1; input > 0 }', -1, { v0: true })).toBe(
      'eq(L1, 1); gt(L1, 0)',
    );
  });
});
