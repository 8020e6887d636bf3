// Reference resolution and import checks (OPA's ResolveRefs,
// CheckKeywordOverrides, CheckDuplicateImports and RemoveImports).
//
// Every variable naming a rule of the module's package, or an imported
// document, is replaced by its absolute reference: inside `package a`,
// `p[x]` becomes `data.a.p[x]`; after `import data.lib.util as u`, `u.f(x)`
// becomes `data.lib.util.f(x)`. Variables the rule declares (`:=`, `some`,
// function arguments, `every` variables) shadow rule names and imports.

import type { Body, Expr, Import, RefTerm, Rule, Term } from '../../rego/ast.js';
import { refToString } from '../../rego/ast.js';
import type { CheckContext } from './context.js';
import { CompileErr } from './diagnostics.js';
import { cloneAst, isAssignment, isRootDocumentRef, ROOT_DOCUMENTS, refTerm } from './terms.js';
import { collectVars, forEachExpr } from './walk.js';

/** Name -> the absolute reference it stands for. */
type Globals = Map<string, Term[]>;

export function resolveRefs(ctx: CheckContext): void {
  // The rule names of each package, across all its modules.
  const exports = new Map<string, Set<string>>();
  for (const m of ctx.modules) {
    const key = refToString(refTerm(m.package.path, m.package.location));
    const names = exports.get(key) ?? new Set<string>();
    for (const rule of m.rules) {
      const name = rule.head.ref[0];
      if (name.type === 'var') names.add(name.name);
    }
    exports.set(key, names);
  }

  for (const module of ctx.modules) {
    const globals: Globals = new Map();
    const pkgKey = refToString(refTerm(module.package.path, module.package.location));
    for (const name of exports.get(pkgKey) ?? []) {
      globals.set(name, [
        ...module.package.path,
        { type: 'string', value: name, location: module.package.location },
      ]);
    }
    for (const imp of module.imports) {
      if (!isDocumentImport(imp)) continue;
      globals.set(importName(imp), imp.path.terms);
    }
    const resolver = new Resolver(globals);
    for (const rule of module.rules) {
      for (let r: Rule | undefined = rule; r; r = r.else) {
        const error = resolver.rule(r);
        if (error) ctx.diagnostics.add(CompileErr, r.location, error);
      }
    }
  }
}

/** `import data...` and `import input...`; `future.keywords` and `rego.v1` only switch syntax on. */
function isDocumentImport(imp: Import): boolean {
  const head = imp.path.terms[0];
  return head.type === 'var' && ROOT_DOCUMENTS.has(head.name);
}

/** The name an import binds: its alias or the last element of its path. */
export function importName(imp: Import): string {
  if (imp.alias) return imp.alias;
  const last = imp.path.terms[imp.path.terms.length - 1];
  if (last.type === 'string') return last.value;
  if (last.type === 'var') return last.name;
  return refToString(imp.path);
}

function importString(imp: Import): string {
  return `import ${refToString(imp.path)}${imp.alias ? ` as ${imp.alias}` : ''}`;
}

class Resolver {
  /** Variables that shadow globals, innermost scope last. */
  private readonly ignore: Set<string>[] = [];

  constructor(private readonly globals: Globals) {}

  /** Resolves the rule in place; returns an error message when an argument shadows a root document. */
  rule(rule: Rule): string | undefined {
    const args = new Set<string>();
    for (const arg of rule.head.args ?? []) {
      const shadowed = argPatternVars(arg, args);
      if (shadowed) return `args must not shadow ${shadowed} (use a different variable name)`;
    }
    this.ignore.push(args, declaredVars(rule.body));
    const head = rule.head;
    head.ref = head.ref.map((t, i) => (i === 0 ? t : this.term(t)));
    if (head.key) head.key = this.term(head.key);
    if (head.value) head.value = this.term(head.value);
    this.body(rule.body);
    this.ignore.length = 0;
    return undefined;
  }

  private isShadowed(name: string): boolean {
    return this.ignore.some((s) => s.has(name));
  }

  private body(body: Body): void {
    for (const e of body) this.expr(e);
  }

  private expr(e: Expr): void {
    switch (e.kind) {
      case 'term':
        e.term = this.term(e.term);
        break;
      case 'call':
        e.operator = this.ref(e.operator);
        e.args = e.args.map((t) => this.term(t));
        break;
      case 'some': {
        const decl = e.decl.symbols[0];
        if (decl?.type === 'call') decl.args = decl.args.map((t) => this.term(t));
        break;
      }
      case 'every': {
        const locals = collectVars(e.every.value);
        if (e.every.key) collectVars(e.every.key, {}, locals);
        this.ignore.push(locals);
        e.every.domain = this.term(e.every.domain);
        this.body(e.every.body);
        this.ignore.pop();
        break;
      }
    }
    for (const w of e.with) {
      const target = this.term(w.target);
      if (target.type === 'ref') w.target = target;
      w.value = this.term(w.value);
    }
  }

  private term(t: Term): Term {
    switch (t.type) {
      case 'var': {
        const g = this.globals.get(t.name);
        if (!g || this.isShadowed(t.name)) return t;
        return refTerm(
          g.map((x) => ({ ...cloneAst(x), location: t.location })),
          t.location,
        );
      }
      case 'ref':
        return this.ref(t);
      case 'array':
      case 'set':
        t.items = t.items.map((x) => this.term(x));
        return t;
      case 'object':
        t.items = t.items.map(([k, v]) => [this.term(k), this.term(v)]);
        return t;
      case 'call':
        t.operator = this.ref(t.operator);
        t.args = t.args.map((x) => this.term(x));
        return t;
      case 'arraycomprehension':
      case 'setcomprehension':
        this.ignore.push(declaredVars(t.body));
        t.term = this.term(t.term);
        this.body(t.body);
        this.ignore.pop();
        return t;
      case 'objectcomprehension':
        this.ignore.push(declaredVars(t.body));
        t.key = this.term(t.key);
        t.value = this.term(t.value);
        this.body(t.body);
        this.ignore.pop();
        return t;
      default:
        return t;
    }
  }

  private ref(ref: RefTerm): RefTerm {
    const out: Term[] = [];
    ref.terms.forEach((x, i) => {
      if (x.type === 'var') {
        const g = this.globals.get(x.name);
        if (g && !this.isShadowed(x.name)) {
          const expansion = g.map((y) => ({ ...cloneAst(y), location: x.location }));
          if (i === 0) out.push(...expansion);
          else out.push(refTerm(expansion, x.location));
          return;
        }
        out.push(x);
        return;
      }
      out.push(
        x.type === 'ref' ||
          x.type === 'array' ||
          x.type === 'object' ||
          x.type === 'set' ||
          x.type === 'call' ||
          x.type === 'arraycomprehension' ||
          x.type === 'setcomprehension' ||
          x.type === 'objectcomprehension'
          ? this.term(x)
          : x,
      );
    });
    ref.terms = out;
    return ref;
  }
}

/**
 * Adds the variables an argument pattern binds (object values, array
 * elements; not set elements, comprehensions or calls) to `out`. Returns the
 * root document an argument shadows, if any.
 */
function argPatternVars(arg: Term, out: Set<string>): string | undefined {
  switch (arg.type) {
    case 'var':
      out.add(arg.name);
      return undefined;
    case 'ref': {
      if (isRootDocumentRef(arg)) return (arg.terms[0] as { name: string }).name;
      for (const t of arg.terms) {
        const s = argPatternVars(t, out);
        if (s) return s;
      }
      return undefined;
    }
    case 'array':
      for (const t of arg.items) {
        const s = argPatternVars(t, out);
        if (s) return s;
      }
      return undefined;
    case 'object':
      for (const [, v] of arg.items) {
        const s = argPatternVars(v, out);
        if (s) return s;
      }
      return undefined;
    default:
      return undefined;
  }
}

/**
 * The variables a body declares with `:=` or `some` (OPA's declaredVars):
 * those of nested `every` bodies included, those of comprehensions not.
 */
export function declaredVars(body: Body): Set<string> {
  const vars = new Set<string>();
  const visit = (e: Expr): void => {
    if (isAssignment(e) && e.args.length === 2) collectVars(e.args[0], {}, vars);
    else if (e.kind === 'some') {
      for (const s of e.decl.symbols) {
        if (s.type === 'var') vars.add(s.name);
        else if (s.type === 'call') {
          if (s.args.length === 3) collectVars(s.args[1], {}, vars);
          if (s.args.length >= 2) collectVars(s.args[0], {}, vars);
        }
      }
    } else if (e.kind === 'every') for (const x of e.every.body) visit(x);
  };
  for (const e of body) visit(e);
  return vars;
}

/** v1 modules: rules, arguments and assigned variables may not be named `input` or `data`. */
export function checkKeywordOverrides(ctx: CheckContext): void {
  for (const module of ctx.modules) {
    if (!ctx.isV1(module)) continue;
    for (const rule of module.rules) {
      for (let r: Rule | undefined = rule; r; r = r.else) {
        const name = r.head.ref[0];
        if (name.type === 'var' && ROOT_DOCUMENTS.has(name.name))
          ctx.diagnostics.add(
            CompileErr,
            r.location,
            `rules must not shadow ${name.name} (use a different rule name)`,
          );
        for (const arg of r.head.args ?? []) {
          if (isRootDocumentRef(arg))
            ctx.diagnostics.add(
              CompileErr,
              arg.location,
              `args must not shadow ${refToString(arg as RefTerm)} (use a different variable name)`,
            );
        }
        forEachExpr(r.body, (e) => {
          if (!isAssignment(e) || e.args.length === 0) return;
          const lhs = e.args[0];
          const lhsName =
            lhs.type === 'var' ? lhs.name : isRootDocumentRef(lhs) ? refToString(lhs as RefTerm) : '';
          if (ROOT_DOCUMENTS.has(lhsName))
            ctx.diagnostics.add(
              CompileErr,
              e.location,
              `variables must not shadow ${lhsName} (use a different variable name)`,
            );
        });
      }
    }
  }
}

/** v1 modules: two imports may not bind the same name. Then the imports are removed. */
export function checkAndRemoveImports(ctx: CheckContext): void {
  for (const module of ctx.modules) {
    if (ctx.isV1(module)) {
      const seen = new Map<string, Import>();
      for (const imp of module.imports) {
        const name = importName(imp);
        const earlier = seen.get(name);
        if (earlier)
          ctx.diagnostics.add(CompileErr, imp.location, `import must not shadow ${importString(earlier)}`);
        else seen.set(name, imp);
      }
    }
    ctx.imports.set(module, module.imports);
    module.imports = [];
  }
}
