// Set operations.
import { entryKey, makeSet, tableAppend, tableFind, tableLen } from '../table';
import { TYPE_SET, typeOf } from '../value';
import { setDifference } from './arithmetic';
import { isType } from './operands';

function addAll(r: usize, s: usize): void {
  const n = tableLen(s);
  for (let i: u32 = 0; i < n; i++) {
    const k = entryKey(s, i);
    if (tableFind(r, k) < 0) tableAppend(r, k, k);
  }
}

function intersect(a: usize, b: usize): usize {
  // Probe the larger set with the smaller one's elements.
  if (tableLen(a) > tableLen(b)) {
    const t = a;
    a = b;
    b = t;
  }
  const r = makeSet();
  const n = tableLen(a);
  for (let i: u32 = 0; i < n; i++) {
    const k = entryKey(a, i);
    if (tableFind(b, k) >= 0) tableAppend(r, k, k);
  }
  return r;
}

/** `a & b`. */
export function builtin_and(a: usize, b: usize): usize {
  if (!isType(a, TYPE_SET) || !isType(b, TYPE_SET)) return 0;
  return intersect(a, b);
}

/** `a | b`. */
export function builtin_or(a: usize, b: usize): usize {
  if (!isType(a, TYPE_SET) || !isType(b, TYPE_SET)) return 0;
  const r = makeSet();
  addAll(r, a);
  addAll(r, b);
  return r;
}

/** Deprecated spelling of `a - b` on sets. */
export function builtin_set_diff(a: usize, b: usize): usize {
  if (!isType(a, TYPE_SET) || !isType(b, TYPE_SET)) return 0;
  return setDifference(a, b);
}

/** The intersection of a set of sets (the empty set for no sets). */
export function builtin_intersection(sets: usize): usize {
  if (!isType(sets, TYPE_SET)) return 0;
  const n = tableLen(sets);
  for (let i: u32 = 0; i < n; i++) {
    if (typeOf(entryKey(sets, i)) != TYPE_SET) return 0;
  }
  if (n == 0) return makeSet();
  let r = entryKey(sets, 0);
  for (let i: u32 = 1; i < n; i++) r = intersect(r, entryKey(sets, i));
  return n == 1 ? copySet(r) : r;
}

function copySet(s: usize): usize {
  const r = makeSet();
  addAll(r, s);
  return r;
}

/** The union of a set of sets. */
export function builtin_union(sets: usize): usize {
  if (!isType(sets, TYPE_SET)) return 0;
  const n = tableLen(sets);
  for (let i: u32 = 0; i < n; i++) {
    if (typeOf(entryKey(sets, i)) != TYPE_SET) return 0;
  }
  const r = makeSet();
  for (let i: u32 = 0; i < n; i++) addAll(r, entryKey(sets, i));
  return r;
}
