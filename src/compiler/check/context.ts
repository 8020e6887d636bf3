// State shared by the checker's stages.

import { getBuiltin } from '../../builtins/catalog.js';
import type { Expr, Import, Module, RefTerm, RegoVersion, Rule, Term } from '../../rego/ast.js';
import { RuleTree } from '../ruletree.js';
import { Diagnostics } from './diagnostics.js';
import { isGeneratedVar, refDisplay, refName } from './terms.js';
import { VarGenerator } from './vargen.js';

export interface AnalyzeOptions {
  /** The Rego version of modules that do not say (default v1; parsed modules always say). */
  regoVersion?: RegoVersion;
  /**
   * Keep `print(...)` calls, rewritten to `internal.print([...])` as OPA does
   * with print statements enabled. By default they are erased, as `opa build`
   * does.
   */
  enablePrint?: boolean;
}

export class CheckContext {
  readonly diagnostics = new Diagnostics();
  /** Compiler-generated variable name -> the name written in the source (`$N` for `_`). */
  readonly rewritten = new Map<string, string>();
  /** The imports of each module, kept after they are removed from it. */
  readonly imports = new Map<Module, Import[]>();
  /**
   * For each expression a rewrite hoisted out of another one, that expression
   * (OPA's `generatedFrom`): the `not` of the expression it came from may have
   * to enclose it (./negation.ts).
   */
  private readonly hoistedFrom = new WeakMap<Expr, Expr>();
  readonly gen: VarGenerator;
  private tree: RuleTree | undefined;

  constructor(
    readonly modules: Module[],
    readonly options: AnalyzeOptions,
  ) {
    this.gen = VarGenerator.forModules(modules);
  }

  get ruleTree(): RuleTree {
    if (!this.tree) this.tree = RuleTree.build(this.modules);
    return this.tree;
  }

  /** Rebuilds the rule tree (after rule heads changed). */
  resetRuleTree(): void {
    this.tree = undefined;
  }

  isV1(module: Module): boolean {
    return (module.regoVersion ?? this.options.regoVersion ?? 'v1') === 'v1';
  }

  /**
   * The number of arguments the function named by `ref` takes: a builtin's
   * from the catalog, a user function's from the rule tree; -1 when unknown.
   */
  arity(ref: RefTerm): number {
    const builtin = getBuiltin(refName(ref));
    if (builtin) return builtin.args.length;
    const rules = this.ruleTree.rulesAt(ref.terms);
    if (rules.length === 0) return -1;
    return rules[0].rule.head.args?.length ?? 0;
  }

  /** The name of a variable as the user wrote it, or undefined for one the compiler made up. */
  sourceName(name: string): string | undefined {
    const original = this.rewritten.get(name) ?? name;
    return isGeneratedVar(original) ? undefined : original;
  }

  /** A ref for messages, with compiler-generated variables replaced by their source names. */
  displayRef(terms: readonly Term[]): string {
    const render = (t: Term): Term =>
      t.type === 'var' ? { ...t, name: this.rewritten.get(t.name) ?? t.name } : t;
    return refDisplay(terms.map(render));
  }

  /** Records that a rewrite hoisted `hoisted` out of `owner` (kept if already known: the nearest owner). */
  noteHoisted(hoisted: Expr, owner: Expr): void {
    if (!this.hoistedFrom.has(hoisted)) this.hoistedFrom.set(hoisted, owner);
  }

  /** The expression `e` was hoisted out of, if a rewrite generated it. */
  hoistedOwner(e: Expr): Expr | undefined {
    return this.hoistedFrom.get(e);
  }

  /** Calls `f` for every rule of every module, `else` branches included, with its module. */
  forEachRule(f: (rule: Rule, module: Module) => void): void {
    for (const module of this.modules) {
      for (const rule of module.rules) {
        for (let r: Rule | undefined = rule; r; r = r.else) f(r, module);
      }
    }
  }
}
