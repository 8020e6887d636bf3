// Which variables an expression binds, given the variables already bound
// (OPA's Unify and outputVarsForExpr). The safety check orders a body with
// these; the `some x in xs` rewrite uses them to find the declared variables.

import type { Body, Expr, RefTerm, Term } from '../../rego/ast.js';
import { isEquality, isRefGround, typedKey } from './terms.js';
import { collectVars, SAFETY_PARAMS, type VarParams } from './walk.js';

/** The number of arguments of the function a call names, or -1 when unknown. */
export type ArityFn = (operator: RefTerm) => number;

const UNIFY_PARAMS: VarParams = { skipRefHead: true, skipObjectKeys: true, skipClosures: true };

/** True when the head of the reference is bound (for a call or composite head: all its variables). */
export function isRefSafe(ref: RefTerm, safe: ReadonlySet<string>): boolean {
  const head = ref.terms[0];
  if (head.type === 'var') return safe.has(head.name);
  return isSubset(collectVars(head, SAFETY_PARAMS), safe);
}

function isCallSafe(call: Term, safe: ReadonlySet<string>): boolean {
  return isSubset(collectVars(call, SAFETY_PARAMS), safe);
}

function isSubset(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

/** The variables that unifying `a` with `b` binds, assuming `safe` are bound. */
export function unify(safe: ReadonlySet<string>, a: Term, b: Term): Set<string> {
  const unified = new Set<string>();
  const unknown = new Map<string, Set<string>>();
  const isSafe = (x: string): boolean => safe.has(x) || unified.has(x);

  const markSafe = (x: string): void => {
    unified.add(x);
    const deps = unknown.get(x);
    unknown.delete(x);
    for (const v of deps ?? []) markSafe(v);
    for (const [v, ds] of [...unknown]) {
      if (ds.delete(x) && ds.size === 0) markSafe(v);
    }
  };
  const markUnknown = (x: string, y: string): void => {
    const s = unknown.get(x);
    if (s) s.add(y);
    else unknown.set(x, new Set([y]));
  };
  const markAllSafe = (t: Term): void => {
    for (const v of collectVars(t, UNIFY_PARAMS)) markSafe(v);
  };
  const unifyAll = (x: string, t: Term): void => {
    if (isSafe(x)) {
      markAllSafe(t);
      return;
    }
    const unsafe = [...collectVars(t, UNIFY_PARAMS)].filter((v) => !isSafe(v));
    if (unsafe.length === 0) markSafe(x);
    else for (const v of unsafe) markUnknown(x, v);
  };

  const go = (a: Term, b: Term): void => {
    switch (a.type) {
      case 'var':
        switch (b.type) {
          case 'var':
            if (isSafe(b.name)) markSafe(a.name);
            else if (isSafe(a.name)) markSafe(b.name);
            else {
              markUnknown(a.name, b.name);
              markUnknown(b.name, a.name);
            }
            return;
          case 'array':
          case 'object':
            unifyAll(a.name, b);
            return;
          case 'ref':
            if (isRefSafe(b, safe)) markSafe(a.name);
            return;
          case 'call':
            if (isCallSafe(b, safe)) markSafe(a.name);
            return;
          default:
            markSafe(a.name);
            return;
        }
      case 'ref':
        if (isRefSafe(a, safe)) {
          if (b.type === 'var') markSafe(b.name);
          else if (b.type === 'array' || b.type === 'object') markAllSafe(b);
        }
        return;
      case 'call':
        if (isCallSafe(a, safe)) {
          if (b.type === 'var') markSafe(b.name);
          else if (b.type === 'array' || b.type === 'object') markAllSafe(b);
        }
        return;
      case 'arraycomprehension':
        if (b.type === 'var') markSafe(b.name);
        else if (b.type === 'array') markAllSafe(b);
        return;
      case 'objectcomprehension':
        if (b.type === 'var') markSafe(b.name);
        else if (b.type === 'object') markAllSafe(b);
        return;
      case 'setcomprehension':
        if (b.type === 'var') markSafe(b.name);
        return;
      case 'array':
        switch (b.type) {
          case 'var':
            unifyAll(b.name, a);
            return;
          case 'arraycomprehension':
          case 'objectcomprehension':
          case 'setcomprehension':
            markAllSafe(a);
            return;
          case 'ref':
            if (isRefSafe(b, safe)) markAllSafe(a);
            return;
          case 'call':
            if (isCallSafe(b, safe)) markAllSafe(a);
            return;
          case 'array':
            if (a.items.length === b.items.length)
              for (let i = 0; i < a.items.length; i++) go(a.items[i], b.items[i]);
            return;
          default:
            return;
        }
      case 'object':
        switch (b.type) {
          case 'var':
            unifyAll(b.name, a);
            return;
          case 'ref':
            if (isRefSafe(b, safe)) markAllSafe(a);
            return;
          case 'call':
            if (isCallSafe(b, safe)) markAllSafe(a);
            return;
          case 'object':
            if (a.items.length === b.items.length) {
              const other = new Map(b.items.map(([k, v]) => [typedKey(k), v]));
              for (const [k, v] of a.items) {
                const w = other.get(typedKey(k));
                if (w) go(v, w);
              }
            }
            return;
          default:
            return;
        }
      default:
        if (b.type === 'var') markSafe(b.name);
        return;
    }
  };
  go(a, b);
  return unified;
}

/**
 * The variables bound by the references in `node` whose heads are bound:
 * `input.xs[i]` binds `i` (OPA's outputVarsForTerms). Comprehensions are not
 * entered.
 */
export function refOutputVars(
  node: Term | Expr,
  safe: ReadonlySet<string>,
  out: Set<string> = new Set(),
): Set<string> {
  const visit = (t: Term): void => {
    switch (t.type) {
      case 'arraycomprehension':
      case 'setcomprehension':
      case 'objectcomprehension':
        return;
      case 'ref':
        if (!isRefSafe(t, safe)) return;
        if (!isRefGround(t)) collectVars(t, { skipRefHead: true }, out);
        for (const x of t.terms) visit(x);
        return;
      case 'array':
      case 'set':
        for (const x of t.items) visit(x);
        return;
      case 'object':
        for (const [k, v] of t.items) {
          visit(k);
          visit(v);
        }
        return;
      case 'call':
        visit(t.operator);
        for (const x of t.args) visit(x);
        return;
      default:
        return;
    }
  };
  if (node.type !== 'expr') {
    visit(node);
    return out;
  }
  switch (node.kind) {
    case 'term':
      visit(node.term);
      break;
    case 'call':
      visit(node.operator);
      for (const a of node.args) visit(a);
      break;
    case 'some':
      for (const s of node.decl.symbols) visit(s);
      break;
    case 'every':
      if (node.every.key) visit(node.every.key);
      visit(node.every.value);
      visit(node.every.domain);
      break;
  }
  for (const w of node.with) {
    visit(w.target);
    visit(w.value);
  }
  return out;
}

/** The variables `eq(a, b)` binds given `safe` (OPA's outputVarsForExprEq). */
export function eqOutputVars(expr: Expr & { kind: 'call' }, safe: ReadonlySet<string>): Set<string> {
  const output = refOutputVars(expr, safe);
  for (const v of safe) output.add(v);
  for (const v of unify(output, expr.args[0], expr.args[1])) output.add(v);
  for (const v of safe) output.delete(v);
  return output;
}

const CALL_INPUT_PARAMS: VarParams = {
  skipClosures: true,
  skipSets: true,
  skipObjectKeys: true,
  skipRefHead: true,
};

/** The variables an expression binds when the variables in `safe` are bound (OPA's outputVarsForExpr). */
export function exprOutputVars(expr: Expr, arity: ArityFn, safe: ReadonlySet<string>): Set<string> {
  if (expr.negated) return new Set();
  for (const w of expr.with) {
    if (!isSubset(collectVars(w, SAFETY_PARAMS), safe)) return new Set();
  }
  switch (expr.kind) {
    case 'term':
      return refOutputVars(expr, safe);
    case 'every':
      return refOutputVars(expr.every.domain, safe);
    case 'some':
      return new Set();
    case 'call': {
      if (refName0(expr.operator) === 'eq') {
        if (!isEquality(expr)) return new Set(safe);
        return eqOutputVars(expr as Expr & { kind: 'call' }, safe);
      }
      const n = arity(expr.operator);
      if (n < 0) return new Set();
      const output = refOutputVars(expr, safe);
      if (n >= expr.args.length) return output;
      const inputs = collectVars([expr.operator, ...expr.args.slice(0, n)], CALL_INPUT_PARAMS);
      for (const v of inputs) if (!output.has(v) && !safe.has(v)) return new Set();
      collectVars(expr.args.slice(n), CALL_INPUT_PARAMS, output);
      return output;
    }
  }
}

function refName0(ref: RefTerm): string | undefined {
  return ref.terms.length === 1 && ref.terms[0].type === 'var' ? ref.terms[0].name : undefined;
}

/** The variables a sequence of expressions binds, beyond `safe`. */
export function bodyOutputVars(body: Body, arity: ArityFn, safe: ReadonlySet<string>): Set<string> {
  const bound = new Set(safe);
  for (const e of body) for (const v of exprOutputVars(e, arity, bound)) bound.add(v);
  for (const v of safe) bound.delete(v);
  return bound;
}
