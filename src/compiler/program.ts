import type { Module } from '../rego/ast.js';
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
