// OPA's RewriteWithValues: checks `with` targets and binds values that need
// evaluation to a variable first.
//   f(x) with input.y as data.z[0]  =>  __local0__ = data.z[0]; f(x) with input.y as __local0__
// A target is `input...`, `data...` (not inside a rule's value), or a
// function: a builtin (not `eq`, `internal.*`, `rego.metadata.*`, `print`) or
// a user function, replaced by another function or by a value.

import { getBuiltin } from '../../builtins/catalog.js';
import type { Body, Expr, Term, With } from '../../rego/ast.js';
import type { CheckContext } from './context.js';
import { CompileErr, TypeErr } from './diagnostics.js';
import { requiresEval } from './hoist.js';
import { eqExpr, refHasHead, refName, varTerm } from './terms.js';
import { forEachBody } from './walk.js';

export function rewriteWithValues(ctx: CheckContext): void {
  ctx.forEachRule((rule) => {
    forEachBody(rule.body, (body) => {
      const out: Body = [];
      for (const e of body) rewriteExpr(ctx, e, out);
      body.splice(0, body.length, ...out);
    });
  });
}

function rewriteExpr(ctx: CheckContext, e: Expr, out: Body): void {
  for (const w of e.with) {
    const evaluate = validateWith(ctx, w);
    if (evaluate === 'error') return void out.push(e);
    if (evaluate) {
      const v = varTerm(ctx.gen.generate(), w.value.location);
      const bound = eqExpr(v, w.value, w.value.location);
      ctx.noteHoisted(bound, e);
      out.push(bound);
      w.value = { ...v };
    }
  }
  out.push(e);
}

function isBuiltinRef(t: Term): boolean {
  return t.type === 'ref' && getBuiltin(refName(t)) !== undefined;
}

/** Reports an invalid target; returns whether the value must be evaluated first, or 'error'. */
function validateWith(ctx: CheckContext, w: With): boolean | 'error' {
  const { target, value } = w;
  if (refHasHead(target, 'data')) {
    let node = ctx.ruleTree.root;
    for (const t of target.terms.slice(0, -1)) {
      const child = node.child(t);
      if (!child) break;
      if (child.rules.length > 0) {
        ctx.diagnostics.add(
          CompileErr,
          target.location,
          'with keyword cannot partially replace virtual document(s)',
        );
        return 'error';
      }
      node = child;
    }
    const last = node.child(target.terms[target.terms.length - 1]);
    if (last?.isFunction() && isFunctionValue(ctx, value)) return false;
    // A function (not called) as the value stays a reference.
    if (value.type === 'ref' && ctx.ruleTree.node(value.terms)?.isFunction()) return false;
    return requiresEval(value);
  }
  if (refHasHead(target, 'input')) return requiresEval(value);
  if (isBuiltinRef(target)) {
    const name = refName(target);
    const invalid = invalidBuiltinTarget(name);
    if (invalid) {
      ctx.diagnostics.add(CompileErr, target.location, invalid);
      return 'error';
    }
    if (isFunctionValue(ctx, value)) return false;
    return requiresEval(value);
  }
  ctx.diagnostics.add(
    TypeErr,
    target.location,
    'with keyword target must reference existing input, data, or a function',
  );
  return 'error';
}

/** A value that names a function: a builtin, or a ref into the rule tree. */
function isFunctionValue(ctx: CheckContext, value: Term): boolean {
  if (value.type !== 'ref') return false;
  return isBuiltinRef(value) || ctx.ruleTree.node(value.terms) !== undefined;
}

function invalidBuiltinTarget(name: string): string | undefined {
  if (name === 'eq' || name === 'rego.metadata.chain' || name === 'rego.metadata.rule')
    return `with keyword replacing built-in function: replacement of "${name}" invalid`;
  if (name.startsWith('internal.'))
    return `with keyword replacing built-in function: replacement of internal function "${name}" invalid`;
  const builtin = getBuiltin(name);
  if (builtin?.relation) return 'with keyword replacing built-in function: target must not be a relation';
  if (builtin && builtin.result === undefined)
    return 'with keyword replacing built-in function: target must not be a void function';
  return undefined;
}
