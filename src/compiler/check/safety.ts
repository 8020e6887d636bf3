// Safety (OPA's CheckSafetyRuleHeads and CheckSafetyRuleBodies).
//
// Heads: every variable of a rule's head must occur in its body (or be a
// function argument). Bodies: each body is reordered so that every
// expression's inputs are bound by the expressions before it, keeping the
// written order as far as possible (an expression moves only when it cannot
// run yet). Comprehension and `every` bodies are ordered the same way, with
// the variables of the enclosing body available to them. A variable that
// nothing binds is unsafe.

import type { Body, Expr, Location, Term } from '../../rego/ast.js';
import type { CheckContext } from './context.js';
import { UnsafeVarErr } from './diagnostics.js';
import { isScalar } from './terms.js';
import type { ArityFn } from './unify.js';
import { exprOutputVars } from './unify.js';
import {
  argVars,
  closureBody,
  collectVars,
  forEachClosure,
  headTerms,
  headVars,
  SAFETY_PARAMS,
} from './walk.js';

/** Variables of v0 that became keywords, hinting at a missing `import future.keywords`. */
const FUTURE_KEYWORDS = new Set(['in', 'every', 'contains', 'if']);

export function checkSafetyRuleHeads(ctx: CheckContext): void {
  ctx.forEachRule((rule) => {
    if (headTerms(rule.head).every(isScalar)) return;
    const bound = collectVars(rule.body, SAFETY_PARAMS);
    collectVars(rule.head.args ?? [], {}, bound);
    for (const v of [...headVars(rule.head)].sort()) {
      if (bound.has(v)) continue;
      const name = ctx.sourceName(v);
      if (name) ctx.diagnostics.add(UnsafeVarErr, rule.location, `var ${name} is unsafe`);
    }
  });
}

/** Unsafe variables per expression (by identity). */
type Unsafe = Map<Expr, Set<string>>;

export function checkSafetyRuleBodies(ctx: CheckContext): void {
  const arity: ArityFn = (op) => ctx.arity(op);
  ctx.forEachRule((rule, module) => {
    const globals = argVars(rule.head);
    globals.add('input');
    globals.add('data');
    const unsafe: Unsafe = new Map();
    const reordered = reorderBody(arity, globals, rule.body, unsafe);
    if (unsafe.size === 0) {
      rule.body = reordered;
      return;
    }
    reportUnsafe(ctx, unsafe, ctx.isV1(module));
  });
}

/**
 * Returns `body` reordered for safety. Expressions that cannot be made safe
 * are added to `unsafe` (and the body is returned as far as it got).
 */
export function reorderBody(arity: ArityFn, globals: ReadonlySet<string>, body: Body, unsafe: Unsafe): Body {
  const bodyVars = collectVars(body, SAFETY_PARAMS);
  const safe = new Set([...bodyVars].filter((v) => globals.has(v)));
  const pending: Unsafe = new Map();
  for (const e of body) {
    const vars = [...collectVars(e, SAFETY_PARAMS)].filter((v) => !safe.has(v));
    if (vars.length > 0) pending.set(e, new Set(vars));
  }

  // Variables of the enclosing body that closures in each expression read: they must be bound before it.
  const closureVars = new Map<Expr, string[]>();
  for (const e of body) {
    const vars = new Set<string>();
    forEachClosure(e, (c) => collectVars(c.type === 'expr' ? closureBody(c) : c, {}, vars));
    const outer = [...vars].filter((v) => bodyVars.has(v) && !globals.has(v));
    if (outer.length > 0) closureVars.set(e, outer);
  }

  const reordered: Body = [];
  const placed = new Set<Expr>();
  for (;;) {
    const before = reordered.length;
    for (const e of body) {
      if (placed.has(e)) continue;
      const outputs = exprOutputVars(e, arity, safe);
      const unboundInClosures = closureVars.get(e)?.filter((v) => !safe.has(v)) ?? [];
      if (unboundInClosures.length > 0) {
        // A closure reading what the expression itself binds (`x = [y | y = x[_]]`) stays unsafe.
        if (sameSet(unboundInClosures, outputs)) continue;
        const set = pending.get(e) ?? new Set<string>();
        for (const v of unboundInClosures) set.add(v);
        pending.set(e, set);
      }
      const remaining = pending.get(e);
      if (remaining) {
        for (const v of [...remaining]) if (outputs.has(v) || safe.has(v)) remaining.delete(v);
        if (remaining.size > 0) continue;
        pending.delete(e);
      }
      reordered.push(e);
      placed.add(e);
      for (const v of outputs) safe.add(v);
    }
    if (reordered.length === before) break;
  }
  for (const [e, vars] of pending) unsafe.set(e, vars);

  // Closures: their bodies are ordered with what the enclosing body bound before them.
  const closureGlobals = new Set(globals);
  reordered.forEach((e, i) => {
    if (i > 0) collectVars(reordered[i - 1], SAFETY_PARAMS, closureGlobals);
    reorderClosures(arity, e, closureGlobals, unsafe);
  });
  return pending.size > 0 ? body : reordered;
}

function reorderClosures(arity: ArityFn, e: Expr, globals: Set<string>, unsafe: Unsafe): void {
  forEachClosure(e, (c) => {
    if (c.type === 'expr') {
      if (c.every.key) collectVars(c.every.key, {}, globals);
      collectVars(c.every.value, {}, globals);
      c.every.body = reorderClosureBody(arity, e, [], c.every.body, globals, unsafe);
      return;
    }
    const outputs: Term[] = c.type === 'objectcomprehension' ? [c.key, c.value] : 'term' in c ? [c.term] : [];
    const body = closureBody(c);
    const reordered = reorderClosureBody(arity, e, outputs, body, globals, unsafe);
    if ('body' in c) c.body = reordered;
  });
}

function reorderClosureBody(
  arity: ArityFn,
  owner: Expr,
  outputs: Term[],
  body: Body,
  globals: ReadonlySet<string>,
  unsafe: Unsafe,
): Body {
  const bound = collectVars(body, SAFETY_PARAMS);
  for (const g of globals) bound.add(g);
  for (const v of collectVars(outputs)) {
    if (bound.has(v)) continue;
    const set = unsafe.get(owner) ?? new Set<string>();
    set.add(v);
    unsafe.set(owner, set);
  }
  const inner: Unsafe = new Map();
  const reordered = reorderBody(arity, globals, body, inner);
  if (inner.size === 0) return reordered;
  for (const [e, vars] of inner) unsafe.set(e, vars);
  return body;
}

function sameSet(a: string[], b: ReadonlySet<string>): boolean {
  return a.length === b.size && a.every((x) => b.has(x));
}

/** OPA's safetyErrorSlice: one error per unsafe variable at its first expression, or per expression. */
function reportUnsafe(ctx: CheckContext, unsafe: Unsafe, v1: boolean): void {
  const first = new Map<string, Location>();
  for (const [e, vars] of unsafe) {
    for (const v of vars) {
      const seen = first.get(v);
      if (!seen || compareLocations(e.location, seen) < 0) first.set(v, e.location);
    }
  }
  const named = [...first.entries()]
    .map(([v, location]) => ({ name: ctx.sourceName(v), location }))
    .filter((x): x is { name: string; location: Location } => x.name !== undefined)
    .sort((a, b) => compareLocations(a.location, b.location) || (a.name < b.name ? -1 : 1));
  for (const { name, location } of named) {
    const hint =
      !v1 && FUTURE_KEYWORDS.has(name)
        ? ` (hint: \`import future.keywords.${name}\` to import a future keyword)`
        : '';
    ctx.diagnostics.add(UnsafeVarErr, location, `var ${name} is unsafe${hint}`);
  }
  if (named.length > 0) return;
  // Only generated variables are unsafe: point at the expressions instead.
  const exprs = [...unsafe.keys()].sort((a, b) => compareLocations(a.location, b.location));
  const reported = new Set<string>();
  for (const e of exprs) {
    const before = reported.size;
    for (const v of unsafe.get(e)!) reported.add(v);
    if (reported.size > before) ctx.diagnostics.add(UnsafeVarErr, e.location, 'expression is unsafe');
  }
}

function compareLocations(a: Location, b: Location): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.row - b.row || a.col - b.col;
}
