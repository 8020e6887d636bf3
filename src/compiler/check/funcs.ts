// OPA's CheckUndefinedFuncs: every call names a builtin or a user function
// and passes it the right number of arguments (plus, optionally, one output).

import { getBuiltin } from '../../builtins/catalog.js';
import type { Expr } from '../../rego/ast.js';
import type { CheckContext } from './context.js';
import { TypeErr } from './diagnostics.js';
import { isEquality, refHasHead, refName } from './terms.js';
import { ANY, fromBuiltinType, literalType, sprintArgs } from './types.js';
import { forEachExpr } from './walk.js';

export function checkUndefinedFuncs(ctx: CheckContext): void {
  ctx.forEachRule((rule) => {
    forEachExpr(rule.body, (e) => checkCall(ctx, e));
  });
}

function checkCall(ctx: CheckContext, e: Expr): void {
  if (e.kind !== 'call') return;
  const arity = ctx.arity(e.operator);
  const name = ctx.displayRef(e.operator.terms);
  if (arity < 0) {
    ctx.diagnostics.add(TypeErr, e.location, `undefined function ${name}`);
    return;
  }
  const operands = e.args.length;
  if (e.generated) {
    // The compiler added the output argument.
    if (isEquality(e) || operands === arity + 1) return;
    ctx.diagnostics.add(TypeErr, e.location, arityMismatch(e, name, arity, operands - 1));
    return;
  }
  if (operands === arity || operands === arity + 1) return;
  ctx.diagnostics.add(TypeErr, e.location, arityMismatch(e, name, arity, operands));
}

function arityMismatch(e: Expr & { kind: 'call' }, name: string, arity: number, got: number): string {
  const builtin = getBuiltin(refName(e.operator));
  if (builtin) {
    // Before type checking only literals and the root documents have known types.
    const have = e.args.map((a) => (refHasHead(a, 'input') || refHasHead(a, 'data') ? ANY : literalType(a)));
    const want = builtin.args.map(fromBuiltinType);
    return `${name}: arity mismatch\n\thave: ${sprintArgs(have)}\n\twant: ${sprintArgs(want)}`;
  }
  return `function ${name} has arity ${arity}, got ${got} argument${got === 1 ? '' : 's'}`;
}
