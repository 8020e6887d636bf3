// The planning stage: a program in compiled form -> the IR of src/compiler/ir.ts.

import type * as ir from '../ir.js';
import type { CompiledProgram } from '../program.js';
import { Planner } from './planner.js';

export { printFunc, printPolicy } from './print.js';

/**
 * Plans `entrypoints` (written `pkg/path/rule` as for `opa build -e`; a
 * package or any prefix of a document names the whole document there) and
 * every rule and function they depend on.
 */
export function plan(program: CompiledProgram, entrypoints: readonly string[]): ir.Policy {
  return new Planner(program).plan(entrypoints);
}
