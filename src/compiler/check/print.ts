// `print` (OPA's CheckVoidCalls and RewritePrintCalls). print() returns no
// value, so it cannot be used as one. Print statements are erased unless
// enabled; when enabled, `print(a, b)` becomes
//   internal.print([{__local0__ | __local0__ = a}, {__local1__ | __local1__ = b}])
// so that an undefined operand prints as such instead of stopping the body.

import { getBuiltin } from '../../builtins/catalog.js';
import type { Body, Expr, Term } from '../../rego/ast.js';
import { termToString } from '../../rego/ast.js';
import type { CheckContext } from './context.js';
import { CompileErr, TypeErr } from './diagnostics.js';
import {
  callExpr,
  callName,
  eqExpr,
  isGeneratedVar,
  ROOT_DOCUMENTS,
  refName,
  trueExpr,
  varTerm,
} from './terms.js';
import { bodyOutputVars } from './unify.js';
import {
  argVars,
  closureBody,
  collectVars,
  forEachClosure,
  forEachExpr,
  forEachTerm,
  SAFETY_PARAMS,
} from './walk.js';

/** Builtins that return no value (`print`, `internal.print`). */
function isVoid(name: string): boolean {
  const builtin = getBuiltin(name);
  return builtin !== undefined && builtin.result === undefined;
}

export function checkVoidCalls(ctx: CheckContext): void {
  ctx.forEachRule((rule) => {
    const check = (t: Term): boolean => {
      if (t.type === 'call' && isVoid(refName(t.operator)))
        ctx.diagnostics.add(TypeErr, t.location, `${termToString(t)} used as value`);
      return false;
    };
    const head = rule.head;
    for (const t of [...head.ref.slice(1), ...(head.args ?? []), head.key, head.value])
      if (t) forEachTerm(t, check);
    forEachTerm(rule.body, check);
  });
}

export function rewritePrintCalls(ctx: CheckContext): void {
  ctx.forEachRule((rule) => {
    if (!ctx.options.enablePrint) {
      rule.body = erasePrints(rule.body);
      return;
    }
    const globals = argVars(rule.head);
    for (const r of ROOT_DOCUMENTS) globals.add(r);
    rule.body = rewritePrints(ctx, globals, rule.body);
  });
}

function isPrint(e: Expr): boolean {
  return callName(e) === 'print';
}

function erasePrints(body: Body): Body {
  forEachClosure(body, (c) => {
    if (c.type === 'expr') c.every.body = erasePrints(c.every.body);
    else if ('body' in c) c.body = erasePrints(c.body);
  });
  if (!body.some(isPrint)) return body;
  const kept = body.filter((e) => !isPrint(e));
  return kept.length > 0 ? kept : [trueExpr(body[0].location)];
}

function rewritePrints(ctx: CheckContext, globals: ReadonlySet<string>, body: Body): Body {
  const arity = (op: Parameters<CheckContext['arity']>[0]) => ctx.arity(op);
  // Closures first: they may only print what is bound before them.
  body.forEach((e, i) => {
    const safe = bodyOutputVars(body.slice(0, i), arity, globals);
    for (const g of globals) safe.add(g);
    forEachClosure(e, (c) => {
      const inner = new Set(safe);
      if (c.type === 'expr') {
        if (c.every.key) collectVars(c.every.key, {}, inner);
        collectVars(c.every.value, {}, inner);
        c.every.body = rewritePrints(ctx, inner, c.every.body);
      } else if ('body' in c) c.body = rewritePrints(ctx, inner, closureBody(c));
    });
  });
  return body.map((e, i) => {
    if (!isPrint(e) || e.kind !== 'call') return e;
    const safe = bodyOutputVars(body.slice(0, i), arity, globals);
    for (const g of globals) safe.add(g);
    forEachExpr(body.slice(0, i), (x) => {
      for (const v of collectVars(x)) if (ctx.gen.isGenerated(v)) safe.add(v);
    });
    let undeclared = false;
    for (const arg of e.args) {
      for (const v of [...collectVars(arg, SAFETY_PARAMS)].sort()) {
        if (safe.has(v)) continue;
        const name = ctx.rewritten.get(v) ?? v;
        ctx.diagnostics.add(CompileErr, arg.location, `var ${isGeneratedVar(name) ? v : name} is undeclared`);
        undeclared = true;
      }
    }
    if (undeclared) return e;
    const captures: Term[] = e.args.map((arg) => {
      const v = varTerm(ctx.gen.generate(), arg.location);
      return {
        type: 'setcomprehension',
        term: v,
        body: [eqExpr({ ...v }, arg, arg.location)],
        location: arg.location,
      };
    });
    const call = callExpr(
      'internal.print',
      [{ type: 'array', items: captures, location: e.location }],
      e.location,
    );
    call.with = e.with;
    return call;
  });
}
