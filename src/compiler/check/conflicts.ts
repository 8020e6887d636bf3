// OPA's CheckRuleConflicts: all definitions at one path must agree (all
// single-value with a ground ref, or all multi-value/partial; one function
// arity), at most one may be `default`, a single-value rule may not have other
// rules inside its value, and a package may not sit where a rule is.

import type { Module, Rule, Term } from '../../rego/ast.js';
import type { RuleTreeNode } from '../ruletree.js';
import { rulePath } from '../ruletree.js';
import type { CheckContext } from './context.js';
import { locationString, TypeErr } from './diagnostics.js';
import { groundPrefix, isRefGround, refDisplay, refTerm, typedKey } from './terms.js';

type RuleKind = 'single' | 'multi';

function ruleKind(rule: Rule): RuleKind {
  return rule.head.key !== undefined && rule.head.value === undefined ? 'multi' : 'single';
}

export function checkRuleConflicts(ctx: CheckContext): void {
  ctx.ruleTree.depthFirst((node) => {
    if (node.rules.length === 0) return false;
    const kinds = new Set<RuleKind>();
    const arities = new Set<number>();
    const defaults: { rule: Rule; module: Module }[] = [];
    let complete = 0;
    let partial = 0;
    let conflicts: string[] | undefined;
    let name = '';
    for (const { rule, module, path } of node.rules) {
      name = ctx.displayRef(path);
      kinds.add(ruleKind(rule));
      arities.add(rule.head.args?.length ?? 0);
      if (rule.default) defaults.push({ rule, module });
      const ground = isRefGround(refTerm(path, rule.location));
      if (ground && node.children.size > 0) conflicts = childRefs(ctx, node);
      if (ruleKind(rule) === 'single' && ground) complete++;
      else partial++;
    }
    const first = node.rules[0].rule;
    if (conflicts) {
      ctx.diagnostics.add(TypeErr, first.location, `rule ${name} conflicts with [${conflicts.join(' ')}]`);
    } else if (kinds.size > 1 || arities.size > 1 || (complete >= 1 && partial >= 1)) {
      ctx.diagnostics.add(TypeErr, first.location, `conflicting rules ${name} found`);
    } else if (defaults.length > 1) {
      const where = defaults.map((d) => locationString(d.rule.location)).join(', ');
      ctx.diagnostics.add(
        TypeErr,
        defaults[0].module.package.location,
        `multiple default rules ${name} found at ${where}`,
      );
    }
    return false;
  });

  // A package whose path is that of a rule (in a parent package).
  const packages = new Map<string, Module[]>();
  for (const m of ctx.modules) {
    const key = m.package.path.map(typedKey).join('/');
    packages.set(key, [...(packages.get(key) ?? []), m]);
  }
  for (const module of ctx.modules) {
    for (const rule of module.rules) {
      const path = rulePath(module, rule);
      if (groundPrefix(path).length < path.length) continue;
      for (const other of packages.get(path.map(typedKey).join('/')) ?? []) {
        if (other === module) continue;
        ctx.diagnostics.add(
          TypeErr,
          module.package.location,
          `${packageString(other)} conflicts with rule ${headRefString(rule)} defined at ${locationString(rule.location)}`,
        );
      }
    }
  }
}

/** The refs of the rules below `node`, keeping only the shortest of those sharing a prefix, sorted. */
function childRefs(ctx: CheckContext, node: RuleTreeNode): string[] {
  const refs: Term[][] = [];
  const hasPrefix = (r: Term[], p: Term[]): boolean =>
    p.length <= r.length && p.every((t, i) => typedKey(t) === typedKey(r[i]));
  for (const child of node.sortedChildren()) {
    child.depthFirst((n) => {
      for (const { path } of n.rules) {
        if (refs.some((r) => hasPrefix(path, r))) continue;
        for (let i = refs.length - 1; i >= 0; i--) if (hasPrefix(refs[i], path)) refs.splice(i, 1);
        refs.push(path);
      }
      return false;
    });
  }
  return refs.map((r) => ctx.displayRef(r)).sort();
}

function packageString(m: Module): string {
  return `package ${refDisplay(m.package.path.slice(1))}`;
}

function headRefString(rule: Rule): string {
  return refDisplay(rule.head.ref);
}
