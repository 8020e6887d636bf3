// OPA's RewriteEquals: `a == b` written as an expression becomes the
// unification `a = b`. After the safety check both sides are bound, so
// unifying them is comparing them, and the planner has one form less.

import type { CheckContext } from './context.js';
import { operatorRef, refName } from './terms.js';
import { forEachExpr } from './walk.js';

export function rewriteEquals(ctx: CheckContext): void {
  ctx.forEachRule((rule) => {
    forEachExpr(rule.body, (e) => {
      if (e.kind === 'call' && e.args.length === 2 && refName(e.operator) === 'equal')
        e.operator = operatorRef('eq', e.operator.location);
    });
  });
}
