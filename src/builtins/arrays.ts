// array.flatten and strings.split_n, recent additions to OPA that the
// runtime does not implement.

import { arrayOperand, intOperand, stringOperand } from './errors.js';
import type { HostImplementations } from './types.js';
import type { Value } from './values.js';

function flatten(items: Value[]): Value[] {
  return items.flatMap((x) => (Array.isArray(x) ? flatten(x) : [x]));
}

/** The first n parts of the string split at `sep`, or the last -n parts when n < 0, as OPA defines it. */
function splitN(s: string, sep: string, n: number): string[] {
  const parts = sep === '' ? [...s] : s.split(sep);
  return n < 0 ? parts.slice(Math.max(parts.length + n, 0)) : parts.slice(0, n);
}

export const arrayBuiltins: HostImplementations = {
  'array.flatten': (arr: Value) => flatten(arrayOperand(arr, 1)),
  'strings.split_n': (s: Value, sep: Value, n: Value) =>
    splitN(stringOperand(s, 1), stringOperand(sep, 2), intOperand(n, 3)),
};
