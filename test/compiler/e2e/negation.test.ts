// `not` over expressions whose parts are undefined, pinned to OPA's results.
//
// OPA's compiler hoists parts of an expression into expressions of their own
// in front of it: nested calls (RewriteExprTerms), references used as call
// arguments or as keys of other references (RewriteDynamicTerms). Without an
// opt-in those stay in front of a negation, so an undefined argument makes
// the whole rule undefined (OPA issues #1877, #4743, #8387); only a reference
// that is itself a side of `=`/`==` or the whole expression stays under the
// `not`. `import future.keywords.not` (OPA 1.17; the `future.keywords`
// wildcard includes it since OPA's fix #9093) moves everything hoisted inside
// the negation (OPA's test cases negation/test-not-body.yaml).
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileRego } from './helpers.js';

/** Each rule `pN` negates one expression; `input.x`, `input.k`, `input.xs`... may be missing. */
const NEGATIONS = [
  /* p0 */ 'not input.x in {"a"}',
  /* p1 */ 'not f(input.x)',
  /* p2 */ 'not input.x == "y"',
  /* p3 */ 'not input.x != "y"',
  /* p4 */ 'not input.x',
  /* p5 */ 'not obj[input.k]',
  /* p6 */ 'not count(input.xs) > 1',
  /* p7 */ 'not input.n + input.m == input.z',
  /* p8 */ 'not f(input.x) with input.x as input.y',
  /* p9 */ 'not count([x | x := input.xs[_]; x > 1]) > 0',
];

function policy(imports: string): string {
  const rules = NEGATIONS.map((n, i) => `p${i} if {\n  ${n}\n}`).join('\n\n');
  return `package t\n${imports}\nobj := {"a": true}\n\nf(x) if x == "a"\n\n${rules}\n`;
}

const entrypoints = NEGATIONS.map((_, i) => `t/p${i}`);

/** Every part defined, and every negated expression true except p2's. */
const NEGATED_TRUE = { x: 'a', k: 'a', xs: [1, 2], n: 1, m: 2, z: 3, y: 'a' };
/** Every part defined, and every negated expression false except p2's and p4's. */
const NEGATED_FALSE = { x: 'y', k: 'b', xs: [1], n: 1, m: 1, z: 3, y: 'b' };

/** Which of p0..p9 hold for `input`. */
function holding(policy: LoadedPolicy, input: unknown): number[] {
  return entrypoints.flatMap((e, i) => (policy.evaluate(input, e).length > 0 ? [i] : []));
}

describe('negation of expressions with undefined parts (OPA without future.keywords.not)', () => {
  let legacy: LoadedPolicy;
  beforeAll(async () => {
    legacy = await compileRego({ 't.rego': policy('') }, entrypoints);
  });

  it('is undefined when a call argument, a reference key or a nested call is undefined', () => {
    // Only p2 (`input.x` as a side of ==), p4 (the whole expression) and p9 (a
    // comprehension, defined and empty) keep the undefined part under the `not`.
    expect(holding(legacy, {})).toEqual([2, 4, 9]);
  });

  it('negates the expression when its parts are defined', () => {
    expect(holding(legacy, NEGATED_TRUE)).toEqual([2]);
    expect(holding(legacy, NEGATED_FALSE)).toEqual([0, 1, 3, 5, 6, 7, 8, 9]);
  });

  it('conftest idiom: `not x in set` with x missing does not fire', async () => {
    const p = await compileRego(
      {
        'main.rego': `package main
deny contains "not sandboxed" if {
  not input.spec.runtimeClassName in {"kata", "gvisor"}
}
`,
      },
      ['main/deny'],
    );
    expect(p.evaluate({ spec: {} }, 'main/deny')).toEqual([{ result: [] }]);
    expect(p.evaluate({ spec: { runtimeClassName: 'runc' } }, 'main/deny')).toEqual([
      { result: ['not sandboxed'] },
    ]);
  });
});

describe('negation with import future.keywords (OPA 1.17 semantics)', () => {
  let enclosing: LoadedPolicy;
  beforeAll(async () => {
    enclosing = await compileRego({ 't.rego': policy('import future.keywords\n') }, entrypoints);
  });

  it('holds when any hoisted part of the negated expression is undefined', () => {
    // OPA's "negated call with vars, undefined operands" cases: p7 and its kin.
    expect(holding(enclosing, {})).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('gives the same answers as before when every part is defined', () => {
    expect(holding(enclosing, NEGATED_TRUE)).toEqual([2]);
    expect(holding(enclosing, NEGATED_FALSE)).toEqual([0, 1, 3, 5, 6, 7, 8, 9]);
  });

  it('evaluates a `with` value outside the replacement, and the rest under it', () => {
    // p8: input.x is replaced by input.y; f("a") holds, so the negation does not.
    expect(enclosing.evaluate({ y: 'a' }, 't/p8')).toEqual([]);
    expect(enclosing.evaluate({ x: 'a', y: 'b' }, 't/p8')).toEqual([{ result: true }]);
    // input.y undefined: the with value is undefined, inside the negation.
    expect(enclosing.evaluate({ x: 'a' }, 't/p8')).toEqual([{ result: true }]);
  });

  it('applies inside comprehensions and every (OPA test-not-body.yaml)', async () => {
    const p = await compileRego(
      {
        'neg.rego': `package negation
import future.keywords

p := [x | x := "foo"; not f(input.x)]

q if {
  every x in input.xs {
    not g(x, input.y)
  }
}

f(_) := true

g(_, _) := true
`,
      },
      ['negation/p', 'negation/q'],
    );
    expect(p.evaluate({}, 'negation/p')).toEqual([{ result: ['foo'] }]);
    expect(p.evaluate({ x: true }, 'negation/p')).toEqual([{ result: [] }]);
    expect(p.evaluate({ xs: [1, 2] }, 'negation/q')).toEqual([{ result: true }]);
    expect(p.evaluate({ xs: [1, 2], y: 3 }, 'negation/q')).toEqual([]);
  });

  it('lets a negation be ordered after what binds its variables', async () => {
    // OPA's "negated and non-negated unification on same var, calls, rearranged".
    const p = await compileRego(
      {
        'neg.rego': `package negation
import future.keywords

p := a if {
  not a = f(1)
  a = f(2)
}

f(x) := x
`,
      },
      ['negation/p'],
    );
    expect(p.evaluate({}, 'negation/p')).toEqual([{ result: 2 }]);
  });

  it('is chosen per module', async () => {
    const p = await compileRego(
      {
        'a.rego': 'package a\nimport future.keywords\np if not input.x in {"y"}\n',
        'b.rego': 'package b\np if not input.x in {"y"}\n',
      },
      ['a/p', 'b/p'],
    );
    expect(p.evaluate({}, 'a/p')).toEqual([{ result: true }]);
    expect(p.evaluate({}, 'b/p')).toEqual([]);
  });
});
