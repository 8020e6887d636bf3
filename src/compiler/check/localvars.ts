// Local variables (OPA's RewriteLocalVars).
//
// `x := e` and `some x` declare x in the current scope (the rule body, a
// comprehension body, an `every` body); `every k, v in xs` declares k and v
// in its body; function arguments are declared for the whole rule and its
// else branches. A declared variable is renamed to a fresh `__localN__`, `:=`
// becomes `=`, `some x` disappears and `some x in xs` becomes `x = xs[_]`.
// Redeclarations, assignments in negated expressions or to non-variables,
// and declared-but-unused variables are errors, with OPA's messages. The map
// from generated names back to source names is kept on the context for
// messages; uniquevars.ts then renames the variables that were not declared.

import type { Body, Expr, Location, Rule, Term } from '../../rego/ast.js';
import { refToString } from '../../rego/ast.js';
import type { CheckContext } from './context.js';
import { CompileErr } from './diagnostics.js';
import { declaredVars } from './resolve.js';
import {
  isAssignment,
  isGeneratedVar,
  isRootDocumentRef,
  isScalar,
  operatorRef,
  refTerm,
  trueExpr,
  varTerm,
  WILDCARD_PREFIX,
} from './terms.js';
import { eqOutputVars } from './unify.js';
import { collectVars, headTerms, renameVars } from './walk.js';

enum Occurrence {
  New,
  Arg,
  Seen,
  Assigned,
  Declared,
}

class Scope {
  /** Source name -> name after rewriting (the same name for variables only seen). */
  readonly names = new Map<string, string>();
  readonly occurrence = new Map<string, Occurrence>();
}

/** The stack of scopes of one rule. */
class Scopes {
  readonly stack: Scope[] = [new Scope()];

  constructor(private readonly rewritten: Map<string, string>) {}

  push(): void {
    this.stack.push(new Scope());
  }

  pop(): void {
    this.stack.pop();
  }

  get top(): Scope {
    return this.stack[this.stack.length - 1];
  }

  insert(name: string, renamed: string, occ: Occurrence): void {
    this.top.names.set(name, renamed);
    this.top.occurrence.set(name, occ);
    if (name !== renamed) this.rewritten.set(renamed, name);
  }

  declared(name: string): string | undefined {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const renamed = this.stack[i].names.get(name);
      if (renamed !== undefined) return renamed;
    }
    return undefined;
  }

  occurrence(name: string): Occurrence {
    return this.top.occurrence.get(name) ?? Occurrence.New;
  }

  globalOccurrence(name: string): Occurrence | undefined {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const occ = this.stack[i].occurrence.get(name);
      if (occ !== undefined) return occ;
    }
    return undefined;
  }

  /** A copy flattened into one scope (OPA's localDeclaredVars.Copy). */
  copy(): Scopes {
    const out = new Scopes(this.rewritten);
    for (const s of this.stack) {
      for (const [k, v] of s.names) out.top.names.set(k, v);
      for (const [k, v] of s.occurrence) out.top.occurrence.set(k, v);
    }
    return out;
  }
}

interface LocalError {
  location: Location;
  message: string;
}

export function rewriteLocalVars(ctx: CheckContext): void {
  for (const module of ctx.modules) {
    for (const rule of module.rules) {
      const args = new Scopes(ctx.rewritten);
      new ArgRewriter(ctx, args).rule(rule);
      for (let r: Rule | undefined = rule; r; r = r.else) {
        const rewriter = new BodyRewriter(ctx);
        rewriter.rule(r, args);
        for (const e of rewriter.errors) ctx.diagnostics.add(CompileErr, e.location, e.message);
      }
    }
  }
}

/** Function arguments: each variable is declared for the whole rule (and its `else` branches). */
class ArgRewriter {
  constructor(
    private readonly ctx: CheckContext,
    private readonly scopes: Scopes,
  ) {}

  rule(rule: Rule): void {
    if (rule.head.args) rule.head.args = rule.head.args.map((a) => this.term(a));
  }

  private term(t: Term): Term {
    switch (t.type) {
      case 'var': {
        let renamed = this.scopes.declared(t.name);
        if (renamed === undefined) {
          renamed = this.ctx.gen.generate();
          this.scopes.insert(t.name, renamed, Occurrence.Arg);
        }
        return { ...t, name: renamed };
      }
      case 'object':
        t.items = t.items.map(([k, v]) => [k, this.term(v)]);
        return t;
      case 'ref':
        t.terms = t.terms.map((x) => this.term(x));
        return t;
      case 'array':
        t.items = t.items.map((x) => this.term(x));
        return t;
      case 'call':
        this.ctx.diagnostics.add(CompileErr, t.location, 'rule arguments cannot contain calls');
        return t;
      default:
        return t;
    }
  }
}

/** OPA's headMayHaveVars: whether any head term is more than a scalar. */
function headMayHaveVars(rule: Rule): boolean {
  return headTerms(rule.head).some((t) => !isScalar(t));
}

class BodyRewriter {
  readonly errors: LocalError[] = [];
  private scopes!: Scopes;

  constructor(private readonly ctx: CheckContext) {}

  private error(location: Location, message: string): void {
    this.errors.push({ location, message });
  }

  rule(rule: Rule, args: Scopes): void {
    const head = rule.head;
    const scalarHead = !headMayHaveVars(rule);
    const used = new Set<string>();
    if (!scalarHead) {
      // Comprehensions in the head have scopes of their own, rewritten first (as OPA does).
      const saved = this.scopes;
      const inHead = (t: Term): Term => {
        if (
          t.type === 'arraycomprehension' ||
          t.type === 'setcomprehension' ||
          t.type === 'objectcomprehension'
        ) {
          this.scopes = new Scopes(this.ctx.rewritten);
          const out = this.term(t);
          this.scopes = saved;
          return out;
        }
        if (t.type === 'array' || t.type === 'set' || t.type === 'ref') {
          const items = t.type === 'ref' ? t.terms : t.items;
          for (let i = 0; i < items.length; i++) items[i] = inHead(items[i]);
        } else if (t.type === 'object') t.items = t.items.map(([k, v]) => [inHead(k), inHead(v)]);
        else if (t.type === 'call') t.args = t.args.map(inHead);
        return t;
      };
      head.ref = head.ref.map((t, i) => (i === 0 ? t : inHead(t)));
      if (head.args) head.args = head.args.map(inHead);
      if (head.key) head.key = inHead(head.key);
      if (head.value) head.value = inHead(head.value);

      for (const t of head.ref.slice(1)) if (!isScalar(t)) collectVars(t, {}, used);
      if (head.key && !isScalar(head.key)) collectVars(head.key, {}, used);
      if (head.value && !isScalar(head.value)) collectVars(head.value, {}, used);
    }

    this.scopes = args.copy();
    rule.body = this.body(rule.body, used);
    if (scalarHead) return;

    // Head variables that the body declared take the declared names.
    const declared = this.scopes.top.names;
    const rename = (t: Term): Term => renameVars(t, (name) => declared.get(name));
    if (head.args) head.args = head.args.map(rename);
    head.ref = head.ref.map((t, i) => (i === 0 ? t : rename(t)));
    if (head.key) head.key = rename(head.key);
    if (head.value) head.value = rename(head.value);
  }

  private body(body: Body, used: ReadonlySet<string>): Body {
    const original = body.slice();
    const out: Body = [];
    for (const e of body) {
      let rewritten: Expr | undefined;
      if (isAssignment(e)) rewritten = this.assignment(e);
      else if (e.kind === 'some') rewritten = this.some(e);
      else if (e.kind === 'every') rewritten = this.every(e);
      else rewritten = this.expr(e);
      if (rewritten) out.push(rewritten);
    }
    // A body of `some` declarations only is now empty: make it `true`.
    if (out.length === 0 && body.length > 0) out.push(trueExpr(body[0].location));
    this.checkUnusedDeclared(original, used, out);
    return out;
  }

  /** `some x` declarations whose variable is never used (OPA: "declared var x unused"). */
  private checkUnusedDeclared(original: Body, used: ReadonlySet<string>, out: Body): void {
    if (this.errors.length > 0) return;
    const top = this.scopes.top;
    const declared = new Set<string>();
    for (const [name, occ] of top.occurrence)
      if (occ === Occurrence.Declared) declared.add(top.names.get(name)!);
    if (declared.size === 0) return;
    const bodyVars = collectVars(out);
    for (const v of used) bodyVars.add(this.scopes.declared(v) ?? v);
    const reversed = new Map<string, string>();
    for (const [name, renamed] of top.names) reversed.set(renamed, name);
    const unused = [...declared].filter((v) => !bodyVars.has(v) && !used.has(v)).sort();
    for (const generated of unused) {
      const name = reversed.get(generated)!;
      if (isGeneratedVar(name)) continue;
      const declaring = original.find((e) => declaredVars([e]).has(name));
      this.error((declaring ?? original[0]).location, `declared var ${name} unused`);
    }
  }

  /** Declares `name` in the current scope, or reports why it cannot be. */
  private declare(name: string, occ: Occurrence, location: Location): string | undefined {
    switch (this.scopes.occurrence(name)) {
      case Occurrence.Seen:
        this.error(location, `var ${name} referenced above`);
        return undefined;
      case Occurrence.Assigned:
        this.error(location, `var ${name} assigned above`);
        return undefined;
      case Occurrence.Declared:
        this.error(location, `var ${name} declared above`);
        return undefined;
      case Occurrence.Arg:
        this.error(location, `arg ${name} redeclared`);
        return undefined;
      default: {
        const renamed = this.ctx.gen.generate();
        this.scopes.insert(name, renamed, occ);
        return renamed;
      }
    }
  }

  private assignment(e: Expr & { kind: 'call' }): Expr {
    if (e.negated) {
      this.error(e.location, 'cannot assign vars inside negated expression');
      return e;
    }
    if (e.args.length !== 2) return e;
    e.args[1] = this.term(e.args[1]);
    for (const w of e.with) w.value = this.term(w.value);
    const before = this.errors.length;
    e.args[0] = this.assignee(e.args[0]);
    if (this.errors.length === before) e.operator = operatorRef('eq', e.operator.location);
    return e;
  }

  private assignee(t: Term): Term {
    switch (t.type) {
      case 'var': {
        const renamed = this.declare(t.name, Occurrence.Assigned, t.location);
        return renamed ? { ...t, name: renamed } : t;
      }
      case 'array':
        t.items = t.items.map((x) => this.assignee(x));
        return t;
      case 'object':
        t.items = t.items.map(([k, v]) => [k, this.assignee(v)]);
        return t;
      case 'ref':
        if (isRootDocumentRef(t)) {
          const name = (t.terms[0] as { name: string }).name;
          const renamed = this.declare(name, Occurrence.Assigned, t.location);
          return renamed ? varTerm(renamed, t.location) : t;
        }
        break;
      default:
        break;
    }
    this.error(t.location, `cannot assign to ${valueName(t)}`);
    return t;
  }

  private some(e: Expr & { kind: 'some' }): Expr | undefined {
    const decl = e.decl;
    for (const sym of decl.symbols) {
      if (sym.type === 'var') {
        if (!this.declare(sym.name, Occurrence.Declared, decl.location)) return undefined;
        continue;
      }
      if (sym.type !== 'call') continue;
      // some x in xs  =>  x = xs[k];   some k, v in xs  =>  v = xs[k]
      const [first, second, third] = sym.args;
      const key = third ? first : varTerm(this.ctx.gen.generate(), sym.location);
      const value = third ? second : first;
      const container = third ?? second;
      const element =
        container.type === 'ref'
          ? refTerm([...container.terms, key], container.location)
          : refTerm([container, key], container.location);
      const eq: Expr = {
        type: 'expr',
        kind: 'call',
        operator: operatorRef('eq', e.location),
        args: [value, element],
        negated: e.negated,
        with: e.with,
        location: e.location,
      };
      const bound = eqOutputVars(eq as Expr & { kind: 'call' }, collectVars(container));
      for (const v of [...bound].sort()) {
        if (!this.declare(v, Occurrence.Declared, decl.location)) return undefined;
      }
      return this.expr(eq);
    }
    return undefined;
  }

  private every(original: Expr & { kind: 'every' }): Expr {
    const e = { ...original, every: { ...original.every } };
    const ev = e.every;
    ev.domain = this.term(ev.domain);
    for (const w of e.with) w.value = this.term(w.value);
    this.scopes.push();
    if (ev.key) {
      if (ev.key.type === 'var' && !ev.key.name.startsWith(WILDCARD_PREFIX)) {
        const renamed = this.declare(ev.key.name, Occurrence.Declared, e.location);
        if (renamed) ev.key = { ...ev.key, name: renamed };
      }
    } else ev.key = varTerm(this.ctx.gen.generate(), ev.value.location);
    if (ev.value.type === 'var' && !ev.value.name.startsWith(WILDCARD_PREFIX)) {
      const renamed = this.declare(ev.value.name, Occurrence.Declared, e.location);
      if (renamed) ev.value = { ...ev.value, name: renamed };
    }
    ev.body = this.body(ev.body, new Set());
    this.scopes.pop();
    return e;
  }

  private expr(e: Expr): Expr {
    switch (e.kind) {
      case 'term':
        e.term = this.term(e.term);
        break;
      case 'call': {
        // A declared variable shadowing the called function makes the call refer to it (OPA).
        const head = e.operator.terms[0];
        if (head.type === 'var') {
          const renamed = this.scopes.declared(head.name);
          if (renamed !== undefined && renamed !== head.name)
            e.operator.terms[0] = { ...head, name: renamed };
        }
        e.args = e.args.map((a) => this.term(a));
        break;
      }
      default:
        break;
    }
    for (const w of e.with) {
      w.target.terms = w.target.terms.map((t, i) => (i === 0 ? t : this.term(t)));
      w.value = this.term(w.value);
    }
    return e;
  }

  private term(t: Term): Term {
    switch (t.type) {
      case 'var': {
        const renamed = this.scopes.declared(t.name);
        if (renamed !== undefined) return renamed === t.name ? t : { ...t, name: renamed };
        if (this.scopes.occurrence(t.name) === Occurrence.New)
          this.scopes.insert(t.name, t.name, Occurrence.Seen);
        return t;
      }
      case 'ref': {
        if (isRootDocumentRef(t)) {
          const name = (t.terms[0] as { name: string }).name;
          const occ = this.scopes.globalOccurrence(name);
          if (occ !== undefined && occ !== Occurrence.Seen) {
            const renamed = this.scopes.declared(name)!;
            return varTerm(renamed, t.location);
          }
          return t;
        }
        t.terms = t.terms.map((x) => this.term(x));
        return t;
      }
      case 'call': {
        for (const v of collectVars(t.operator)) {
          const renamed = this.scopes.declared(v);
          if (renamed !== undefined && renamed !== v) {
            this.error(t.location, `called function ${refToString(t.operator)} shadowed`);
            break;
          }
        }
        t.args = t.args.map((x) => this.term(x));
        return t;
      }
      case 'array':
      case 'set':
        t.items = t.items.map((x) => this.term(x));
        return t;
      case 'object':
        t.items = t.items.map(([k, v]) => [this.term(k), this.term(v)]);
        return t;
      case 'arraycomprehension':
      case 'setcomprehension': {
        this.scopes.push();
        t.body = this.body(t.body, collectVars(t.term));
        t.term = this.term(t.term);
        this.scopes.pop();
        return t;
      }
      case 'objectcomprehension': {
        const used = collectVars(t.key);
        collectVars(t.value, {}, used);
        this.scopes.push();
        t.body = this.body(t.body, used);
        t.key = this.term(t.key);
        t.value = this.term(t.value);
        this.scopes.pop();
        return t;
      }
      default:
        return t;
    }
  }
}

/** OPA's ValueName, for "cannot assign to ...". */
function valueName(t: Term): string {
  return t.type;
}
