// OPA's RewriteDynamicTerms: references and comprehensions inside call
// arguments, composite literals and reference keys are bound to variables
// by earlier expressions (which keep the `with` modifiers of the expression
// they came from), so that the planner sees only flat values there.
//   startswith(input.name, "a")   =>  __local0__ = input.name; startswith(__local0__, "a")
//   x = [data.a, 1]               =>  __local1__ = data.a; x = [__local1__, 1]
//   data.a[input.k]               =>  __local2__ = input.k; data.a[__local2__]
// The two sides of `=` may stay references or comprehensions.

import type { Body, Expr, Term } from '../../rego/ast.js';
import type { CheckContext } from './context.js';
import { eqExpr, isEquality, varTerm } from './terms.js';

export function rewriteDynamicTerms(ctx: CheckContext): void {
  ctx.forEachRule((rule) => {
    rule.body = rewriteBody(ctx, rule.body);
  });
}

function rewriteBody(ctx: CheckContext, body: Body): Body {
  const out: Body = [];
  for (const e of body) {
    if (e.kind === 'call' && isEquality(e)) {
      e.args = e.args.map((a) => inTerm(ctx, e, a, out));
    } else if (e.kind === 'call') {
      e.args = e.args.map((a) => one(ctx, e, a, out));
    } else if (e.kind === 'every') {
      e.every.domain = one(ctx, e, e.every.domain, out);
      e.every.body = rewriteBody(ctx, e.every.body);
    } else if (e.kind === 'term') {
      e.term = inTerm(ctx, e, e.term, out);
    }
    out.push(e);
  }
  return out;
}

/** A term that may stay dynamic itself (a side of `=`, a term expression): only its parts are bound. */
function inTerm(ctx: CheckContext, owner: Expr, t: Term, out: Body): Term {
  switch (t.type) {
    case 'ref':
      t.terms = t.terms.map((x, i) => (i === 0 ? x : one(ctx, owner, x, out)));
      return t;
    case 'arraycomprehension':
    case 'setcomprehension':
    case 'objectcomprehension':
      t.body = rewriteBody(ctx, t.body);
      return t;
    default:
      return one(ctx, owner, t, out);
  }
}

/** A term that must be a value: references and comprehensions in it are bound to variables. */
function one(ctx: CheckContext, owner: Expr, t: Term, out: Body): Term {
  switch (t.type) {
    case 'ref':
      t.terms = t.terms.map((x, i) => (i === 0 ? x : one(ctx, owner, x, out)));
      return bind(ctx, owner, t, out);
    case 'array':
    case 'set':
      t.items = t.items.map((x) => one(ctx, owner, x, out));
      return t;
    case 'object':
      t.items = t.items.map(([k, v]) => [one(ctx, owner, k, out), one(ctx, owner, v, out)]);
      return t;
    case 'arraycomprehension':
    case 'setcomprehension':
    case 'objectcomprehension':
      t.body = rewriteBody(ctx, t.body);
      return bind(ctx, owner, t, out);
    default:
      return t;
  }
}

function bind(ctx: CheckContext, owner: Expr, t: Term, out: Body): Term {
  const v = varTerm(ctx.gen.generate(), t.location);
  const bound = eqExpr(v, t, t.location, owner.with);
  ctx.noteHoisted(bound, owner);
  out.push(bound);
  return { ...v };
}
