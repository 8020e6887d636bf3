import type { Module } from '../rego/ast.js';

/**
 * The output of semantic analysis (src/compiler/check/): the modules of a
 * policy in compiled form (see README.md in this directory), ready to plan.
 */
export interface CompiledProgram {
  modules: Module[];
}
