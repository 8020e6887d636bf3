// What a `not` encloses. OPA's rewrites hoist parts of an expression into
// expressions of their own placed before it: nested calls (RewriteExprTerms),
// references in call arguments and reference keys (RewriteDynamicTerms),
// `with` values (RewriteWithValues). By default they stay in front of a
// negated expression too, so `not f(input.x)` is undefined, not true, when
// `input.x` is undefined (OPA issues #1877, #4743, #8387): policies written
// for OPA rely on exactly that.
//
// A module that imports `future.keywords.not` (or all of `future.keywords`)
// opts into OPA's newer semantics (OPA 1.17): everything hoisted out of a
// negated expression is evaluated inside the negation, as if written
// `not { __local0__ = input.x; f(__local0__) }`. This last stage moves those
// expressions into the negated expression's `support` (see NegatedExpr in
// ../program.ts); the planner plans them inside the Not. Safety ordering ran
// on the flat body, which is sound here: the hoisted expressions bind fresh
// variables that only the negated expression (or another of its hoisted
// expressions) reads, and their own inputs are bound before the negation.

import type { Body, Expr, Import, Term } from '../../rego/ast.js';
import type { NegatedExpr } from '../program.js';
import type { CheckContext } from './context.js';
import { forEachClosure } from './walk.js';

export function encloseNegationSupport(ctx: CheckContext): void {
  for (const module of ctx.modules) {
    if (!importsFutureNot(ctx.imports.get(module) ?? [])) continue;
    for (const rule of module.rules) {
      for (let r: typeof rule | undefined = rule; r; r = r.else) r.body = encloseIn(ctx, r.body);
    }
  }
}

/** `import future.keywords` or `import future.keywords.not`. */
export function importsFutureNot(imports: readonly Import[]): boolean {
  return imports.some((imp) => {
    const [root, group, name] = imp.path.terms;
    return (
      root?.type === 'var' &&
      root.name === 'future' &&
      isString(group, 'keywords') &&
      (imp.path.terms.length === 2 || (imp.path.terms.length === 3 && isString(name, 'not')))
    );
  });
}

function isString(t: Term | undefined, value: string): boolean {
  return t?.type === 'string' && t.value === value;
}

/** `body` with each expression hoisted out of a negated one moved into it; nested bodies likewise. */
function encloseIn(ctx: CheckContext, body: Body): Body {
  const members = new Set(body);
  const kept: Body = [];
  for (const e of body) {
    const owner = negatedOwner(ctx, e);
    if (owner && members.has(owner)) {
      const negated = owner as NegatedExpr;
      negated.support = [...(negated.support ?? []), e];
    } else {
      kept.push(e);
    }
  }
  for (const e of kept) encloseInClosures(ctx, e);
  return kept;
}

function encloseInClosures(ctx: CheckContext, e: Expr): void {
  const support = (e as NegatedExpr).support;
  if (support) for (const s of support) encloseInClosures(ctx, s);
  forEachClosure(e, (c) => {
    if (c.type === 'expr') c.every.body = encloseIn(ctx, c.every.body);
    else if ('body' in c) c.body = encloseIn(ctx, c.body);
  });
}

/** The negated expression `e` was (transitively) hoisted out of, if any. */
function negatedOwner(ctx: CheckContext, e: Expr): Expr | undefined {
  for (let owner = ctx.hoistedOwner(e); owner; owner = ctx.hoistedOwner(owner)) {
    if (owner.negated) return owner;
  }
  return undefined;
}
