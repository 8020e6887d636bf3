// Terms that need evaluation leave the places that only hold values
// (OPA's RewriteComprehensionTerms and RewriteRefsInHead):
//   [x[0] | x = ys[_]]        =>  [__local0__ | x = ys[_]; __local0__ = x[0]]
//   p[{"a": data.a[i]}] if ..  =>  p[__local1__] if { ..; __local1__ = {"a": data.a[i]} }

import type { Body, Term } from '../../rego/ast.js';
import type { CheckContext } from './context.js';
import { eqExpr, varTerm } from './terms.js';
import { forEachTerm } from './walk.js';

/** True when the term contains a reference or a comprehension (OPA's requiresEval). */
export function requiresEval(t: Term): boolean {
  let found = false;
  forEachTerm(t, (x) => {
    if (
      x.type === 'ref' ||
      x.type === 'arraycomprehension' ||
      x.type === 'setcomprehension' ||
      x.type === 'objectcomprehension'
    )
      found = true;
    return found;
  });
  return found;
}

/** Replaces `t` by a fresh variable bound to it at the end of `body`, when it needs evaluation. */
function hoistInto(ctx: CheckContext, t: Term, body: Body): Term {
  if (!requiresEval(t)) return t;
  const v = varTerm(ctx.gen.generate(), t.location);
  body.push(eqExpr(v, t, t.location));
  return { ...v };
}

export function rewriteComprehensionTerms(ctx: CheckContext): void {
  const visit = (t: Term): boolean => {
    switch (t.type) {
      case 'arraycomprehension':
      case 'setcomprehension':
        // Inner comprehensions first (they may be in the term or the body).
        forEachTerm(t.term, visit);
        forEachTerm(t.body, visit);
        t.term = hoistInto(ctx, t.term, t.body);
        return true;
      case 'objectcomprehension':
        forEachTerm(t.key, visit);
        forEachTerm(t.value, visit);
        forEachTerm(t.body, visit);
        t.key = hoistInto(ctx, t.key, t.body);
        t.value = hoistInto(ctx, t.value, t.body);
        return true;
      default:
        return false;
    }
  };
  ctx.forEachRule((rule) => {
    const head = rule.head;
    for (const t of [...head.ref.slice(1), ...(head.args ?? []), head.key, head.value])
      if (t) forEachTerm(t, visit);
    forEachTerm(rule.body, visit);
  });
}

export function rewriteRefsInHead(ctx: CheckContext): void {
  ctx.forEachRule((rule) => {
    const head = rule.head;
    if (head.key) head.key = hoistInto(ctx, head.key, rule.body);
    if (head.value) head.value = hoistInto(ctx, head.value, rule.body);
    if (head.args) head.args = head.args.map((a) => hoistInto(ctx, a, rule.body));
  });
}
