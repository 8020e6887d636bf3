// The tree of virtual documents the planner works from: one node per string
// path below `data` (packages and the string parts of rule head refs), and
// rule sets hung on the nodes that compute them.
//
// A rule belongs under the string prefix of its full path (`package a` +
// `b.c[x] := 1` is under a.b.c). Rules whose prefixes nest are one rule set,
// rooted at the shortest prefix: `a.b.c := 1` and `a.b[k] := 2` together
// compute the object data.a.b, so they are planned as one function (as OPA's
// planner does). A node with a rule set has no children.

import type { Module, Rule, Term } from '../../rego/ast.js';

/** A rule with its module and its full path below `data` (package path, then the head ref). */
export interface PlacedRule {
  rule: Rule;
  module: Module;
  path: Term[];
}

export class DocNode {
  readonly children = new Map<string, DocNode>();
  /** The rules of the rule set rooted here; empty when no rule set is. */
  readonly rules: PlacedRule[] = [];
  constructor(readonly path: readonly string[]) {}

  /** True for user functions (rules with arguments). */
  get isFunction(): boolean {
    return this.rules.some((r) => r.rule.head.args !== undefined);
  }

  /** The number of arguments of a function (0 for other rules). */
  get arity(): number {
    return this.rules.find((r) => r.rule.head.args)?.rule.head.args?.length ?? 0;
  }

  private sorted: DocNode[] | undefined;

  /** Children sorted by key, for a deterministic plan. */
  sortedChildren(): DocNode[] {
    this.sorted ??= [...this.children.keys()].sort().map((k) => this.children.get(k)!);
    return this.sorted;
  }

  child(key: string, create = false): DocNode | undefined {
    let node = this.children.get(key);
    if (!node && create) {
      node = new DocNode([...this.path, key]);
      this.children.set(key, node);
      this.sorted = undefined;
    }
    return node;
  }
}

/** The full path of a rule below `data`: package path, rule name, rest of the head ref. */
export function rulePath(module: Module, rule: Rule): Term[] {
  const [name, ...rest] = rule.head.ref;
  const head: Term =
    name.type === 'var' ? { type: 'string', value: name.name, location: name.location } : name;
  return [...module.package.path.slice(1), head, ...rest];
}

/** The leading string keys of a path. */
export function stringPrefix(path: readonly Term[]): string[] {
  const out: string[] = [];
  for (const t of path) {
    if (t.type !== 'string') break;
    out.push(t.value);
  }
  return out;
}

export function buildDocTree(modules: readonly Module[]): DocNode {
  const root = new DocNode([]);
  const placed: { prefix: string[]; rule: PlacedRule }[] = [];
  for (const module of modules) {
    // Packages without rules still have a node, so that their extent is `{}`.
    let node = root;
    for (const key of stringPrefix(module.package.path.slice(1))) node = node.child(key, true)!;
    for (const rule of module.rules) {
      const path = rulePath(module, rule);
      placed.push({ prefix: stringPrefix(path), rule: { rule, module, path } });
    }
  }
  // Shorter prefixes first, so that a rule set's root exists before the rules nested below it.
  placed.sort((a, b) => a.prefix.length - b.prefix.length);
  for (const { prefix, rule } of placed) {
    let node = root;
    for (const key of prefix) {
      if (node.rules.length > 0) break;
      node = node.child(key, true)!;
    }
    node.rules.push(rule);
  }
  return root;
}
