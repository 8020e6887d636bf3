// Shared helpers: plan modules written in compiled form, and run the plans
// with the IR interpreter.

import type * as ir from '../../../src/compiler/ir.js';
import { plan } from '../../../src/compiler/plan/index.js';
import { parseModule } from '../../../src/rego/parser.js';
import { evaluate, type RunOptions } from './interpret.js';

export function planModules(sources: string | string[], entrypoints: string[]): ir.Policy {
  const list = Array.isArray(sources) ? sources : [sources];
  const modules = list.map((source, i) => parseModule(source, `m${i}.rego`));
  return plan({ modules }, entrypoints);
}

/** The value of `entrypoint`, or undefined when it has none. */
export function resultOf(sources: string | string[], entrypoint: string, options: RunOptions = {}): unknown {
  const results = evaluate(planModules(sources, [entrypoint]), entrypoint, options) as { result: unknown }[];
  if (results.length > 1) throw new Error(`more than one result: ${JSON.stringify(results)}`);
  return results[0]?.result;
}
