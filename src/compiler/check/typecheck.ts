// The type checker (OPA's CheckTypes, reduced to what can be known without
// schemas). Rules are visited dependencies first; in each body, expressions
// bind the types of their variables in order: literals have their types,
// builtin calls check their arguments against the catalog's signatures and
// give their output the result type, `=` unifies both sides, references into
// a value of known type must fit it. `input` and base documents under `data`
// are of type `any`, so they never cause an error.
//
// Reported with OPA's wording:
//   plus: invalid argument(s)           (plus("a", 1))
//   match error                         (x := 1; x = "a")
//   undefined ref: x.foo                (x := 1; x.foo)
//   undefined function data.p.q         (q is a rule, not a function)

import { getBuiltin } from '../../builtins/catalog.js';
import type { Body, Expr, Rule, Term } from '../../rego/ast.js';
import type { CheckContext } from './context.js';
import { TypeErr } from './diagnostics.js';
import type { DependencyGraph } from './recursion.js';
import { groundPrefix, isGround, isScalar, refDisplay, refName, termKey, typedKey } from './terms.js';
import {
  ANY,
  arrayOf,
  BOOLEAN,
  fromBuiltinType,
  isTop,
  keysOf,
  NULL,
  NUMBER,
  objectOf,
  or,
  STRING,
  selectIndex,
  selectKey,
  setOf,
  sprint,
  sprintArgs,
  type Type,
  unifies,
  valuesOf,
} from './types.js';
import { closureBody, forEachClosure } from './walk.js';

export function checkTypes(ctx: CheckContext, graph: DependencyGraph): void {
  const checker = new TypeChecker(ctx);
  for (const rule of graph.sorted()) checker.checkRule(rule, graph);
}

/** Variable types of one rule; comprehension bodies get a child scope. */
class Env {
  private readonly vars = new Map<string, Type>();
  constructor(private readonly parent?: Env) {}

  get(name: string): Type | undefined {
    return this.vars.get(name) ?? this.parent?.get(name);
  }

  set(name: string, t: Type): void {
    this.vars.set(name, t);
  }

  child(): Env {
    return new Env(this);
  }
}

interface TypeProblem {
  location: Term['location'];
  message: string;
}

class TypeChecker {
  /** Ground rule path -> the union of the types of the rules defined there. */
  private readonly ruleTypes = new Map<string, Type>();
  private readonly closureTypes = new WeakMap<Term, Type | undefined>();
  private errors: TypeProblem[] = [];

  constructor(private readonly ctx: CheckContext) {}

  checkRule(rule: Rule, graph: DependencyGraph): void {
    const path = graph.path(rule);
    const key = pathKey(groundPrefix(path));
    const env = new Env();
    this.errors = [];
    this.checkBody(env, rule.body);
    for (const e of this.errors) this.ctx.diagnostics.add(TypeErr, e.location, e.message);
    if (this.errors.length > 0) {
      // A rule with errors is `any` to its dependents, so that one mistake is reported once.
      this.ruleTypes.set(key, ANY);
      return;
    }
    this.ruleTypes.set(key, mergeDefinitions(this.ruleTypes.get(key), this.ruleType(env, rule, path)));
  }

  private ruleType(env: Env, rule: Rule, path: Term[]): Type {
    const head = rule.head;
    if (head.args) {
      const args = head.args.map((a) => this.typeOf(env, a) ?? ANY);
      return { kind: 'function', args, result: head.value ? (this.typeOf(env, head.value) ?? ANY) : BOOLEAN };
    }
    if (head.key && !head.value) return setOf(this.typeOf(env, head.key) ?? ANY);
    const value = head.value ? (this.typeOf(env, head.value) ?? ANY) : BOOLEAN;
    // Rules with variables in their ref build an object below their ground prefix.
    const dynamic = path.length - groundPrefix(path).length;
    let t = value;
    for (let i = 0; i < dynamic; i++) t = objectOf(ANY, t);
    return t;
  }

  // -------------------------------------------------------------------------
  // Bodies and expressions

  private checkBody(env: Env, body: Body): void {
    for (const e of body) {
      const before = this.errors.length;
      this.checkClosures(env, e);
      this.checkRefs(env, e);
      // An error in a closure or reference explains any error of the expression itself.
      if (this.errors.length === before) this.checkExpr(env, e);
    }
  }

  private checkClosures(env: Env, e: Expr): void {
    forEachClosure(e, (c) => {
      const inner = env.child();
      if (c.type === 'expr') {
        const domain = this.typeOf(env, c.every.domain);
        if (c.every.key?.type === 'var') inner.set(c.every.key.name, (domain && keysOf(domain)) ?? ANY);
        if (c.every.value.type === 'var') inner.set(c.every.value.name, (domain && valuesOf(domain)) ?? ANY);
        this.checkBody(inner, c.every.body);
        return;
      }
      this.checkBody(inner, closureBody(c));
      this.closureTypes.set(c, this.comprehensionType(inner, c));
    });
  }

  private checkExpr(env: Env, e: Expr): void {
    if (e.kind !== 'call') return;
    const name = refName(e.operator);
    if (name === 'eq' && e.args.length === 2) {
      this.checkEq(env, e);
      return;
    }
    const fn = this.functionType(e);
    if (fn === 'unknown') return;
    if (!fn) {
      this.error(e, `undefined function ${this.ctx.displayRef(e.operator.terms)}`);
      return;
    }
    const builtin = getBuiltin(name);
    const variadic = builtin?.variadic && fromBuiltinType(builtin.variadic);
    const want = fn.result ? [...fn.args, fn.result] : fn.args;
    const display = this.ctx.displayRef(e.operator.terms);
    if (e.args.length > want.length && !variadic) {
      this.argError(env, e, display, 'too many arguments', fn.args);
      return;
    }
    if (e.args.length < fn.args.length) {
      this.argError(env, e, display, 'too few arguments', fn.args);
      return;
    }
    for (let i = 0; i < e.args.length; i++) {
      if (!this.unify1(env, e.args[i], want[i] ?? variadic ?? ANY, false)) {
        this.argError(env, e, display, 'invalid argument(s)', fn.args);
        return;
      }
    }
  }

  private argError(env: Env, e: Expr & { kind: 'call' }, name: string, what: string, want: Type[]): void {
    const have = e.args.map((a) => this.typeOf(env, a));
    this.error(e, `${name}: ${what}\n\thave: ${sprintArgs(have)}\n\twant: ${sprintArgs(want)}`);
  }

  /** The signature of the called builtin or user function; 'unknown' when it cannot be known (no error). */
  private functionType(e: Expr & { kind: 'call' }): (Type & { kind: 'function' }) | undefined | 'unknown' {
    const builtin = getBuiltin(refName(e.operator));
    if (builtin) {
      const result = builtin.result && fromBuiltinType(builtin.result);
      return { kind: 'function', args: builtin.args.map(fromBuiltinType), result };
    }
    const node = this.ctx.ruleTree.node(e.operator.terms);
    if (!node || node.rules.length === 0) return 'unknown';
    const t = this.ruleTypes.get(pathKey(e.operator.terms));
    if (!t || isTop(t)) return 'unknown';
    return t.kind === 'function' ? t : undefined;
  }

  private checkEq(env: Env, e: Expr & { kind: 'call' }): void {
    const [a, b] = e.args;
    const ta = this.typeOf(env, a);
    const tb = this.typeOf(env, b);
    if (!this.unify2(env, a, ta, b, tb))
      this.error(e, `match error\n\tleft  : ${sprint(ta)}\n\tright : ${sprint(tb)}`);
  }

  private unify2(env: Env, a: Term, ta: Type | undefined, b: Term, tb: Type | undefined): boolean {
    if (!ta && tb) return this.unify1(env, a, tb, false);
    if (ta && !tb) return this.unify1(env, b, ta, false);
    if (ta && tb) return unifies(ta, tb);
    if (a.type === 'array' && b.type === 'array') {
      return (
        a.items.length === b.items.length &&
        a.items.every((x, i) =>
          this.unify2(env, x, this.typeOf(env, x), b.items[i], this.typeOf(env, b.items[i])),
        )
      );
    }
    if (a.type === 'object' && b.type === 'object') {
      if (a.items.length !== b.items.length) return false;
      const other = new Map(b.items.map(([k, v]) => [typedKey(k), v]));
      return a.items.every(([k, v]) => {
        const w = other.get(typedKey(k));
        return w !== undefined && this.unify2(env, v, this.typeOf(env, v), w, this.typeOf(env, w));
      });
    }
    if (a.type === 'var' || b.type === 'var' || a.type === 'array' || a.type === 'object') {
      const [x, y] = a.type === 'var' ? [a, b] : [b, a];
      return this.unify1(env, x, ANY, false) && this.unify1(env, y, this.typeOf(env, x) ?? ANY, false);
    }
    return true;
  }

  /** Checks that `t` can be of type `tpe`, giving unbound variables in it that type (OPA's unify1). */
  private unify1(env: Env, t: Term, tpe: Type, union: boolean): boolean {
    switch (t.type) {
      case 'var': {
        const exist = env.get(t.name);
        if (!union) {
          if (exist) return unifies(exist, tpe);
          env.set(t.name, tpe);
        } else env.set(t.name, or(exist, tpe) ?? tpe);
        return true;
      }
      case 'array':
        if (tpe.kind === 'array') {
          if (t.items.length !== tpe.static.length && !tpe.dynamic) return false;
          return t.items.every((x, i) => {
            const el = selectIndex(tpe, i);
            return el !== undefined && this.unify1(env, x, el, union);
          });
        }
        return this.unify1Any(env, t, tpe, t.items);
      case 'object':
        if (tpe.kind === 'object') {
          if (t.items.length !== tpe.static.length && !tpe.dynamic) return false;
          return t.items.every(([k, v]) => {
            if (!isGround(k)) {
              this.unify1(env, v, ANY, union);
              return true;
            }
            const child = selectKey(tpe, termKey(k));
            return child !== undefined && this.unify1(env, v, child, union);
          });
        }
        return this.unify1Any(env, t, tpe, t.items.flat());
      case 'set':
        if (tpe.kind === 'set') return t.items.every((x) => this.unify1(env, x, tpe.of, union));
        return this.unify1Any(env, t, tpe, t.items);
      default: {
        const own = this.typeOf(env, t);
        return own === undefined || unifies(own, tpe);
      }
    }
  }

  private unify1Any(env: Env, t: Term, tpe: Type, parts: Term[]): boolean {
    if (tpe.kind !== 'any') return false;
    if (tpe.of.length === 0) {
      for (const p of parts) this.unify1(env, p, ANY, true);
      return true;
    }
    let ok = false;
    for (const m of tpe.of) ok = this.unify1(env, t, m, true) || ok;
    return ok;
  }

  // -------------------------------------------------------------------------
  // References

  /** Checks the references in `e` against the types of what they index. */
  private checkRefs(env: Env, e: Expr): void {
    const visit = (t: Term): void => {
      switch (t.type) {
        case 'ref':
          this.checkRef(env, t.terms, t);
          for (const x of t.terms.slice(1)) visit(x);
          return;
        case 'array':
        case 'set':
          t.items.forEach(visit);
          return;
        case 'object':
          for (const [k, v] of t.items) {
            visit(k);
            visit(v);
          }
          return;
        default:
          return;
      }
    };
    switch (e.kind) {
      case 'term':
        visit(e.term);
        break;
      case 'call':
        e.args.forEach(visit);
        break;
      case 'every':
        visit(e.every.domain);
        break;
      default:
        break;
    }
  }

  /** Reports a reference that cannot select anything from a value of known type. */
  private checkRef(env: Env, terms: Term[], ref: Term): void {
    const leaf = this.leafOf(env, terms);
    if (!leaf) return;
    let t = leaf.type;
    for (let i = leaf.index; i < terms.length; i++) {
      const k = terms[i];
      const keys = keysOf(t);
      if (!keys) {
        this.error(ref, `undefined ref: ${this.refString(terms)}`);
        return;
      }
      if (k.type === 'var') {
        const exist = env.get(k.name);
        if (exist && !unifies(exist, keys)) {
          this.error(ref, `undefined ref: ${this.refString(terms)}`);
          return;
        }
        if (!exist) env.set(k.name, keys);
        t = valuesOf(t) ?? ANY;
        continue;
      }
      if (isScalar(k)) {
        const child = selectConstant(t, k);
        if (!child) {
          this.error(ref, `undefined ref: ${this.refString(terms)}`);
          return;
        }
        t = child;
        continue;
      }
      t = valuesOf(t) ?? ANY;
    }
  }

  private refString(terms: Term[]): string {
    return refDisplay(
      terms.map((t) => (t.type === 'var' ? { ...t, name: this.ctx.rewritten.get(t.name) ?? t.name } : t)),
    );
  }

  /** Where a reference's known type starts: a local variable's or a rule's value type. */
  private leafOf(env: Env, terms: Term[]): { type: Type; index: number } | undefined {
    const head = terms[0];
    if (head.type !== 'var') return undefined;
    if (head.name === 'input') return undefined;
    if (head.name !== 'data') {
      const t = env.get(head.name);
      return t && !isTop(t) ? { type: t, index: 1 } : undefined;
    }
    let node = this.ctx.ruleTree.root.child(head);
    for (let i = 1; node && i < terms.length; i++) {
      if (!isScalar(terms[i])) return undefined;
      node = node.child(terms[i]);
      if (node && node.rules.length > 0) {
        // Rules below a rule (`p[x] := ..` and `p.q.r := ..`) make the value's shape unknown here.
        if (node.isFunction() || node.children.size > 0) return undefined;
        const t = this.ruleTypes.get(pathKey(terms.slice(0, i + 1)));
        return t && !isTop(t) ? { type: t, index: i + 1 } : undefined;
      }
    }
    return undefined;
  }

  // -------------------------------------------------------------------------
  // Types of terms

  typeOf(env: Env, t: Term): Type | undefined {
    switch (t.type) {
      case 'null':
        return NULL;
      case 'boolean':
        return BOOLEAN;
      case 'number':
        return NUMBER;
      case 'string':
        return STRING;
      case 'var':
        return env.get(t.name);
      case 'array': {
        const items = t.items.map((x) => this.typeOf(env, x));
        if (items.some((x) => !x)) return undefined;
        return items.length === 0 ? arrayOf(ANY) : { kind: 'array', static: items as Type[] };
      }
      case 'set': {
        let of: Type | undefined;
        for (const x of t.items) of = or(of, this.typeOf(env, x));
        return setOf(of ?? ANY);
      }
      case 'object': {
        const entries: [string, Type][] = [];
        let dynamicKey: Type | undefined;
        let dynamicValue: Type | undefined;
        for (const [k, v] of t.items) {
          const vt = this.typeOf(env, v);
          if (!vt) return undefined;
          if (isGround(k)) entries.push([termKey(k), vt]);
          else {
            const kt = this.typeOf(env, k);
            if (!kt) return undefined;
            dynamicKey = or(dynamicKey, kt);
            dynamicValue = or(dynamicValue, vt);
          }
        }
        return {
          kind: 'object',
          static: entries,
          dynamic: dynamicKey && dynamicValue ? [dynamicKey, dynamicValue] : undefined,
        };
      }
      case 'ref':
        return this.refType(env, t.terms);
      case 'arraycomprehension':
      case 'setcomprehension':
      case 'objectcomprehension':
        if (!this.closureTypes.has(t)) {
          const inner = env.child();
          const saved = this.errors;
          this.errors = [];
          this.checkBody(inner, t.body);
          this.errors = saved;
          this.closureTypes.set(t, this.comprehensionType(inner, t));
        }
        return this.closureTypes.get(t);
      case 'call':
        return undefined;
    }
  }

  private comprehensionType(env: Env, t: Term): Type | undefined {
    switch (t.type) {
      case 'arraycomprehension':
        return arrayOf(this.typeOf(env, t.term) ?? ANY);
      case 'setcomprehension':
        return setOf(this.typeOf(env, t.term) ?? ANY);
      case 'objectcomprehension':
        return objectOf(this.typeOf(env, t.key) ?? ANY, this.typeOf(env, t.value) ?? ANY);
      default:
        return undefined;
    }
  }

  private refType(env: Env, terms: Term[]): Type | undefined {
    const head = terms[0];
    if (head.type === 'var' && head.name === 'input') return ANY;
    let leaf: { type: Type; index: number } | undefined;
    if (head.type === 'var' && head.name === 'data') leaf = this.leafOf(env, terms);
    else if (head.type === 'var') {
      const t = env.get(head.name);
      if (!t) return undefined;
      leaf = { type: t, index: 1 };
    }
    if (!leaf) return ANY;
    let t: Type | undefined = leaf.type;
    for (let i = leaf.index; t && i < terms.length; i++) {
      const k = terms[i];
      t = isScalar(k) ? selectConstant(t, k) : valuesOf(t);
    }
    return t;
  }

  private error(at: { location: Term['location'] }, message: string): void {
    this.errors.push({ location: at.location, message });
  }
}

/** The type of a rule with several definitions: a function's arguments and results are merged. */
function mergeDefinitions(a: Type | undefined, b: Type): Type {
  if (a?.kind === 'function' && b.kind === 'function' && a.args.length === b.args.length) {
    return {
      kind: 'function',
      args: a.args.map((t, i) => or(t, b.args[i]) ?? ANY),
      result: or(a.result, b.result),
    };
  }
  return or(a, b) ?? ANY;
}

/** The type of the value under a constant key (OPA's selectConstant). */
function selectConstant(t: Type, key: Term): Type | undefined {
  switch (t.kind) {
    case 'any': {
      if (t.of.length === 0) return ANY;
      let out: Type | undefined;
      for (const m of t.of) out = or(out, selectConstant(m, key));
      return out;
    }
    case 'array': {
      if (key.type !== 'number') return undefined;
      const i = Number(key.value);
      return Number.isInteger(i) && i >= 0 ? selectIndex(t, i) : undefined;
    }
    case 'object':
      return selectKey(t, termKey(key));
    case 'set':
      return unifies(literalTypeOfScalar(key), t.of) ? t.of : undefined;
    default:
      return undefined;
  }
}

function literalTypeOfScalar(t: Term): Type {
  switch (t.type) {
    case 'null':
      return NULL;
    case 'boolean':
      return BOOLEAN;
    case 'number':
      return NUMBER;
    case 'string':
      return STRING;
    default:
      return ANY;
  }
}

function pathKey(terms: readonly Term[]): string {
  return terms.map(typedKey).join('/');
}
