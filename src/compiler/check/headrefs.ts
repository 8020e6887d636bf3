// OPA's RewriteRuleHeadRefs: the elements of a rule's head ref after its
// name must be scalars or variables, so that the rule tree can place the
// rule. Anything else moves into the body:
//   p.q[y.z] if { .. }   =>   p.q[__local0__] if { ..; __local0__ = y.z }

import type { CheckContext } from './context.js';
import { eqExpr, isScalar, varTerm } from './terms.js';

export function rewriteRuleHeadRefs(ctx: CheckContext): void {
  ctx.forEachRule((rule) => {
    const ref = rule.head.ref;
    for (let i = 1; i < ref.length; i++) {
      const t = ref[i];
      if (t.type === 'var' || isScalar(t)) continue;
      const v = varTerm(ctx.gen.generate(), t.location);
      rule.body.push(eqExpr(v, t, t.location));
      ref[i] = { ...v };
    }
  });
}
