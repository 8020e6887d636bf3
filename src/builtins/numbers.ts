// numbers.range_step, rand.intn and object.subset.

import { randomInt } from 'node:crypto';
import { EvaluationCache, type RuntimeOptions } from './context.js';
import { fail, intOperand, operandTypeFail, stringOperand } from './errors.js';
import type { HostImplementations } from './types.js';
import { isObject, type Value, valuesEqual } from './values.js';

/** Values from `from` to `to` inclusive, in steps of `step` (> 0), descending when from > to. */
function rangeStep(from: Value, to: Value, step: Value): number[] {
  const a = intOperand(from, 1);
  const b = intOperand(to, 2);
  const s = intOperand(step, 3);
  if (s <= 0) fail('step must be a positive number above zero');
  const out: number[] = [];
  if (a <= b) for (let x = a; x <= b; x += s) out.push(x);
  else for (let x = a; x >= b; x -= s) out.push(x);
  return out;
}

/**
 * object.subset(super, sub): objects recursively (every key of sub in super
 * with a subset value), arrays as contiguous sub-sequences, and an array or
 * set inside an array or set by membership. Sets arrive as arrays, so a set
 * `sub` is checked as an array (a contiguous run) rather than by membership.
 */
function isSubset(sup: Value, sub: Value): boolean {
  if (isObject(sup) && isObject(sub)) {
    return Object.entries(sub).every(([k, v]) => Object.hasOwn(sup, k) && isSubset(sup[k], v));
  }
  if (Array.isArray(sup) && Array.isArray(sub)) {
    if (sub.length === 0) return true;
    for (let i = 0; i + sub.length <= sup.length; i++) {
      if (sub.every((x, j) => valuesEqual(sup[i + j], x))) return true;
    }
    return false;
  }
  return valuesEqual(sup, sub);
}

export function numberBuiltins(_options: RuntimeOptions): HostImplementations {
  const draws = new EvaluationCache<string, number>();
  return {
    'numbers.range_step': (from: Value, to: Value, step: Value) => rangeStep(from, to, step),
    'rand.intn': (key: Value, n: Value) => {
      const k = stringOperand(key, 1);
      let max = intOperand(n, 2);
      if (max === 0) return 0;
      if (max < 0) max = -max;
      return draws.get(JSON.stringify([k, max]), () => randomInt(max));
    },
    'object.subset': (sup: Value, sub: Value) => {
      const isCollection = (v: Value) => isObject(v) || Array.isArray(v);
      if (!isCollection(sup)) operandTypeFail(1, sup, 'object', 'set', 'array');
      if (!isCollection(sub)) operandTypeFail(2, sub, 'object', 'set', 'array');
      return isSubset(sup, sub);
    },
  };
}
