// OPA's RewriteRegoMetadataCalls: `rego.metadata.chain()` and
// `rego.metadata.rule()` are answered at compile time from the METADATA
// annotations. The rule gets `__localN__ = <value>` as its first expression
// and each call becomes `out = __localN__`.

import type { Annotations, Body, Expr, Module, Rule, Term } from '../../rego/ast.js';
import { rulePath } from '../ruletree.js';
import type { CheckContext } from './context.js';
import { callName, eqExpr, groundPrefix, termExpr, termKey, typedKey, varTerm } from './terms.js';
import { closureBody, forEachBody, forEachClosure, forEachExpr, headTerms } from './walk.js';

const CHAIN = 'rego.metadata.chain';
const RULE = 'rego.metadata.rule';

export function rewriteRegoMetadataCalls(ctx: CheckContext): void {
  let annotations: AnnotationIndex | undefined;
  ctx.forEachRule((rule, module) => {
    let chainCall: Expr | undefined;
    let ruleCall: Expr | undefined;
    const find = (e: Expr): void => {
      const name = callName(e);
      if (name === CHAIN) chainCall ??= e;
      else if (name === RULE) ruleCall ??= e;
    };
    forEachExpr(headTerms(rule.head), find);
    forEachExpr(rule.body, find);
    if (!chainCall && !ruleCall) return;

    annotations ??= new AnnotationIndex(ctx);
    const prologue: Body = [];
    let chainVar: string | undefined;
    let ruleVar: string | undefined;
    if (chainCall) {
      chainVar = ctx.gen.generate();
      const value = toTerm(annotations.chain(rule, module), chainCall.location);
      prologue.push(eqExpr(varTerm(chainVar, chainCall.location), value, chainCall.location));
    }
    if (ruleCall) {
      ruleVar = ctx.gen.generate();
      const primary = annotations.ruleScope(rule)[0];
      const value = toTerm(primary ? annotationObject(primary) : {}, ruleCall.location);
      prologue.push(eqExpr(varTerm(ruleVar, ruleCall.location), value, ruleCall.location));
    }
    rule.body = [...prologue, ...rule.body];

    const replace = (body: Body): void => {
      body.forEach((e, i) => {
        const name = callName(e);
        const v = name === CHAIN ? chainVar : name === RULE ? ruleVar : undefined;
        if (!v || e.kind !== 'call') return;
        const out = e.args[0];
        const replacement = out
          ? eqExpr(out, varTerm(v, e.location), e.location)
          : { ...termExpr(varTerm(v, e.location), e.location), generated: true };
        replacement.with = e.with;
        body[i] = replacement;
      });
    };
    forEachBody(rule.body, replace);
    for (const t of headTerms(rule.head)) forEachClosure(t, (c) => forEachBody(closureBody(c), replace));
  });
}

/** The annotations of a policy, indexed as OPA's AnnotationSet. */
class AnnotationIndex {
  private readonly byPackage = new Map<string, Annotations>();
  private readonly byPath = new Map<string, Annotations>();
  private readonly subpackages = new Map<string, Annotations>();

  constructor(ctx: CheckContext) {
    for (const m of ctx.modules) {
      const pkg = pathKey(m.package.path);
      for (const a of m.annotations) {
        if (a.scope === 'package') this.byPackage.set(pkg, a);
        else if (a.scope === 'subpackages') this.subpackages.set(pkg, a);
      }
      for (const rule of m.rules) {
        for (const a of rule.annotations) {
          if (a.scope === 'document') this.byPath.set(pathKey(groundPrefix(rulePath(m, rule))), a);
        }
      }
    }
  }

  ruleScope(rule: Rule): Annotations[] {
    // Closest to the rule first.
    return rule.annotations
      .filter((a) => a.scope === 'rule')
      .sort((a, b) => b.location.row - a.location.row || b.location.col - a.location.col);
  }

  /** OPA's AnnotationSet.Chain, as the value rego.metadata.chain() returns. */
  chain(rule: Rule, module: Module): unknown[] {
    const path = groundPrefix(rulePath(module, rule));
    const display = (terms: Term[]): unknown[] => terms.slice(1).map(pathElement);
    const links: unknown[] = [];
    const own = this.ruleScope(rule);
    if (own.length === 0) links.push({ path: display(path) });
    for (const a of own) links.push({ path: display(path), annotations: annotationObject(a) });
    const doc = this.byPath.get(pathKey(path));
    if (doc) links.push({ path: display(path), annotations: annotationObject(doc) });
    const pkgPath = module.package.path;
    const pkg = this.byPackage.get(pathKey(pkgPath));
    if (pkg) links.push({ path: display(pkgPath), annotations: annotationObject(pkg) });
    for (let n = pkgPath.length; n >= 1; n--) {
      const sub = this.subpackages.get(pathKey(pkgPath.slice(0, n)));
      if (sub) links.push({ path: display(pkgPath.slice(0, n)), annotations: annotationObject(sub) });
    }
    return links;
  }
}

function pathKey(terms: readonly Term[]): string {
  return terms.map(typedKey).join('/');
}

/** A path element as rego.metadata shows it: strings as they are, anything else as source text. */
function pathElement(t: Term): string {
  return t.type === 'string' ? t.value : termKey(t);
}

/** OPA's Annotations.toObject. */
function annotationObject(a: Annotations): Record<string, unknown> {
  const out: Record<string, unknown> = { scope: a.scope };
  if (a.title) out.title = a.title;
  if (a.entrypoint) out.entrypoint = true;
  if (a.description) out.description = a.description;
  if (a.organizations?.length) out.organizations = [...a.organizations];
  if (a.relatedResources?.length)
    out.related_resources = a.relatedResources.map((r) =>
      r.description ? { ref: r.ref, description: r.description } : { ref: r.ref },
    );
  if (a.authors?.length)
    out.authors = a.authors.map((x) => {
      const author: Record<string, string> = {};
      if (x.name) author.name = x.name;
      if (x.email) author.email = x.email;
      return author;
    });
  if (a.schemas?.length)
    out.schemas = a.schemas.map((s) => {
      const schema: Record<string, unknown> = {};
      if (s.path.length) schema.path = s.path.map(pathElement);
      if (s.schema?.length) schema.schema = s.schema.map(pathElement);
      if (s.definition !== undefined) schema.definition = s.definition;
      return schema;
    });
  if (a.custom && Object.keys(a.custom).length > 0) out.custom = a.custom;
  return out;
}

/** A constant term for a JSON-like value. */
function toTerm(value: unknown, location: Term['location']): Term {
  if (value === null || value === undefined) return { type: 'null', location };
  if (typeof value === 'boolean') return { type: 'boolean', value, location };
  if (typeof value === 'number' || typeof value === 'bigint')
    return { type: 'number', value: String(value), location };
  if (typeof value === 'string') return { type: 'string', value, location };
  if (value instanceof Date) return { type: 'string', value: value.toISOString(), location };
  if (Array.isArray(value)) return { type: 'array', items: value.map((v) => toTerm(v, location)), location };
  if (value instanceof Set)
    return { type: 'set', items: [...value].map((v) => toTerm(v, location)), location };
  return {
    type: 'object',
    items: Object.entries(value as Record<string, unknown>).map(([k, v]) => [
      { type: 'string', value: k, location },
      toTerm(v, location),
    ]),
    location,
  };
}
