// OPA's RewriteExprTerms: calls nested in terms become expressions of their
// own that bind a fresh variable, placed before the expression that used them.
//   count(x) > 1          =>  count(x, __local0__); gt(__local0__, 1)
//   y := [f(a), 2]        =>  data.p.f(a, __local1__); y = [__local1__, 2]
// The same happens in rule heads (into the body), in comprehension terms
// (into the comprehension body), in `with` values, and to references taken
// into a literal or comprehension (`[1, 2][i]` => `__local2__ = [1, 2]; __local2__[i]`).
// `every` domains are bound to a variable first.

import type { Body, Expr, RefTerm, Term } from '../../rego/ast.js';
import type { CheckContext } from './context.js';
import { eqExpr, varTerm } from './terms.js';

export function rewriteExprTerms(ctx: CheckContext): void {
  const rewriter = new ExprTermRewriter(ctx);
  ctx.forEachRule((rule) => {
    const head = rule.head;
    const support: Expr[] = [];
    if (head.args) head.args = head.args.map((a) => rewriter.term(a, support));
    if (head.key) head.key = rewriter.term(head.key, support);
    if (head.value) head.value = rewriter.term(head.value, support);
    rule.body = rewriter.body([...rule.body, ...support]);
  });
}

class ExprTermRewriter {
  constructor(private readonly ctx: CheckContext) {}

  body(body: Body): Body {
    const out: Body = [];
    for (const e of body) this.expr(e, out);
    return out;
  }

  /** Appends to `out` the expressions `e` needs, then `e` itself. */
  private expr(e: Expr, out: Body): void {
    const first = out.length;
    for (const w of e.with) w.value = this.term(w.value, out);
    const extras: Expr[] = [];
    switch (e.kind) {
      case 'term':
        e.term = this.term(e.term, extras);
        break;
      case 'call':
        e.args = e.args.map((a) => this.term(a, extras));
        break;
      case 'every': {
        const ev = e.every;
        const v = varTerm(this.ctx.gen.generate(), ev.domain.location);
        this.expr(eqExpr(v, ev.domain, ev.domain.location, e.with), out);
        ev.domain = { ...v };
        ev.body = this.body(ev.body);
        break;
      }
      default:
        break;
    }
    if (e.with.length > 0) for (const x of extras) x.with = e.with;
    out.push(...extras);
    for (let i = first; i < out.length; i++) this.ctx.noteHoisted(out[i], e);
    out.push(e);
  }

  /** Rewrites `t`, appending the expressions it needs to `support`; returns what replaces it. */
  term(t: Term, support: Expr[]): Term {
    switch (t.type) {
      case 'call': {
        const args = t.args.map((a) => this.term(a, support));
        const out = varTerm(this.ctx.gen.generate(), t.location);
        support.push({
          type: 'expr',
          kind: 'call',
          operator: t.operator,
          args: [...args, out],
          negated: false,
          with: [],
          generated: true,
          location: t.location,
        });
        return { ...out };
      }
      case 'ref':
        this.ref(t, support);
        return t;
      case 'array':
      case 'set':
        t.items = t.items.map((x) => this.term(x, support));
        return t;
      case 'object':
        t.items = t.items.map(([k, v]) => [this.term(k, support), this.term(v, support)]);
        return t;
      case 'arraycomprehension':
      case 'setcomprehension': {
        const inner: Expr[] = [];
        t.term = this.term(t.term, inner);
        t.body = this.body([...t.body, ...inner]);
        return t;
      }
      case 'objectcomprehension': {
        const inner: Expr[] = [];
        t.key = this.term(t.key, inner);
        t.value = this.term(t.value, inner);
        t.body = this.body([...t.body, ...inner]);
        return t;
      }
      default:
        return t;
    }
  }

  private ref(ref: RefTerm, support: Expr[]): void {
    ref.terms = ref.terms.map((x) => this.term(x, support));
    const subject = ref.terms[0];
    if (subject.type !== 'var' && subject.type !== 'ref') {
      const v = varTerm(this.ctx.gen.generate(), subject.location);
      support.push(eqExpr(v, subject, subject.location));
      ref.terms[0] = { ...v };
    }
  }
}
