// The rule tree: every rule of a policy placed under the ground prefix of its
// full path (`package a.b` + `p.q[x]` is found under data.a.b.p.q). Packages
// without rules have a node too. Used by the checker (conflicts, function
// arity, recursion, `with` targets) and available to the planner.

import type { Module, Rule, Term } from '../rego/ast.js';
import { groundPrefix, isGround, stringTerm, typedKey } from './check/terms.js';

/** A rule with the module that defines it and its full path (`data.pkg.p.q[x]`, the name as a string). */
export interface RuleEntry {
  rule: Rule;
  module: Module;
  path: Term[];
}

export class RuleTreeNode {
  readonly rules: RuleEntry[] = [];
  readonly children = new Map<string, RuleTreeNode>();
  constructor(readonly key: Term | undefined) {}

  /** The child for a ground key (refs, calls and variables have none). */
  child(key: Term): RuleTreeNode | undefined {
    if (key.type === 'ref' || key.type === 'call') return undefined;
    return this.children.get(typedKey(key));
  }

  /** Children in a stable order (by key). */
  sortedChildren(): RuleTreeNode[] {
    return [...this.children.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, n]) => n);
  }

  /** Pre-order traversal; `f` returning true skips the node's children. */
  depthFirst(f: (node: RuleTreeNode) => boolean | undefined): void {
    if (f(this)) return;
    for (const c of this.sortedChildren()) c.depthFirst(f);
  }

  /** True when the node is a function: its rules take arguments. */
  isFunction(): boolean {
    return this.rules.some((e) => e.rule.head.args !== undefined);
  }
}

/** The full path of a rule: the package path followed by the head ref, its first element as a string. */
export function rulePath(module: Module, rule: Rule): Term[] {
  const [name, ...rest] = rule.head.ref;
  const head = name.type === 'var' ? stringTerm(name.name, name.location) : name;
  return [...module.package.path, head, ...rest];
}

export class RuleTree {
  readonly root = new RuleTreeNode(undefined);

  static build(modules: readonly Module[]): RuleTree {
    const tree = new RuleTree();
    for (const module of modules) {
      tree.node(module.package.path, true);
      for (const rule of module.rules) {
        const path = rulePath(module, rule);
        tree.node(groundPrefix(path), true)!.rules.push({ rule, module, path });
      }
    }
    return tree;
  }

  /** The node at exactly `path` (ground terms), creating it when asked. */
  node(path: readonly Term[], create = false): RuleTreeNode | undefined {
    let node = this.root;
    for (const t of path) {
      let next = node.child(t);
      if (!next) {
        if (!create || (!isGround(t) && t.type !== 'var')) return undefined;
        next = new RuleTreeNode(t);
        node.children.set(typedKey(t), next);
      }
      node = next;
    }
    return node;
  }

  /** The rules defined at exactly `path`. */
  rulesAt(path: readonly Term[]): RuleEntry[] {
    return this.node(path)?.rules ?? [];
  }

  /**
   * The rules a reference may refer to (OPA's GetRulesDynamic): along ground
   * elements the matching child, at a variable element every child, and at the
   * end of the reference everything below.
   */
  rulesForRef(ref: readonly Term[]): RuleEntry[] {
    const found = new Set<RuleEntry>();
    const walk = (node: RuleTreeNode, i: number): void => {
      if (i >= ref.length) {
        node.depthFirst((n) => {
          for (const e of n.rules) found.add(e);
          return false;
        });
        return;
      }
      if (i === 0 || isGround(ref[i])) {
        const child = node.child(ref[i]);
        if (!child) return;
        for (const e of child.rules) found.add(e);
        walk(child, i + 1);
        return;
      }
      for (const child of node.sortedChildren()) {
        for (const e of child.rules) found.add(e);
        walk(child, i + 1);
      }
    };
    walk(this.root, 0);
    return [...found];
  }

  /** Pre-order traversal of all nodes. */
  depthFirst(f: (node: RuleTreeNode) => boolean | undefined): void {
    this.root.depthFirst(f);
  }
}
