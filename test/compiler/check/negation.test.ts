// What a negation encloses in the compiled form (src/compiler/README.md,
// "Negation"). Without an opt-in, the parts OPA's rewrites hoist out of an
// expression stay in front of its `not`, exactly where OPA's compiler puts
// them (RewriteExprTerms for nested calls, RewriteDynamicTerms for references
// in call arguments and reference keys); with `import future.keywords.not`
// (or the `future.keywords` wildcard) they are evaluated inside it.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/compiler/check/index.js';
import type { Body, StringTerm } from '../../../src/rego/ast.js';
import { compile, compiledBody, enclosedNegations, parse } from './helpers.js';

/** The compiled body of the last rule of the only module. */
function lastBody(source: string): Body {
  const rules = compile(source).modules[0].rules;
  return rules[rules.length - 1].body;
}

describe('negation without future.keywords.not (OPA default)', () => {
  it('leaves hoisted call arguments, reference keys and nested calls in front of the not', () => {
    // OPA #1877: `not f(input.x)` compiles to `__local0__ = input.x; not f(__local0__)`.
    expect(compiledBody('package a\nf(x) := x\np if { not f(input.x) }')).toBe(
      'eq(L1, input.x); not data.a.f(L1)',
    );
    // OPA #4743: `not obj[input.k]` is undefined when input.k is.
    expect(compiledBody('package a\nobj := {}\np if { not obj[input.k] }')).toBe(
      'eq(L1, input.k); not data.a.obj[L1]',
    );
    expect(compiledBody('package a\np if { not input.x in {"a"} }')).toBe(
      'eq(L1, input.x); not internal.member_2(L1, {"a"})',
    );
    expect(compiledBody('package a\np if { not count(input.xs) > 1 }')).toBe(
      'eq(L1, input.xs); count(L1, L2); not gt(L2, 1)',
    );
  });

  it('keeps references that are the sides of = or the whole expression under the not', () => {
    expect(compiledBody('package a\np if { not input.x == "y" }')).toBe('not eq(input.x, "y")');
    expect(compiledBody('package a\np if { not input.x }')).toBe('not input.x');
  });

  it('attaches nothing to negations', () => {
    expect(enclosedNegations(lastBody('package a\np if { not input.x in {"a"} }'))).toBe(
      'eq(L1, input.x); not internal.member_2(L1, {"a"})',
    );
  });
});

describe('negation with future.keywords.not', () => {
  const optIn = (body: string) =>
    enclosedNegations(lastBody(`package a\nimport future.keywords\nf(x) := x\n${body}`));

  it('moves what was hoisted out of the negated expression inside the negation', () => {
    expect(optIn('p if { not f(input.x) }')).toBe('not { eq(L1, input.x); data.a.f(L1) }');
    expect(optIn('p if { not count(input.xs) > 1 }')).toBe(
      'not { eq(L1, input.xs); count(L1, L2); gt(L2, 1) }',
    );
    expect(optIn('p if { not input.x + input.y == input.z }')).toBe(
      'not { eq(L1, input.x); eq(L2, input.y); plus(L1, L2, L3); eq(L3, input.z) }',
    );
  });

  it('leaves the expressions of the body that the negation does not own where they are', () => {
    expect(optIn('p if { x := input.a; not f(x); startswith(input.b, "c") }')).toBe(
      'eq(L1, input.a); not data.a.f(L1); eq(L2, input.b); startswith(L2, "c")',
    );
  });

  it('evaluates a with value inside the negation but outside the replacement', () => {
    // The value's binding carries no `with`; the argument's binding carries the expression's.
    expect(optIn('p if { not f(input.x) with input.x as input.y }')).toBe(
      'not { eq(L1, input.y); eq(L2, input.x) with input.x as L1; data.a.f(L2) with input.x as L1 }',
    );
  });

  it('encloses inside comprehension and every bodies', () => {
    const body = lastBody(`package a
import future.keywords
f(x) := x
p if {
  every v in input.vs { not f([v, input.w]) }
  count([x | x := 1; not f(input.y)]) == 1
}`);
    const every = body.find((e) => e.kind === 'every');
    if (every?.kind !== 'every') throw new Error('no every');
    expect(enclosedNegations(every.every.body)).toBe('not { eq(L1, input.w); data.a.f([L2, L1]) }');
    const comprehension = body.find((e) => e.kind === 'call' && e.args[1]?.type === 'arraycomprehension');
    if (comprehension?.kind !== 'call' || comprehension.args[1].type !== 'arraycomprehension')
      throw new Error('no comprehension');
    expect(enclosedNegations(comprehension.args[1].body)).toBe(
      'eq(L1, 1); not { eq(L2, input.y); data.a.f(L2) }',
    );
  });

  it('is enabled by import future.keywords.not, per module', () => {
    // The parser does not accept `future.keywords.not` yet: build the import by hand.
    const withNot = parse(
      'package a\nimport future.keywords.in\np if { not startswith(input.x, "a") }',
      'a.rego',
    );
    (withNot.imports[0].path.terms[2] as StringTerm).value = 'not';
    const without = parse('package b\np if { not startswith(input.x, "a") }', 'b.rego');
    const [a, b] = analyze([withNot, without]).modules;
    expect(enclosedNegations(a.rules[0].body)).toBe('not { eq(L1, input.x); startswith(L1, "a") }');
    expect(enclosedNegations(b.rules[0].body)).toBe('eq(L1, input.x); not startswith(L1, "a")');
  });

  it('ignores other future keywords', () => {
    const body = lastBody('package a\nimport future.keywords.in\np if { not startswith(input.x, "a") }');
    expect(enclosedNegations(body)).toBe('eq(L1, input.x); not startswith(L1, "a")');
  });
});
