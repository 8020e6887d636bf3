import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/compiler/check/index.js';
import { RuleTree } from '../../../src/compiler/ruletree.js';
import { RegoError } from '../../../src/rego/ast.js';
import { compile, parse } from './helpers.js';

const ref = (...parts: string[]) => [
  { type: 'var' as const, name: 'data', location: { file: '', row: 1, col: 1, offset: 0, end: 0 } },
  ...parts.map((p) => ({
    type: 'string' as const,
    value: p,
    location: { file: '', row: 1, col: 1, offset: 0, end: 0 },
  })),
];

describe('analyze', () => {
  it('leaves the parsed modules untouched', () => {
    const module = parse('package a\nimport data.b\np contains x if { some x in b.xs; count(x) > 1 }');
    const before = JSON.stringify(module);
    analyze([module]);
    expect(JSON.stringify(module)).toBe(before);
  });

  it('reports the errors of every module of a failing stage together', () => {
    let error: unknown;
    try {
      analyze([parse('package a\np if { x > 1 }', 'a.rego'), parse('package b\nq if { y > 1 }', 'b.rego')]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RegoError);
    expect((error as RegoError).errors.map((e) => `${e.location.file} ${e.message}`)).toEqual([
      'a.rego var x is unsafe',
      'b.rego var y is unsafe',
    ]);
  });

  it('returns the rule tree of the program', () => {
    const program = compile([
      'package a\np := 1\nf(x) := x\nq.r[k] := 1 if some k in ["x"]',
      'package a.b\ns := 2',
    ]);
    const tree = program.ruleTree!;
    expect(tree.rulesAt(ref('a', 'p')).length).toBe(1);
    expect(tree.node(ref('a', 'f'))!.isFunction()).toBe(true);
    expect(tree.node(ref('a', 'p'))!.isFunction()).toBe(false);
    expect(tree.rulesAt(ref('a', 'q', 'r')).length).toBe(1);
    expect(tree.node(ref('a', 'b'))!.rules.length).toBe(0);
  });
});

describe('rule tree', () => {
  it('finds the rules a reference may refer to', () => {
    const tree = RuleTree.build([parse('package a\np := 1\nq := 2'), parse('package c\nr := 3')]);
    const names = (terms: ReturnType<typeof ref>) =>
      tree
        .rulesForRef(terms)
        .map((e) => (e.rule.head.ref[0] as { name: string }).name)
        .sort();
    expect(names(ref('a', 'p'))).toEqual(['p']);
    expect(names(ref('a'))).toEqual(['p', 'q']);
    expect(names(ref())).toEqual(['p', 'q', 'r']);
    expect(names([...ref('a'), { type: 'var', name: 'x', location: ref()[0].location }])).toEqual(['p', 'q']);
    expect(names(ref('a', 'p', 'deeper'))).toEqual(['p']);
    expect(names(ref('z'))).toEqual([]);
  });
});
