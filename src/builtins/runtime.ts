// Builtins about the evaluation itself: print (OPA rewrites `print(a, b)`
// into `internal.print([{a...}, {b...}])`, one set of values per argument),
// template strings, trace and opa.runtime.

import type { RuntimeOptions } from './context.js';
import { arrayOperand, stringOperand } from './errors.js';
import { type Exact, formatValue } from './exact.js';
import type { HostImplementations } from './types.js';
import type { Value } from './values.js';

/** How print shows one value: strings as they are, anything else in Rego syntax. */
const printText = (v: Exact): string => (typeof v === 'string' ? v : formatValue(v));

/**
 * The lines print writes: one per combination of the operands' values (the
 * cross product), `<undefined>` standing for an operand without values.
 * Plain strings and scalars (template-string literals) stand for themselves.
 */
function crossProduct(operands: Exact[]): string[][] {
  let lines: string[][] = [[]];
  for (const operand of operands) {
    let texts: string[];
    if (Array.isArray(operand)) texts = operand.length === 0 ? ['<undefined>'] : operand.map(printText);
    else texts = [printText(operand)];
    lines = lines.flatMap((line) => texts.map((t) => [...line, t]));
  }
  return lines;
}

export function runtimeBuiltins(options: RuntimeOptions): HostImplementations {
  const print = options.print ?? ((line: string) => process.stderr.write(`${line}\n`));
  return {
    // A call without a result succeeds; it returns true so that the call is defined.
    // Each operand is the set of an argument's values (an array when called with JSON).
    'internal.print': (operands: Exact) => {
      for (const line of crossProduct(arrayOperand(operands as Value, 1))) print(line.join(' '));
      return true;
    },
    print: (...values: Exact[]) => {
      print(values.map(printText).join(' '));
      return true;
    },
    'internal.template_string': (parts: Value) => {
      const lines = crossProduct(arrayOperand(parts, 1));
      // A template must not produce several strings; OPA reports that as a conflict.
      if (lines.length > 1)
        throw new Error('eval_conflict_error: template-strings must not produce multiple outputs');
      return lines[0].join('');
    },
    trace: (note: Value) => {
      stringOperand(note, 1);
      return true;
    },
    'opa.runtime': (): Value => {
      if (options.env === undefined) return {};
      const env: { [key: string]: Value } = {};
      for (const [k, v] of Object.entries(options.env)) if (v !== undefined) env[k] = v;
      return { env };
    },
  };
}
