// The shape of plans: rule sets grouped by path, one function each, and the
// printed IR of a small rule.

import { describe, expect, test } from 'vitest';
import { buildDocTree } from '../../../src/compiler/plan/doc-tree.js';
import { printPolicy } from '../../../src/compiler/plan/index.js';
import { parseModule } from '../../../src/rego/parser.js';
import { planModules } from './helpers.js';

describe('rule tree', () => {
  test('nested ref heads form one rule set at their shortest prefix', () => {
    const root = buildDocTree([
      parseModule(
        `package a
b.c.d := 1 if { true }
b[__local0__] := 2 if { __local0__ = "x" }
e.f := 3 if { true }
e.g := 4 if { true }`,
        'm.rego',
      ),
      parseModule('package a.empty', 'n.rego'),
    ]);
    const a = root.children.get('a')!;
    expect([...a.children.keys()].sort()).toEqual(['b', 'e', 'empty']);
    expect(a.children.get('b')!.rules).toHaveLength(2);
    expect(a.children.get('b')!.children.size).toBe(0);
    const e = a.children.get('e')!;
    expect(e.rules).toHaveLength(0);
    expect(e.children.get('f')!.rules).toHaveLength(1);
    expect(a.children.get('empty')!.rules).toHaveLength(0);
  });
});

describe('plans', () => {
  test('each rule set is one function, called from every use, memoized when it takes no arguments', () => {
    const policy = planModules(
      `package t
f(__local0__) := __local0__ if { true }
x := 1 if { true }
p := [__local1__, __local2__] if { __local1__ = data.t.x; data.t.f(data.t.x, __local2__) }`,
      ['t/p', 't/x'],
    );
    expect(policy.plans.map((p) => p.name)).toEqual(['t/p', 't/x']);
    expect(policy.funcs.map((f) => [f.name, f.params.length, f.memoize ?? false])).toEqual([
      ['g0.data.t.x', 2, true],
      ['g0.data.t.f', 3, false],
      ['g0.data.t.p', 2, true],
    ]);
    expect(policy.funcs.find((f) => f.name === 'g0.data.t.x')?.path).toEqual(['g0', 'data', 't', 'x']);
  });

  test('the printed plan of a small rule', () => {
    const policy = planModules(
      `package t
allow if { input.user = "admin" }`,
      ['t/allow'],
    );
    expect(printPolicy(policy)).toBe(`plan t/allow
  block
    Call g0.data.t.allow(l0, l1) -> l2
    ResultSetAdd l2
func g0.data.t.allow(l0, l1) -> l2  path=g0/data/t/allow memoize
  block
    Dot l0["user"] -> l4
    Equal l4 "admin"
    AssignVarOnce true -> l3  @m0.rego:2:1
    Break 0
  block
    IsDefined l3
    AssignVarOnce l3 -> l2  @m0.rego:2:1
  block
    ReturnLocal l2
`);
    expect(policy.static.files).toEqual(['m0.rego']);
  });

  test('a ref to data with a number key also looks the key up as a string (as OPA stores data)', () => {
    const src = `package t\np := __local0__ if { __local0__ = data.nested[2] }`;
    const text = printPolicy(planModules(src, ['t/p']), { locations: false });
    expect(text).toMatch(/Dot l\d+\[l\d+\] -> (l\d+)[\s\S]*Dot l\d+\["2"\] -> \1/);
  });
});
