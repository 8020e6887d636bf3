import type { Body, Expr, Module } from '../rego/ast.js';
import type { RuleTree } from './ruletree.js';

/**
 * The output of semantic analysis (src/compiler/check/): the modules of a
 * policy in compiled form (see README.md in this directory), ready to plan.
 */
export interface CompiledProgram {
  modules: Module[];
  /**
   * Every rule of `modules` placed under the ground prefix of its path
   * (src/compiler/ruletree.ts): which paths are rules, functions (and their
   * arity) or packages. Always set by `analyze()`; optional so that a
   * program built by hand (in tests) may leave it out.
   */
  ruleTree?: RuleTree;
}

/**
 * A negated expression of the compiled form (README.md, "Negation"). In a
 * module that opts into OPA's `future.keywords.not` semantics, `support`
 * holds the expressions the compiler hoisted out of the negated expression:
 * they are evaluated inside the negation, before the expression, so the
 * negation holds when any of them is undefined (OPA's `not { ... }` body).
 */
export type NegatedExpr = Expr & { support?: Body };

/** The expressions evaluated inside the negation of `e` before `e` itself (none for most expressions). */
export function negationSupport(e: Expr): Body {
  return (e as NegatedExpr).support ?? [];
}
