// Stage 0: bring parsed modules into the one shape the later stages expect.
//   - `input` and `data` written alone are one-term references (as OPA parses
//     them), any other one-variable reference is a plain variable;
//   - each `_` becomes a distinct variable `$N` (OPA's parser does this), so
//     that two wildcards never unify with each other.

import type { Body, Expr, Module, Rule, Term } from '../../rego/ast.js';
import { cloneAst, ROOT_DOCUMENTS, refTerm, WILDCARD_PREFIX } from './terms.js';
import { mapChildTerms } from './walk.js';

export function prepareModules(modules: readonly Module[]): Module[] {
  // A tree copy: nodes the parser may share (an else branch's head) become distinct.
  const copies = modules.map(cloneAst);
  // OPA compiles modules in the order of their names; keep input order for equal names.
  copies.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const normalizer = new Normalizer();
  for (const module of copies) {
    for (const rule of module.rules) normalizer.rule(rule);
  }
  return copies;
}

class Normalizer {
  private wildcards = 0;

  rule(rule: Rule): void {
    for (let r: Rule | undefined = rule; r; r = r.else) {
      const head = r.head;
      head.ref = head.ref.map((t, i) => (i === 0 ? t : this.term(t)));
      if (head.args) head.args = head.args.map((t) => this.term(t));
      if (head.key) head.key = this.term(head.key);
      if (head.value) head.value = this.term(head.value);
      this.body(r.body);
    }
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
        e.args = e.args.map((t) => this.term(t));
        break;
      case 'some':
        e.decl.symbols = e.decl.symbols.map((t) => this.term(t));
        break;
      case 'every':
        if (e.every.key) e.every.key = this.term(e.every.key);
        e.every.value = this.term(e.every.value);
        e.every.domain = this.term(e.every.domain);
        this.body(e.every.body);
        break;
    }
    for (const w of e.with) {
      w.target.terms = w.target.terms.map((t, i) => (i === 0 ? t : this.term(t)));
      w.value = this.term(w.value);
    }
  }

  private term(t: Term): Term {
    if (t.type === 'var') {
      if (t.name === '_') return { ...t, name: `${WILDCARD_PREFIX}${this.wildcards++}` };
      if (ROOT_DOCUMENTS.has(t.name)) return refTerm([t], t.location);
      return t;
    }
    if (
      t.type === 'ref' &&
      t.terms.length === 1 &&
      t.terms[0].type === 'var' &&
      !ROOT_DOCUMENTS.has(t.terms[0].name)
    )
      return this.term(t.terms[0]);
    if (t.type === 'ref') {
      // The head stays a variable (`input.x`, `x[i]`); a wildcard head is still a wildcard.
      const [head, ...rest] = t.terms;
      t.terms = [
        head.type === 'var' && head.name !== '_' ? head : this.term(head),
        ...rest.map((x) => this.term(x)),
      ];
      return t;
    }
    if (t.type === 'call') {
      t.args = t.args.map((x) => this.term(x));
      return t;
    }
    mapChildTerms(t, (c) => this.term(c));
    if (t.type === 'arraycomprehension' || t.type === 'setcomprehension' || t.type === 'objectcomprehension')
      this.body(t.body);
    return t;
  }
}
