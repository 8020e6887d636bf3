import { describe, expect, it } from 'vitest';
import { b, implicitBody, parse, parseErrors, rules, s, shape, v } from './helpers.js';

const v0 = { regoVersion: 'v0' as const };

describe('Rego v1 (default)', () => {
  it('reports v0-style rules as OPA does, and points to --rego-version v0', () => {
    const errs = parseErrors('package p\ndeny[msg] {\n  msg := "x"\n}\nallow { true }\nf(x) = y { y := x }');
    expect(errs).toEqual([
      '2:1: `if` keyword is required before rule body (hint: this is Rego v0 syntax: rewrite it for Rego v1, or parse the policy with --rego-version v0)',
      '2:1: `contains` keyword is required for partial set rules (hint: this is Rego v0 syntax: rewrite it for Rego v1, or parse the policy with --rego-version v0)',
      '5:1: `if` keyword is required before rule body (hint: this is Rego v0 syntax: rewrite it for Rego v1, or parse the policy with --rego-version v0)',
      '6:1: `if` keyword is required before function body (hint: this is Rego v0 syntax: rewrite it for Rego v1, or parse the policy with --rego-version v0)',
    ]);
  });

  it('requires contains for partial sets written without a body', () => {
    expect(parseErrors('package p\np[x]')[0]).toMatch(
      /^2:1: `contains` keyword is required for partial set rules/,
    );
  });

  it('requires a value or a body', () => {
    expect(parseErrors('package p\na.b.c')).toEqual([
      '2:1: rule must have value assignment and/or body declaration',
    ]);
    expect(parseErrors('package p\nf(x)')).toEqual([
      '2:1: function must have value assignment and/or body declaration',
    ]);
    expect(parseErrors('package p\np')).toEqual(['2:1: rule p needs a value (`:=`) or a body (`if`)']);
  });

  it('reserves if, contains, in and every', () => {
    expect(parseErrors('package p\np if { if := 1 }')).toEqual(['2:8: unexpected if keyword: expected term']);
    expect(parseErrors('package p\nx := every')).toEqual([
      '2:6: unexpected every keyword: expected rule value term (e.g., x := <VALUE> { ... })',
    ]);
    expect(parseErrors('package p\ncontains := 1')).toEqual([
      '2:1: contains keyword cannot be used for rule name',
    ]);
  });

  it('still calls the contains() builtin and allows keywords in references', () => {
    const [r] = shape(rules('p if contains(input.if, "in")'));
    expect(r.body[0]).toMatchObject({ kind: 'call', operator: { terms: [v('contains')] } });
    expect(shape(rules('p := data.every.contains')[0].head.value)).toEqual({
      type: 'ref',
      terms: [v('data'), s('every'), s('contains')],
    });
  });

  it('accepts the rego.v1 and future.keywords imports as no-ops', () => {
    const m = parse('package p\nimport rego.v1\nimport future.keywords.if\np if true');
    expect(m.regoVersion).toBe('v1');
    expect(m.rules).toHaveLength(1);
  });

  it('does not treat deprecated builtins as parse errors', () => {
    expect(rules('p if { any([true]); re_match("a", "a") }')[0].body).toHaveLength(2);
  });
});

describe('Rego v0', () => {
  it('parses conftest and Gatekeeper style rules', () => {
    const rs = shape(
      rules(
        'deny[msg] {\n  msg := "no"\n}\nviolation[{"msg": m}] { m := 1 }\nallow { true }\nf(x) = y { y := x }\nobj[k] = 1 { k := "a" }\nq.r { true }',
        v0,
      ),
    );
    expect(rs.map((r) => r.head)).toEqual([
      { type: 'head', ref: [v('deny')], assign: false, key: v('msg') },
      {
        type: 'head',
        ref: [v('violation')],
        assign: false,
        key: { type: 'object', items: [[s('msg'), v('m')]] },
      },
      { type: 'head', ref: [v('allow')], assign: false, value: b(true), implicitValue: true },
      { type: 'head', ref: [v('f')], args: [v('x')], assign: false, value: v('y') },
      { type: 'head', ref: [v('obj'), v('k')], assign: false, value: { type: 'number', value: '1' } },
      { type: 'head', ref: [v('q')], assign: false, key: s('r') },
    ]);
    expect(parse('package p\np { true }', v0).regoVersion).toBe('v0');
  });

  it('reads bare refs as partial sets and rules', () => {
    const [r1, r2] = shape(rules('p["a"]\nf(1)', v0));
    expect(r1.head).toEqual({ type: 'head', ref: [v('p')], assign: false, key: s('a') });
    expect(r1.body).toEqual(implicitBody);
    expect(r2.head.args).toEqual([{ type: 'number', value: '1' }]);
  });

  it('lets future keywords be names until they are imported', () => {
    const [r] = shape(rules('p { in := [1]; every := 2; contains(in, "x"); if := 3 }', v0));
    expect(r.body).toHaveLength(4);
    expect(shape(rules('contains := 1\nin = 2', v0)).map((x) => x.head.ref)).toEqual([
      [v('contains')],
      [v('in')],
    ]);
  });

  it('enables keywords imported from future.keywords from then on', () => {
    const rs = shape(
      rules(
        'import future.keywords.if\nimport future.keywords.contains\np if { true }\nq contains 1 if { true }',
        v0,
      ),
    );
    expect(rs.map((r) => r.head.key ?? r.head.value)).toEqual([b(true), { type: 'number', value: '1' }]);
    // `every` brings `in` with it
    expect(rules('import future.keywords.every\np { every x in [1] { x } }', v0)[0].body[0].kind).toBe(
      'every',
    );
    expect(rules('import future.keywords\np if { some x in [1] }', v0)[0].body[0].kind).toBe('some');
  });

  it('hints at the missing import when a future keyword is used without it', () => {
    expect(parseErrors('package p\np if { true }', v0)).toEqual([
      '2:3: unexpected identifier "if" (hint: `if` is a keyword in Rego v0 only after `import rego.v1` or `import future.keywords.if`)',
    ]);
    expect(parseErrors('package p\np { some x in [1] }', v0)).toEqual([
      '2:12: unexpected identifier "in": expected \\n or ; or } (hint: `in` is a keyword in Rego v0 only after `import rego.v1` or `import future.keywords.in`)',
    ]);
  });

  it('applies the v1 rules to a v0 module that imports rego.v1', () => {
    const m = parse('package p\nimport rego.v1\np contains 1 if true', v0);
    expect(m.regoVersion).toBe('v1');
    expect(parseErrors('package p\nimport rego.v1\np { true }', v0)).toEqual([
      '3:1: `if` keyword is required before rule body (hint: the module imports rego.v1, which requires Rego v1 syntax)',
    ]);
    expect(parseErrors('package p\nimport rego.v1 as r', v0)).toEqual([
      '2:8: `rego` imports cannot be aliased',
    ]);
  });

  it('parses a Gatekeeper-style library policy', () => {
    const m = parse(
      `package k8sexample

import data.lib.exempt.is_exempt

mem_multiple("E") = 1000000000000000000000 { true }

violation[{"msg": msg}] {
  general_violation[{"msg": msg, "field": "containers"}]
}

general_violation[{"msg": msg, "field": field}] {
  container := input.review.object.spec[field][_]
  not is_exempt(container)
  pdb := data.inventory.namespace[container.ns]["policy/v1"].PodDisruptionBudget[_]
  wanted := { [label, value] | some label; value := pdb.spec.selector.matchLabels[label] }
  count(wanted - {}) == 0
  msg := sprintf(
    "container <%v> has no limits",
    [container.name],
  )
}
`,
      v0,
    );
    expect(
      m.rules.map((r) => [(r.head.ref[0] as { name: string }).name, r.head.key ? 'set' : 'value']),
    ).toEqual([
      ['mem_multiple', 'value'],
      ['violation', 'set'],
      ['general_violation', 'set'],
    ]);
    expect(shape(m.rules[0].head.value)).toEqual({ type: 'number', value: '1000000000000000000000' });
    expect(m.rules[2].body).toHaveLength(6);
  });
});
