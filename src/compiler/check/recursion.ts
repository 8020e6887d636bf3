// OPA's CheckRecursion: the dependency graph between rules (a rule depends on
// every rule a reference in it may refer to: in its head, body, closures,
// call operators and `with` targets) must have no cycle. The graph also gives
// the order in which the type checker visits rules.

import type { Module, Rule, Term } from '../../rego/ast.js';
import { rulePath } from '../ruletree.js';
import type { CheckContext } from './context.js';
import { RecursionErr } from './diagnostics.js';
import { forEachTerm, headTerms } from './walk.js';

/** Rule -> the rules it depends on; each branch of an else chain is a node of its own. */
export class DependencyGraph {
  private readonly edges = new Map<Rule, Rule[]>();
  private readonly modules = new Map<Rule, Module>();

  static build(ctx: CheckContext): DependencyGraph {
    const graph = new DependencyGraph();
    ctx.forEachRule((rule, module) => {
      graph.modules.set(rule, module);
      const deps = new Set<Rule>();
      const visit = (t: Term): boolean => {
        if (t.type !== 'ref') return false;
        for (const entry of ctx.ruleTree.rulesForRef(t.terms)) {
          for (let r: Rule | undefined = entry.rule; r; r = r.else) deps.add(r);
        }
        return false;
      };
      for (const t of headTerms(rule.head)) forEachTerm(t, visit);
      forEachTerm(rule.body, visit);
      graph.edges.set(rule, [...deps]);
    });
    return graph;
  }

  dependencies(rule: Rule): readonly Rule[] {
    return this.edges.get(rule) ?? [];
  }

  /** The full path of a rule of the graph. */
  path(rule: Rule): Term[] {
    return rulePath(this.modules.get(rule)!, rule);
  }

  /** A path from `from` back to itself (`[from, .., from]`), or undefined (OPA's DFSPath). */
  cycleThrough(from: Rule): Rule[] | undefined {
    const visited = new Set<Rule>();
    const dfs = (u: Rule): Rule[] | undefined => {
      if (visited.has(u)) return undefined;
      visited.add(u);
      for (const v of this.dependencies(u)) {
        if (v === from) return [u];
        const p = dfs(v);
        if (p) return [u, ...p];
      }
      return undefined;
    };
    const path = dfs(from);
    return path ? [...path, from] : undefined;
  }

  /**
   * The rules that lie on a cycle: members of a strongly connected component
   * with more than one rule, or depending on themselves (Tarjan's algorithm,
   * iterative, linear in the size of the graph).
   */
  rulesOnCycles(): Set<Rule> {
    const index = new Map<Rule, number>();
    const low = new Map<Rule, number>();
    const onStack = new Set<Rule>();
    const stack: Rule[] = [];
    const out = new Set<Rule>();
    let next = 0;
    for (const root of this.edges.keys()) {
      if (index.has(root)) continue;
      const work: [rule: Rule, edge: number][] = [[root, 0]];
      index.set(root, next);
      low.set(root, next++);
      stack.push(root);
      onStack.add(root);
      while (work.length > 0) {
        const frame = work[work.length - 1];
        const [u, i] = frame;
        const deps = this.dependencies(u);
        if (i < deps.length) {
          frame[1]++;
          const v = deps[i];
          if (!index.has(v)) {
            index.set(v, next);
            low.set(v, next++);
            stack.push(v);
            onStack.add(v);
            work.push([v, 0]);
          } else if (onStack.has(v)) low.set(u, Math.min(low.get(u)!, index.get(v)!));
          continue;
        }
        work.pop();
        if (work.length > 0) {
          const parent = work[work.length - 1][0];
          low.set(parent, Math.min(low.get(parent)!, low.get(u)!));
        }
        if (low.get(u) !== index.get(u)) continue;
        const component: Rule[] = [];
        for (;;) {
          const w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
          if (w === u) break;
        }
        if (component.length > 1 || this.dependencies(u).includes(u)) for (const w of component) out.add(w);
      }
    }
    return out;
  }

  /** All rules, dependencies before dependents (the graph must be acyclic). */
  sorted(): Rule[] {
    const out: Rule[] = [];
    const done = new Set<Rule>();
    const visit = (r: Rule): void => {
      if (done.has(r)) return;
      done.add(r);
      for (const d of this.dependencies(r)) visit(d);
      out.push(r);
    };
    for (const r of this.edges.keys()) visit(r);
    return out;
  }
}

export function checkRecursion(ctx: CheckContext): DependencyGraph {
  const graph = DependencyGraph.build(ctx);
  const cyclic = graph.rulesOnCycles();
  if (cyclic.size === 0) return graph;
  ctx.ruleTree.depthFirst((node) => {
    for (const { rule } of node.rules) {
      for (let r: Rule | undefined = rule; r; r = r.else) {
        if (!cyclic.has(r)) continue;
        const cycle = graph.cycleThrough(r);
        if (!cycle) continue;
        const names = cycle.map((x) => ctx.displayRef(graph.path(x)));
        ctx.diagnostics.add(RecursionErr, r.location, `rule ${names[0]} is recursive: ${names.join(' -> ')}`);
      }
    }
    return false;
  });
  return graph;
}
