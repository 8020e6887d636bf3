// Checks of `default` rules that OPA's parser makes: the value is a constant
// (comprehensions allowed), never a variable or reference. Kept here too so
// that a hand-built or differently parsed module cannot slip through.

import type { Term } from '../../rego/ast.js';
import type { CheckContext } from './context.js';
import { ParseErr } from './diagnostics.js';

export function checkDefaultRules(ctx: CheckContext): void {
  for (const module of ctx.modules) {
    for (const rule of module.rules) {
      if (!rule.default || !rule.head.value) continue;
      const bad = nonConstant(rule.head.value);
      if (bad) ctx.diagnostics.add(ParseErr, rule.location, `default rule value cannot contain ${bad}`);
    }
  }
}

function nonConstant(t: Term): string | undefined {
  switch (t.type) {
    case 'var':
      return 'var';
    case 'ref':
    case 'call': // its operator is a reference
      return 'ref';
    case 'array':
    case 'set':
      for (const x of t.items) {
        const bad = nonConstant(x);
        if (bad) return bad;
      }
      return undefined;
    case 'object':
      for (const [k, v] of t.items) {
        const bad = nonConstant(k) ?? nonConstant(v);
        if (bad) return bad;
      }
      return undefined;
    default:
      return undefined;
  }
}
