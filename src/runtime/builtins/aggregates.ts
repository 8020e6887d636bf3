// Aggregates over collections, and membership (`in`).
import { compare, equal } from '../compare';
import { keyAt, tableFind, tableGet, tableLen } from '../table';
import { countCodePoints } from '../utf8';
import { alloc } from '../heap';
import {
  TYPE_ARRAY,
  TYPE_NUMBER,
  TYPE_OBJECT,
  TYPE_SET,
  TYPE_STRING,
  arrayElems,
  arrayGet,
  arrayLen,
  isTrue,
  makeArrayOfLength,
  arraySet,
  makeBool,
  makeInt,
  strData,
  strIsAscii,
  strLen,
  typeOf,
} from '../value';
import { builtin_mul, builtin_plus } from './arithmetic';
import { intOperand, intOperandValue, isNumber } from './operands';
import { entryValue } from '../table';

export function builtin_count(v: usize): usize {
  if (v == 0) return 0;
  const t = typeOf(v);
  if (t == TYPE_ARRAY) return makeInt(arrayLen(v));
  if (t == TYPE_OBJECT || t == TYPE_SET) return makeInt(tableLen(v));
  if (t == TYPE_STRING) return makeInt(strIsAscii(v) ? strLen(v) : countCodePoints(strData(v), strLen(v)));
  return 0;
}

/** The elements of an array, or of a set in sorted order; 0 for anything else. */
function elementCount(v: usize): i32 {
  if (v == 0) return -1;
  const t = typeOf(v);
  if (t == TYPE_ARRAY) return <i32>arrayLen(v);
  if (t == TYPE_SET) return <i32>tableLen(v);
  return -1;
}

// @ts-ignore: decorator
@inline
function element(v: usize, i: u32): usize {
  return typeOf(v) == TYPE_ARRAY ? arrayGet(v, i) : keyAt(v, i);
}

function fold(v: usize, identity: i64, mul: bool): usize {
  const n = elementCount(v);
  if (n < 0) return 0;
  for (let i: u32 = 0; i < <u32>n; i++) {
    if (!isNumber(element(v, i))) return 0;
  }
  let acc = makeInt(identity);
  for (let i: u32 = 0; i < <u32>n; i++) {
    acc = mul ? builtin_mul(acc, element(v, i)) : builtin_plus(acc, element(v, i));
  }
  return acc;
}

export function builtin_sum(v: usize): usize {
  return fold(v, 0, false);
}

export function builtin_product(v: usize): usize {
  return fold(v, 1, true);
}

export function builtin_max(v: usize): usize {
  const n = elementCount(v);
  if (n <= 0) return 0;
  // A set's last element in sorted order is its maximum.
  if (typeOf(v) == TYPE_SET) return keyAt(v, <u32>n - 1);
  let best = arrayGet(v, 0);
  for (let i: u32 = 1; i < <u32>n; i++) {
    const x = arrayGet(v, i);
    if (compare(best, x) <= 0) best = x;
  }
  return best;
}

export function builtin_min(v: usize): usize {
  const n = elementCount(v);
  if (n <= 0) return 0;
  if (typeOf(v) == TYPE_SET) return keyAt(v, 0);
  let best = arrayGet(v, 0);
  for (let i: u32 = 1; i < <u32>n; i++) {
    const x = arrayGet(v, i);
    if (compare(best, x) >= 0) best = x;
  }
  return best;
}

export function builtin_sort(v: usize): usize {
  const n = elementCount(v);
  if (n < 0) return 0;
  const r = makeArrayOfLength(<u32>n);
  if (typeOf(v) == TYPE_SET) {
    for (let i: u32 = 0; i < <u32>n; i++) arraySet(r, i, keyAt(v, i));
    return r;
  }
  memory.copy(arrayElems(r), arrayElems(v), (<usize>n) << 2);
  sortValues(arrayElems(r), <u32>n);
  return r;
}

/** Stable merge sort of n value pointers at p, in OPA's order. */
export function sortValues(p: usize, n: u32): void {
  if (n < 2) return;
  const tmp = alloc((<usize>n) << 2);
  mergeSort(p, tmp, 0, n);
}

function mergeSort(p: usize, tmp: usize, lo: u32, hi: u32): void {
  if (hi - lo <= 8) {
    for (let i = lo + 1; i < hi; i++) {
      const x = load<usize>(p + ((<usize>i) << 2));
      let j = i;
      while (j > lo && compare(load<usize>(p + ((<usize>(j - 1)) << 2)), x) > 0) {
        store<usize>(p + ((<usize>j) << 2), load<usize>(p + ((<usize>(j - 1)) << 2)));
        j--;
      }
      store<usize>(p + ((<usize>j) << 2), x);
    }
    return;
  }
  const mid = lo + ((hi - lo) >> 1);
  mergeSort(p, tmp, lo, mid);
  mergeSort(p, tmp, mid, hi);
  if (compare(load<usize>(p + ((<usize>(mid - 1)) << 2)), load<usize>(p + ((<usize>mid) << 2))) <= 0) return;
  let i = lo;
  let j = mid;
  let k = lo;
  while (i < mid && j < hi) {
    const a = load<usize>(p + ((<usize>i) << 2));
    const b = load<usize>(p + ((<usize>j) << 2));
    if (compare(a, b) <= 0) {
      store<usize>(tmp + ((<usize>k) << 2), a);
      i++;
    } else {
      store<usize>(tmp + ((<usize>k) << 2), b);
      j++;
    }
    k++;
  }
  if (i < mid) memory.copy(tmp + ((<usize>k) << 2), p + ((<usize>i) << 2), (<usize>(mid - i)) << 2);
  else if (j < hi) memory.copy(tmp + ((<usize>k) << 2), p + ((<usize>j) << 2), (<usize>(hi - j)) << 2);
  memory.copy(p + ((<usize>lo) << 2), tmp + ((<usize>lo) << 2), (<usize>(hi - lo)) << 2);
}

export function builtin_all(v: usize): usize {
  const n = elementCount(v);
  if (n < 0) return 0;
  for (let i: u32 = 0; i < <u32>n; i++) {
    if (!isTrue(element(v, i))) return makeBool(false);
  }
  return makeBool(true);
}

export function builtin_any(v: usize): usize {
  const n = elementCount(v);
  if (n < 0) return 0;
  for (let i: u32 = 0; i < <u32>n; i++) {
    if (isTrue(element(v, i))) return makeBool(true);
  }
  return makeBool(false);
}

/** `x in xs`: an array element, a set member, or an object value. */
export function builtin_internal__member_2(x: usize, coll: usize): usize {
  if (x == 0 || coll == 0) return 0;
  const t = typeOf(coll);
  if (t == TYPE_SET) return makeBool(tableFind(coll, x) >= 0);
  if (t == TYPE_ARRAY) {
    const n = arrayLen(coll);
    for (let i: u32 = 0; i < n; i++) {
      if (equal(arrayGet(coll, i), x)) return makeBool(true);
    }
    return makeBool(false);
  }
  if (t == TYPE_OBJECT) {
    const n = tableLen(coll);
    for (let i: u32 = 0; i < n; i++) {
      if (equal(entryValue(coll, i), x)) return makeBool(true);
    }
  }
  return makeBool(false);
}

/** `k, v in xs`: index k holds v (array), key k maps to v (object), or k == v is a member (set). */
export function builtin_internal__member_3(k: usize, v: usize, coll: usize): usize {
  if (k == 0 || v == 0 || coll == 0) return 0;
  const t = typeOf(coll);
  if (t == TYPE_SET) return makeBool(tableFind(coll, k) >= 0 && equal(k, v));
  if (t == TYPE_OBJECT) {
    const got = tableGet(coll, k);
    return makeBool(got != 0 && equal(got, v));
  }
  if (t == TYPE_ARRAY) {
    if (typeOf(k) != TYPE_NUMBER || !intOperand(k)) return makeBool(false);
    const i = intOperandValue();
    return makeBool(i >= 0 && i < <i64>arrayLen(coll) && equal(arrayGet(coll, <u32>i), v));
  }
  return makeBool(false);
}
