// numbers.range_step, rand.intn and object.subset (an exact builtin: sets arrive as sets).

import { randomInt } from 'node:crypto';
import { EvaluationCache, type RuntimeOptions } from './context.js';
import { fail, intOperand, stringOperand, typeFail } from './errors.js';
import {
  type Exact,
  type ExactRecord,
  exactEquals,
  exactType,
  objectEntries,
  objectGet,
  type RegoObject,
  type RegoSet,
} from './exact.js';
import type { HostImplementations } from './types.js';
import type { Value } from './values.js';

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

// ---------------------------------------------------------------------------
// object.subset, on exact values (sets stay sets), as OPA's topdown defines it

type ExactObject = ExactRecord | RegoObject;

/** Every key of sub in sup, with an equal value, or a subset value when both are objects, sets or arrays. */
function objectSubset(sup: ExactObject, sub: ExactObject): boolean {
  return objectEntries(sub).every(([key, subValue]) => {
    const supValue = objectGet(sup, key);
    if (supValue === undefined) return false;
    if (exactEquals(supValue, subValue)) return true;
    const types = `${exactType(supValue)}/${exactType(subValue)}`;
    if (types === 'object/object') return objectSubset(supValue as ExactObject, subValue as ExactObject);
    if (types === 'set/set') return setSubset(supValue as RegoSet, subValue as RegoSet);
    if (types === 'array/array') return arraySubset(supValue as Exact[], subValue as Exact[]);
    return false;
  });
}

/** Membership, not recursion: there is no way to pair up elements of two sets. */
function setSubset(sup: RegoSet, sub: RegoSet): boolean {
  return sub.every((x) => sup.has(x));
}

/** sub appears in sup as a contiguous run. */
function arraySubset(sup: Exact[], sub: Exact[]): boolean {
  for (let start = 0; start + sub.length <= sup.length; start++) {
    if (sub.every((x, j) => exactEquals(sup[start + j], x))) return true;
  }
  return false;
}

/**
 * A set inside an array: OPA counts the array's elements that belong to the
 * set, duplicates included, and answers true once the count reaches the
 * set's size (so an empty array never contains even an empty set).
 */
function arraySetSubset(sup: Exact[], sub: RegoSet): boolean {
  let unmatched = sub.length;
  for (const x of sup) {
    if (sub.has(x)) unmatched--;
    if (unmatched === 0) return true;
  }
  return false;
}

function objectSubsetBuiltin(sup: Exact, sub: Exact): boolean {
  const types = `${exactType(sup)}/${exactType(sub)}`;
  switch (types) {
    case 'object/object':
      return objectSubset(sup as ExactObject, sub as ExactObject);
    case 'set/set':
      return setSubset(sup as RegoSet, sub as RegoSet);
    case 'array/array':
      return arraySubset(sup as Exact[], sub as Exact[]);
    case 'array/set':
      return arraySetSubset(sup as Exact[], sub as RegoSet);
    default:
      typeFail('both arguments object.subset must be of the same type or array and set');
  }
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
    'object.subset': (sup: Exact, sub: Exact) => objectSubsetBuiltin(sup, sub),
  };
}
