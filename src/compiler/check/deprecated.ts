// OPA's CheckDeprecatedBuiltins: v1 modules may not call builtins that OPA 1.x
// deprecated (`any`, `all`, `re_match`, `set_diff`, `cast_*`, ...).

import { getBuiltin } from '../../builtins/catalog.js';
import type { CheckContext } from './context.js';
import { TypeErr } from './diagnostics.js';
import { refName } from './terms.js';
import { forEachExpr } from './walk.js';

export function checkDeprecatedBuiltins(ctx: CheckContext): void {
  ctx.forEachRule((rule, module) => {
    if (!ctx.isV1(module)) return;
    forEachExpr(rule.body, (e) => {
      if (e.kind !== 'call') return;
      const name = refName(e.operator);
      if (getBuiltin(name)?.deprecated)
        ctx.diagnostics.add(TypeErr, e.location, `deprecated built-in function calls in expression: ${name}`);
    });
  });
}
