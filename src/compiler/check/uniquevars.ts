// Unique variable names (a step of our own, after OPA's RewriteLocalVars).
// OPA leaves variables that are only unified (`x = 1`) and `_` wildcards with
// their names; here every remaining local of a rule branch gets a fresh
// `__localN__` too, the same one for each occurrence in the branch, so that
// all local names are unique in the program and a closure can never shadow
// a variable of its enclosing body. Source names are kept for messages.

import { getBuiltin } from '../../builtins/catalog.js';
import type { RefTerm, Term } from '../../rego/ast.js';
import type { CheckContext } from './context.js';
import { ROOT_DOCUMENTS, refName, refTerm } from './terms.js';
import { forEachExpr, renameVars, renameVarsInBody } from './walk.js';

export function makeVarsUnique(ctx: CheckContext): void {
  ctx.forEachRule((rule) => {
    // A builtin replacing a function in `with` is a name, not a variable: `with time.now_ns as opa.runtime`.
    const builtinValues = new Set<Term>();
    forEachExpr(rule.body, (e) => {
      for (const w of e.with) {
        const v = w.value;
        if (v.type === 'var' && !ctx.gen.isGenerated(v.name) && getBuiltin(v.name))
          w.value = refTerm([v], v.location);
        if (w.value.type === 'ref' && namesBuiltin(ctx, w.value)) builtinValues.add(w.value);
      }
    });

    const names = new Map<string, string>();
    const rename = (name: string): string | undefined => {
      // Generated names are unique already; `input` and `data` left here head references to the root documents
      // (a v0 local named `input` was declared, hence renamed, by RewriteLocalVars).
      if (ctx.gen.isGenerated(name) || ROOT_DOCUMENTS.has(name)) return undefined;
      let renamed = names.get(name);
      if (!renamed) {
        renamed = ctx.gen.generate();
        names.set(name, renamed);
        ctx.rewritten.set(renamed, name);
      }
      return renamed;
    };
    const skip = (t: Term): boolean => builtinValues.has(t);

    const head = rule.head;
    if (head.args) head.args = head.args.map((t) => renameVars(t, rename, skip));
    head.ref = head.ref.map((t, i) => (i === 0 ? t : renameVars(t, rename, skip)));
    if (head.key) head.key = renameVars(head.key, rename, skip);
    if (head.value) head.value = renameVars(head.value, rename, skip);
    renameVarsInBody(rule.body, rename, skip);
  });
}

function namesBuiltin(ctx: CheckContext, ref: RefTerm): boolean {
  const head = ref.terms[0];
  return head.type === 'var' && !ctx.gen.isGenerated(head.name) && getBuiltin(refName(ref)) !== undefined;
}
