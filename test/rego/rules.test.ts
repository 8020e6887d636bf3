import { describe, expect, it } from 'vitest';
import {
  arr,
  b,
  call,
  callExpr,
  implicitBody,
  n,
  op,
  parse,
  parseErrors,
  ref,
  rules,
  s,
  shape,
  termExpr,
  v,
} from './helpers.js';

describe('package and imports', () => {
  it('parses the package path as a data reference', () => {
    const m = parse('package a.b["c d"].e');
    expect(shape(m.package)).toEqual({
      type: 'package',
      path: [v('data'), s('a'), s('b'), s('c d'), s('e')],
    });
    expect(m.package.location).toMatchObject({ row: 1, col: 1, offset: 0, end: 20 });
    expect(m.rules).toEqual([]);
  });

  it('parses data, input, future and rego imports, with aliases', () => {
    const m = parse(
      'package p\nimport data.lib.k8s\nimport input.spec as s\nimport future.keywords\nimport future.keywords.in\nimport rego.v1\nimport data.x["y"]',
    );
    expect(m.imports.map((i) => shape(i))).toEqual([
      { type: 'import', path: ref(v('data'), s('lib'), s('k8s')) },
      { type: 'import', path: ref(v('input'), s('spec')), alias: 's' },
      { type: 'import', path: ref(v('future'), s('keywords')) },
      { type: 'import', path: ref(v('future'), s('keywords'), s('in')) },
      { type: 'import', path: ref(v('rego'), s('v1')) },
      { type: 'import', path: ref(v('data'), s('x'), s('y')) },
    ]);
    expect(m.imports[1].location).toMatchObject({ row: 3, col: 1 });
  });

  it('rejects imports OPA rejects', () => {
    expect(parseErrors('package p\nimport foo.bar')).toEqual([
      '2:8: unexpected import path, must begin with one of: {data, future, input, rego}, got: foo',
    ]);
    expect(parseErrors('package p\nimport data.x.if')).toEqual([
      '2:8: unexpected import path, must not end with a keyword, got: if (hint: import a different path or use an alias)',
    ]);
    expect(parse('package p\nimport data.x.if as y').imports[0].alias).toBe('y');
    expect(parseErrors('package p\nimport future.keywords.foo')).toEqual([
      '2:8: unexpected keyword, must be one of [contains every if in]',
    ]);
    expect(parseErrors('package p\nimport future.stuff')).toEqual([
      '2:8: invalid import, must be `future.keywords`',
    ]);
    expect(parseErrors('package p\nimport future.keywords as k')).toEqual([
      '2:8: `future` imports cannot be aliased',
    ]);
    expect(parseErrors('package p\nimport rego.v2')).toEqual([
      '2:8: invalid import `rego.v2`, must be `rego.v1`',
    ]);
    expect(parseErrors('package p\nimport data.x as in')).toEqual([
      '2:18: unexpected in keyword: expected var',
    ]);
  });

  it('requires one package, first', () => {
    expect(parseErrors('p := 1')).toEqual(['1:1: package expected']);
    expect(parseErrors('package p\npackage q')).toEqual(['2:1: unexpected package']);
    expect(parseErrors('')).toEqual(['1:1: empty module']);
    expect(parseErrors('# only a comment\n')).toEqual(['1:1: empty module']);
  });
});

describe('complete rules', () => {
  it('parses constants with := and =', () => {
    expect(shape(rules('p := 1\nq = "x"'))).toEqual([
      {
        type: 'rule',
        default: false,
        head: { type: 'head', ref: [v('p')], assign: true, value: n('1') },
        body: implicitBody,
        implicitBody: true,
        annotations: [],
      },
      {
        type: 'rule',
        default: false,
        head: { type: 'head', ref: [v('q')], assign: false, value: s('x') },
        body: implicitBody,
        implicitBody: true,
        annotations: [],
      },
    ]);
  });

  it('parses `p if { ... }` with an implicit true value', () => {
    const [r] = shape(rules('p if {\n  input.x == 1\n  input.y\n}'));
    expect(r.head).toEqual({
      type: 'head',
      ref: [v('p')],
      assign: false,
      value: b(true),
      implicitValue: true,
    });
    expect(r.body).toEqual([
      callExpr(op('equal'), ref(v('input'), s('x')), n('1')),
      termExpr(ref(v('input'), s('y'))),
    ]);
    expect(r.implicitBody).toBeUndefined();
  });

  it('parses `p := x if { ... }` and single-expression bodies without braces', () => {
    const [r1, r2] = shape(rules('p := x if { x := 1 }\nq if input.x > 1'));
    expect(r1.head).toEqual({ type: 'head', ref: [v('p')], assign: true, value: v('x') });
    expect(r1.body).toEqual([callExpr(op('assign'), v('x'), n('1'))]);
    expect(r2.body).toEqual([callExpr(op('gt'), ref(v('input'), s('x')), n('1'))]);
  });

  it('reads `p if {"a": 1}` as an object expression, like OPA', () => {
    const [r] = shape(rules('p if {"a": 1}'));
    expect(r.body).toEqual([termExpr({ type: 'object', items: [[s('a'), n('1')]] })]);
    const [r2] = shape(rules('p if {1} == {1}'));
    expect(r2.body).toEqual([
      callExpr(op('equal'), { type: 'set', items: [n('1')] }, { type: 'set', items: [n('1')] }),
    ]);
  });

  it('parses default rules', () => {
    const [r] = shape(rules('default allow := false'));
    expect(r).toEqual({
      type: 'rule',
      default: true,
      head: { type: 'head', ref: [v('allow')], assign: true, value: b(false) },
      body: implicitBody,
      annotations: [],
    });
    // Comprehensions may hold anything.
    expect(shape(rules('default f(_, x) := {"a": [y | y := input.x]}')[0].head.args)).toEqual([
      v('_'),
      v('x'),
    ]);
  });

  it('rejects default values that are not constant', () => {
    expect(parseErrors('package p\ndefault p := x')).toEqual([
      '2:1: illegal default rule (value cannot contain var)',
    ]);
    expect(parseErrors('package p\ndefault p := [input.x]')).toEqual([
      '2:1: illegal default rule (value cannot contain ref)',
    ]);
    expect(parseErrors('package p\ndefault f(x, x) := 1')).toEqual([
      '2:1: illegal default rule (arguments cannot be repeated x)',
    ]);
    expect(parseErrors('package p\ndefault f(1) := 1')).toEqual([
      '2:1: illegal default rule (arguments cannot contain number)',
    ]);
    expect(parseErrors('package p\ndefault p contains 1')).toEqual([
      '2:1: illegal default rule (must have a value)',
    ]);
  });
});

describe('multi-value and ref-head rules', () => {
  it('parses `contains` rules, with and without a body', () => {
    const [r1, r2] = shape(rules('deny contains msg if { msg := "x" }\nlabels contains "a"'));
    expect(r1.head).toEqual({ type: 'head', ref: [v('deny')], assign: false, key: v('msg') });
    expect(r2.head).toEqual({ type: 'head', ref: [v('labels')], assign: false, key: s('a') });
    expect(r2.implicitBody).toBe(true);
  });

  it('parses ref heads', () => {
    const heads = shape(
      rules(
        'p[k] := v if { k := "a"; v := 1 }\na.b.c[x] := y if { x := 1; y := 2 }\na.b contains x if { x := 1 }\nq[x] if { x := 1 }',
      ),
    ).map((r) => r.head);
    expect(heads).toEqual([
      { type: 'head', ref: [v('p'), v('k')], assign: true, value: v('v') },
      { type: 'head', ref: [v('a'), s('b'), s('c'), v('x')], assign: true, value: v('y') },
      { type: 'head', ref: [v('a'), s('b')], assign: false, key: v('x') },
      { type: 'head', ref: [v('q'), v('x')], assign: false, value: b(true), implicitValue: true },
    ]);
  });

  it('parses dotted rules with and without values', () => {
    const [r1, r2] = shape(rules('a.b.c := 1\nx.y.z if true'));
    expect(r1.head).toEqual({ type: 'head', ref: [v('a'), s('b'), s('c')], assign: true, value: n('1') });
    expect(r2.head).toEqual({
      type: 'head',
      ref: [v('x'), s('y'), s('z')],
      assign: false,
      value: b(true),
      implicitValue: true,
    });
  });
});

describe('functions', () => {
  it('parses several definitions of a function', () => {
    const rs = shape(rules('f(x) := x + 1 if x > 0\nf(x) := 0 if x <= 0\ng(_, y) if y'));
    expect(rs.map((r) => r.head)).toEqual([
      { type: 'head', ref: [v('f')], args: [v('x')], assign: true, value: call(op('plus'), v('x'), n('1')) },
      { type: 'head', ref: [v('f')], args: [v('x')], assign: true, value: n('0') },
      {
        type: 'head',
        ref: [v('g')],
        args: [v('_'), v('y')],
        assign: false,
        value: b(true),
        implicitValue: true,
      },
    ]);
  });

  it('parses functions with dotted names, composite arguments and no arguments', () => {
    const [r1, r2] = shape(rules('lib.check([a, b], {"k": c}) := a\nnow() := 1'));
    expect(r1.head.ref).toEqual([v('lib'), s('check')]);
    expect(r1.head.args).toEqual([arr(v('a'), v('b')), { type: 'object', items: [[s('k'), v('c')]] }]);
    expect(r2.head.args).toEqual([]);
  });

  it('rejects contains on functions', () => {
    expect(parseErrors('package p\nf(x) contains 1')[0]).toMatch(
      /^2:6: unexpected contains keyword: the contains keyword can only be used with multi-value rule definitions/,
    );
  });
});

describe('else chains', () => {
  it('parses else branches with values, bodies and if', () => {
    const [r] = shape(
      rules('p := 1 if { input.a } else := 2 if { input.b } else = 3 { input.c } else { input.d } else := 4'),
    );
    const chain = [];
    for (let x: typeof r | undefined = r; x; x = x.else) chain.push(x);
    expect(chain.map((x) => [x.head.value, x.head.assign, x.implicitBody ?? false, x.body.length])).toEqual([
      [n('1'), true, false, 1],
      [n('2'), true, false, 1],
      [n('3'), false, false, 1],
      [b(true), false, false, 1],
      [n('4'), true, true, 1],
    ]);
    expect(chain.every((x) => JSON.stringify(x.head.ref) === JSON.stringify([v('p')]))).toBe(true);
  });

  it('gives else branches of functions a copy of the arguments', () => {
    const [r] = rules('f(x) := 1 if x == 1 else := 2');
    expect(shape(r.else!.head.args)).toEqual([v('x')]);
    expect(r.else!.head.args).not.toBe(r.head.args);
    expect(r.else!.head.args![0]).not.toBe(r.head.args![0]);
  });

  it('locates else branches at the else keyword, and the rule over the whole chain', () => {
    const source = 'package p\np := 1 if { false }\nelse := 2';
    const [r] = parse(source).rules;
    expect(r.else!.location).toMatchObject({ row: 3, col: 1 });
    expect(source.slice(r.location.offset, r.location.end)).toBe('p := 1 if { false }\nelse := 2');
  });

  it('rejects else on multi-value rules and on heads with variables', () => {
    expect(parseErrors('package p\np contains 1 if { true } else := 2')).toEqual([
      '2:26: else keyword cannot be used on multi-value rules',
    ]);
    expect(parseErrors('package p\np[x] := 1 if { x := 1 } else := 2')).toEqual([
      '2:25: else keyword cannot be used on rules with variables in head',
    ]);
  });
});

describe('extra bodies', () => {
  it('reads `p if { a } { b }` as two rules with the same head', () => {
    const rs = rules('p if { input.a } { input.b }');
    expect(rs).toHaveLength(2);
    expect(shape(rs[1].head)).toEqual(shape(rs[0].head));
    expect(rs[1].head).not.toBe(rs[0].head);
    expect(shape(rs[1].body)).toEqual([termExpr(ref(v('input'), s('b')))]);
    expect(rs[1].location).toMatchObject({ row: 2, col: 18 });
  });
});

describe('rule locations', () => {
  it('spans the rule from its first token to its last', () => {
    const source = 'package p\n\ndefault allow := false\n\nallow if {\n\tinput.x\n}\n';
    const [d, a] = parse(source).rules;
    expect(d.location).toMatchObject({ row: 3, col: 1 });
    expect(source.slice(d.location.offset, d.location.end)).toBe('default allow := false');
    expect(source.slice(a.location.offset, a.location.end)).toBe('allow if {\n\tinput.x\n}');
    expect(source.slice(a.head.location.offset, a.head.location.end)).toBe('allow');
    expect(a.body[0].location).toMatchObject({ row: 6, col: 2 });
  });
});
