// Traversals of the Rego AST: visiting terms and expressions (closures
// included), collecting variables with OPA's visitor options, and mapping the
// child terms of a term in place.

import type { Body, Expr, Rule, RuleHead, Term, With } from '../../rego/ast.js';

/** Anything a traversal can start from. */
export type Node = Term | Expr | Body | With | Term[];

function isBody(node: Node): node is Body | Term[] {
  return Array.isArray(node);
}

/**
 * Visits every term under `node` in pre-order, descending into references,
 * composites, calls, comprehension bodies, `every` and `with`. When `visit`
 * returns true the term's children are skipped.
 */
export function forEachTerm(node: Node, visit: (t: Term) => boolean | undefined): void {
  if (isBody(node)) {
    for (const x of node) forEachTerm(x as Term | Expr, visit);
    return;
  }
  switch (node.type) {
    case 'expr':
      forEachExprTerm(node, visit);
      return;
    case 'with':
      forEachTerm(node.target, visit);
      forEachTerm(node.value, visit);
      return;
    default:
      if (visit(node)) return;
      forEachChildTerm(
        node,
        (c) => forEachTerm(c, visit),
        (b) => forEachTerm(b, visit),
      );
  }
}

function forEachExprTerm(expr: Expr, visit: (t: Term) => boolean | undefined): void {
  switch (expr.kind) {
    case 'term':
      forEachTerm(expr.term, visit);
      break;
    case 'call':
      forEachTerm(expr.operator, visit);
      for (const a of expr.args) forEachTerm(a, visit);
      break;
    case 'some':
      for (const s of expr.decl.symbols) forEachTerm(s, visit);
      break;
    case 'every':
      if (expr.every.key) forEachTerm(expr.every.key, visit);
      forEachTerm(expr.every.value, visit);
      forEachTerm(expr.every.domain, visit);
      forEachTerm(expr.every.body, visit);
      break;
  }
  for (const w of expr.with) forEachTerm(w, visit);
}

/** Calls `onTerm` for each direct child term of `t` and `onBody` for a comprehension's body. */
export function forEachChildTerm(t: Term, onTerm: (c: Term) => void, onBody?: (b: Body) => void): void {
  switch (t.type) {
    case 'ref':
      for (const x of t.terms) onTerm(x);
      break;
    case 'array':
    case 'set':
      for (const x of t.items) onTerm(x);
      break;
    case 'object':
      for (const [k, v] of t.items) {
        onTerm(k);
        onTerm(v);
      }
      break;
    case 'call':
      onTerm(t.operator);
      for (const x of t.args) onTerm(x);
      break;
    case 'arraycomprehension':
    case 'setcomprehension':
      onTerm(t.term);
      onBody?.(t.body);
      break;
    case 'objectcomprehension':
      onTerm(t.key);
      onTerm(t.value);
      onBody?.(t.body);
      break;
    default:
      break;
  }
}

/** Replaces each direct child term of `t` (not comprehension bodies) by `f(child)`, in place. */
export function mapChildTerms(t: Term, f: (c: Term) => Term): Term {
  switch (t.type) {
    case 'ref':
      t.terms = t.terms.map(f);
      break;
    case 'array':
    case 'set':
      t.items = t.items.map(f);
      break;
    case 'object':
      t.items = t.items.map(([k, v]) => [f(k), f(v)]);
      break;
    case 'call':
      t.args = t.args.map(f);
      break;
    case 'arraycomprehension':
    case 'setcomprehension':
      t.term = f(t.term);
      break;
    case 'objectcomprehension':
      t.key = f(t.key);
      t.value = f(t.value);
      break;
    default:
      break;
  }
  return t;
}

/**
 * Calls `f` for each closure directly under `node`: comprehension terms and
 * `every` expressions, without descending into their bodies.
 */
export function forEachClosure(node: Node, f: (closure: Term | (Expr & { kind: 'every' })) => void): void {
  const onTerm = (t: Term): boolean => {
    if (
      t.type === 'arraycomprehension' ||
      t.type === 'setcomprehension' ||
      t.type === 'objectcomprehension'
    ) {
      f(t);
      return true;
    }
    return false;
  };
  const onExpr = (e: Expr): void => {
    switch (e.kind) {
      case 'term':
        forEachTerm(e.term, onTerm);
        break;
      case 'call':
        for (const a of e.args) forEachTerm(a, onTerm);
        break;
      case 'some':
        for (const s of e.decl.symbols) forEachTerm(s, onTerm);
        break;
      case 'every':
        forEachTerm(e.every.domain, onTerm);
        f(e as Expr & { kind: 'every' });
        break;
    }
    for (const w of e.with) forEachTerm(w.value, onTerm);
  };
  if (isBody(node)) {
    for (const x of node) {
      if (x.type === 'expr') onExpr(x);
      else forEachTerm(x, onTerm);
    }
  } else if (node.type === 'expr') onExpr(node);
  else forEachTerm(node, onTerm);
}

/** The body of a closure found by `forEachClosure`. */
export function closureBody(closure: Term | (Expr & { kind: 'every' })): Body {
  if (closure.type === 'expr') return closure.every.body;
  if (
    closure.type === 'arraycomprehension' ||
    closure.type === 'setcomprehension' ||
    closure.type === 'objectcomprehension'
  )
    return closure.body;
  throw new Error(`not a closure: ${closure.type}`);
}

/** Visits every expression under `node`, then those of the closures nested in it. */
export function forEachExpr(node: Node, visit: (e: Expr) => void): void {
  if (isBody(node)) {
    for (const x of node) if (x.type === 'expr') visit(x);
  } else if (node.type === 'expr') visit(node);
  forEachClosure(node, (c) => forEachExpr(closureBody(c), visit));
}

/** Visits `body` and every comprehension or `every` body nested in it. */
export function forEachBody(body: Body, visit: (b: Body) => void): void {
  visit(body);
  forEachClosure(body, (c) => forEachBody(closureBody(c), visit));
}

/** A rule and the rules of its `else` chain, in order. */
export function ruleChain(rule: Rule): Rule[] {
  const out: Rule[] = [];
  for (let r: Rule | undefined = rule; r; r = r.else) out.push(r);
  return out;
}

/** The head's terms that may hold variables: args, ref[1:], key, value. */
export function headTerms(head: RuleHead): Term[] {
  const out: Term[] = [...(head.args ?? []), ...head.ref.slice(1)];
  if (head.key) out.push(head.key);
  if (head.value) out.push(head.value);
  return out;
}

// ---------------------------------------------------------------------------
// Variables

/** OPA's VarVisitorParams: which parts of the tree to leave out when collecting variables. */
export interface VarParams {
  /** Skip the head of references (`data`, `input`, a local being indexed). */
  skipRefHead?: boolean;
  /** Skip call operators (`count`, `data.lib.f`), keeping the rest of their refs and the args. */
  skipRefCallHead?: boolean;
  /** Skip comprehension bodies and `every` bodies (closures). */
  skipClosures?: boolean;
  /** Skip `with` targets. */
  skipWithTarget?: boolean;
  /** Skip set literals. */
  skipSets?: boolean;
  /** Skip object keys. */
  skipObjectKeys?: boolean;
}

/** The parameters OPA's safety check collects variables with. */
export const SAFETY_PARAMS: VarParams = { skipRefCallHead: true, skipClosures: true };

/** Adds the variables of `node` to `out` (and returns it). */
export function collectVars(node: Node, params: VarParams = {}, out: Set<string> = new Set()): Set<string> {
  const visitTerm = (t: Term): void => {
    switch (t.type) {
      case 'var':
        out.add(t.name);
        return;
      case 'ref':
        t.terms.forEach((x, i) => {
          if (i > 0 || !params.skipRefHead) visitTerm(x);
        });
        return;
      case 'set':
        if (params.skipSets) return;
        for (const x of t.items) visitTerm(x);
        return;
      case 'object':
        for (const [k, v] of t.items) {
          if (!params.skipObjectKeys) visitTerm(k);
          visitTerm(v);
        }
        return;
      case 'call':
        t.operator.terms.forEach((x, i) => {
          if (i > 0 || !params.skipRefCallHead) visitTerm(x);
        });
        for (const x of t.args) visitTerm(x);
        return;
      case 'arraycomprehension':
      case 'setcomprehension':
      case 'objectcomprehension':
        if (params.skipClosures) return;
        forEachChildTerm(t, visitTerm, visitBody);
        return;
      default:
        forEachChildTerm(t, visitTerm);
    }
  };
  const visitWith = (w: With): void => {
    if (params.skipRefCallHead) {
      // OPA walks only the non-head parts of references in `with` here.
      for (const x of w.target.terms.slice(1)) visitTerm(x);
      if (w.value.type === 'ref') for (const x of w.value.terms.slice(1)) visitTerm(x);
      else visitTerm(w.value);
      return;
    }
    if (!params.skipWithTarget) visitTerm(w.target);
    visitTerm(w.value);
  };
  const visitExpr = (e: Expr): void => {
    switch (e.kind) {
      case 'term':
        visitTerm(e.term);
        break;
      case 'call':
        e.operator.terms.forEach((x, i) => {
          if (i > 0 || !params.skipRefCallHead) visitTerm(x);
        });
        for (const a of e.args) visitTerm(a);
        break;
      case 'some':
        for (const s of e.decl.symbols) visitTerm(s);
        break;
      case 'every':
        if (!params.skipClosures) {
          if (e.every.key) visitTerm(e.every.key);
          visitTerm(e.every.value);
        }
        visitTerm(e.every.domain);
        if (!params.skipClosures) visitBody(e.every.body);
        break;
    }
    for (const w of e.with) visitWith(w);
  };
  const visitBody = (b: Body): void => {
    for (const e of b) visitExpr(e);
  };
  if (isBody(node)) {
    for (const x of node) {
      if (x.type === 'expr') visitExpr(x);
      else visitTerm(x);
    }
  } else if (node.type === 'expr') visitExpr(node);
  else if (node.type === 'with') visitWith(node);
  else visitTerm(node);
  return out;
}

/** The variables of a rule's head (args, key, value and the ref after its name). */
export function headVars(head: RuleHead): Set<string> {
  return collectVars(headTerms(head));
}

/** The variables appearing in function arguments (OPA's WalkArgs: every var of the arg terms). */
export function argVars(head: RuleHead): Set<string> {
  return collectVars(head.args ?? []);
}

/**
 * Renames variables in `t` (and in the bodies of comprehensions in it), in
 * place: `rename` returns the new name, or undefined to keep a variable.
 * Call operators and `with` targets are never renamed; `skip` may exclude
 * more terms (with everything below them). Returns the term to use.
 */
export function renameVars(
  t: Term,
  rename: (name: string) => string | undefined,
  skip: (t: Term) => boolean = () => false,
): Term {
  const term = (x: Term): Term => {
    if (skip(x)) return x;
    switch (x.type) {
      case 'var': {
        const renamed = rename(x.name);
        return renamed !== undefined && renamed !== x.name ? { ...x, name: renamed } : x;
      }
      case 'ref':
        x.terms = x.terms.map(term);
        return x;
      case 'array':
      case 'set':
        x.items = x.items.map(term);
        return x;
      case 'object':
        x.items = x.items.map(([k, v]) => [term(k), term(v)]);
        return x;
      case 'call':
        x.args = x.args.map(term);
        return x;
      case 'arraycomprehension':
      case 'setcomprehension':
        x.term = term(x.term);
        renameVarsInBody(x.body, rename, skip);
        return x;
      case 'objectcomprehension':
        x.key = term(x.key);
        x.value = term(x.value);
        renameVarsInBody(x.body, rename, skip);
        return x;
      default:
        return x;
    }
  };
  return term(t);
}

/** `renameVars` over every expression of a body. */
export function renameVarsInBody(
  body: Body,
  rename: (name: string) => string | undefined,
  skip: (t: Term) => boolean = () => false,
): void {
  const term = (x: Term): Term => renameVars(x, rename, skip);
  for (const e of body) {
    switch (e.kind) {
      case 'term':
        e.term = term(e.term);
        break;
      case 'call':
        e.args = e.args.map(term);
        break;
      case 'some':
        e.decl.symbols = e.decl.symbols.map(term);
        break;
      case 'every':
        if (e.every.key) e.every.key = term(e.every.key);
        e.every.value = term(e.every.value);
        e.every.domain = term(e.every.domain);
        renameVarsInBody(e.every.body, rename, skip);
        break;
    }
    for (const w of e.with) {
      w.target.terms = w.target.terms.map((x, i) => (i === 0 ? x : term(x)));
      w.value = term(w.value);
    }
  }
}
