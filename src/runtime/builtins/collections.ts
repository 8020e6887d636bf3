// object.* and array.* builtins. Results never share mutable structure with
// their operands: objects are copied, element values are shared (values are
// immutable).
import {
  entryKey,
  entryValue,
  makeObject,
  makeSet,
  tableAppend,
  tableFind,
  tableGet,
  tableInsert,
  tableLen,
} from '../table';
import {
  TYPE_ARRAY,
  TYPE_NUMBER,
  TYPE_OBJECT,
  TYPE_SET,
  arrayElems,
  arrayGet,
  arrayLen,
  arraySet,
  makeArrayOfLength,
  typeOf,
} from '../value';
import { intOperand, intOperandValue, isType } from './operands';

// --- objects ------------------------------------------------------------------

/**
 * object.get(obj, key, default): the value under key, or under the path when
 * key is an array (an empty path is obj itself), else default.
 */
export function builtin_object__get(obj: usize, key: usize, dflt: usize): usize {
  if (!isType(obj, TYPE_OBJECT) || key == 0 || dflt == 0) return 0;
  if (typeOf(key) != TYPE_ARRAY) {
    const v = tableGet(obj, key);
    return v != 0 ? v : dflt;
  }
  let cur = obj;
  const n = arrayLen(key);
  for (let i: u32 = 0; i < n; i++) {
    cur = child(cur, arrayGet(key, i));
    if (cur == 0) return dflt;
  }
  return cur;
}

/** One step of a path: object key, array index, or set member. */
function child(v: usize, k: usize): usize {
  const t = typeOf(v);
  if (t == TYPE_OBJECT) return tableGet(v, k);
  if (t == TYPE_ARRAY) {
    if (typeOf(k) != TYPE_NUMBER || !intOperand(k)) return 0;
    const i = intOperandValue();
    return i >= 0 && i < <i64>arrayLen(v) ? arrayGet(v, <u32>i) : 0;
  }
  if (t == TYPE_SET) {
    const i = tableFind(v, k);
    return i < 0 ? 0 : entryKey(v, i);
  }
  return 0;
}

export function builtin_object__keys(obj: usize): usize {
  if (!isType(obj, TYPE_OBJECT)) return 0;
  const r = makeSet();
  const n = tableLen(obj);
  for (let i: u32 = 0; i < n; i++) {
    const k = entryKey(obj, i);
    tableAppend(r, k, k);
  }
  return r;
}

/** A copy of obj where b's keys overwrite a's, merging objects found under the same key recursively. */
function mergeOverwrite(a: usize, b: usize): usize {
  const r = makeObject();
  const na = tableLen(a);
  for (let i: u32 = 0; i < na; i++) tableAppend(r, entryKey(a, i), entryValue(a, i));
  const nb = tableLen(b);
  for (let i: u32 = 0; i < nb; i++) {
    const k = entryKey(b, i);
    const bv = entryValue(b, i);
    const j = tableFind(r, k);
    if (j < 0) {
      tableAppend(r, k, bv);
      continue;
    }
    const av = entryValue(r, j);
    tableInsert(r, k, typeOf(av) == TYPE_OBJECT && typeOf(bv) == TYPE_OBJECT ? mergeOverwrite(av, bv) : bv);
  }
  return r;
}

export function builtin_object__union(a: usize, b: usize): usize {
  if (!isType(a, TYPE_OBJECT) || !isType(b, TYPE_OBJECT)) return 0;
  return mergeOverwrite(a, b);
}

/** object.union over an array of objects, left to right. */
export function builtin_object__union_n(objs: usize): usize {
  if (!isType(objs, TYPE_ARRAY)) return 0;
  const n = arrayLen(objs);
  for (let i: u32 = 0; i < n; i++) {
    if (typeOf(arrayGet(objs, i)) != TYPE_OBJECT) return 0;
  }
  let r = makeObject();
  for (let i: u32 = 0; i < n; i++) r = mergeOverwrite(r, arrayGet(objs, i));
  return r;
}

/** The keys named by an array, a set, or an object's keys, as a set; 0 for anything else. */
function keySet(keys: usize): usize {
  if (keys == 0) return 0;
  const t = typeOf(keys);
  if (t == TYPE_SET) return keys;
  if (t == TYPE_OBJECT) return builtin_object__keys(keys);
  if (t == TYPE_ARRAY) {
    const r = makeSet();
    const n = arrayLen(keys);
    for (let i: u32 = 0; i < n; i++) {
      const k = arrayGet(keys, i);
      if (tableFind(r, k) < 0) tableAppend(r, k, k);
    }
    return r;
  }
  return 0;
}

export function builtin_object__remove(obj: usize, keys: usize): usize {
  if (!isType(obj, TYPE_OBJECT)) return 0;
  const drop = keySet(keys);
  if (drop == 0) return 0;
  const r = makeObject();
  const n = tableLen(obj);
  for (let i: u32 = 0; i < n; i++) {
    const k = entryKey(obj, i);
    if (tableFind(drop, k) < 0) tableAppend(r, k, entryValue(obj, i));
  }
  return r;
}

export function builtin_object__filter(obj: usize, keys: usize): usize {
  if (!isType(obj, TYPE_OBJECT)) return 0;
  const keep = keySet(keys);
  if (keep == 0) return 0;
  const r = makeObject();
  const n = tableLen(obj);
  for (let i: u32 = 0; i < n; i++) {
    const k = entryKey(obj, i);
    if (tableFind(keep, k) >= 0) tableAppend(r, k, entryValue(obj, i));
  }
  return r;
}

// --- arrays -------------------------------------------------------------------

export function builtin_array__concat(a: usize, b: usize): usize {
  if (!isType(a, TYPE_ARRAY) || !isType(b, TYPE_ARRAY)) return 0;
  const na = arrayLen(a);
  const nb = arrayLen(b);
  const r = makeArrayOfLength(na + nb);
  memory.copy(arrayElems(r), arrayElems(a), (<usize>na) << 2);
  memory.copy(arrayElems(r) + ((<usize>na) << 2), arrayElems(b), (<usize>nb) << 2);
  return r;
}

/** array.slice(arr, start, stop) with both indexes clamped to the array, as OPA does. */
export function builtin_array__slice(arr: usize, start: usize, stop: usize): usize {
  if (!isType(arr, TYPE_ARRAY)) return 0;
  if (!intOperand(start)) return 0;
  let from = intOperandValue();
  if (!intOperand(stop)) return 0;
  let to = intOperandValue();
  const n = <i64>arrayLen(arr);
  if (to < 0) to = 0;
  else if (to > n) to = n;
  if (from < 0) from = 0;
  else if (from > to) from = to;
  const len = <u32>(to - from);
  const r = makeArrayOfLength(len);
  memory.copy(arrayElems(r), arrayElems(arr) + ((<usize>from) << 2), (<usize>len) << 2);
  return r;
}

export function builtin_array__reverse(arr: usize): usize {
  if (!isType(arr, TYPE_ARRAY)) return 0;
  const n = arrayLen(arr);
  const r = makeArrayOfLength(n);
  for (let i: u32 = 0; i < n; i++) arraySet(r, i, arrayGet(arr, n - 1 - i));
  return r;
}
