// OPA's total order on values (null < boolean < number < string < array <
// object < set), equality, and a hash consistent with equality.
import { bytesCompare, bytesEqual } from './bytes';
import { combineOrdered, finalize, hashBytes } from './hash';
import { compareNumbers, hashNumber } from './number';
import { entryKey, entryValue, keyAt, tableFind, tableLen, valueAt } from './table';
import {
  TYPE_ARRAY,
  TYPE_BOOLEAN,
  TYPE_NULL,
  TYPE_NUMBER,
  TYPE_OBJECT,
  TYPE_SET,
  TYPE_STRING,
  arrayGet,
  arrayLen,
  boolValue,
  numberRepr,
  REPR_INT,
  intValue,
  strData,
  strLen,
  typeOf,
} from './value';

/** <0, 0, >0. Undefined (0) sorts before every value. */
export function compare(a: usize, b: usize): i32 {
  if (a == b) return 0;
  if (a == 0) return -1;
  if (b == 0) return 1;
  const ta = typeOf(a);
  const tb = typeOf(b);
  if (ta != tb) return ta < tb ? -1 : 1;
  switch (ta) {
    case TYPE_NULL:
      return 0;
    case TYPE_BOOLEAN: {
      const x = boolValue(a);
      const y = boolValue(b);
      return x == y ? 0 : x ? 1 : -1;
    }
    case TYPE_NUMBER:
      return compareNumbers(a, b);
    case TYPE_STRING:
      return bytesCompare(strData(a), strLen(a), strData(b), strLen(b));
    case TYPE_ARRAY: {
      const na = arrayLen(a);
      const nb = arrayLen(b);
      const n = min(na, nb);
      for (let i: u32 = 0; i < n; i++) {
        const c = compare(arrayGet(a, i), arrayGet(b, i));
        if (c != 0) return c;
      }
      return na == nb ? 0 : na < nb ? -1 : 1;
    }
    case TYPE_OBJECT: {
      // Sorted keys pairwise, each key followed by its value, then length.
      const na = tableLen(a);
      const nb = tableLen(b);
      const n = min(na, nb);
      for (let i: u32 = 0; i < n; i++) {
        let c = compare(keyAt(a, i), keyAt(b, i));
        if (c != 0) return c;
        c = compare(valueAt(a, i), valueAt(b, i));
        if (c != 0) return c;
      }
      return na == nb ? 0 : na < nb ? -1 : 1;
    }
    case TYPE_SET: {
      const na = tableLen(a);
      const nb = tableLen(b);
      const n = min(na, nb);
      for (let i: u32 = 0; i < n; i++) {
        const c = compare(keyAt(a, i), keyAt(b, i));
        if (c != 0) return c;
      }
      return na == nb ? 0 : na < nb ? -1 : 1;
    }
  }
  return 0;
}

/** compare(a, b) == 0, without sorting collections. */
export function equal(a: usize, b: usize): bool {
  if (a == b) return true;
  if (a == 0 || b == 0) return false;
  const ta = typeOf(a);
  if (ta != typeOf(b)) return false;
  switch (ta) {
    case TYPE_NULL:
      return true;
    case TYPE_BOOLEAN:
      return boolValue(a) == boolValue(b);
    case TYPE_NUMBER:
      if (numberRepr(a) == REPR_INT && numberRepr(b) == REPR_INT) return intValue(a) == intValue(b);
      return compareNumbers(a, b) == 0;
    case TYPE_STRING: {
      const n = strLen(a);
      return n == strLen(b) && bytesEqual(strData(a), strData(b), n);
    }
    case TYPE_ARRAY: {
      const n = arrayLen(a);
      if (n != arrayLen(b)) return false;
      for (let i: u32 = 0; i < n; i++) {
        if (!equal(arrayGet(a, i), arrayGet(b, i))) return false;
      }
      return true;
    }
    case TYPE_OBJECT: {
      const n = tableLen(a);
      if (n != tableLen(b)) return false;
      for (let i: u32 = 0; i < n; i++) {
        const j = tableFind(b, entryKey(a, i));
        if (j < 0 || !equal(entryValue(a, i), entryValue(b, j))) return false;
      }
      return true;
    }
    case TYPE_SET: {
      const n = tableLen(a);
      if (n != tableLen(b)) return false;
      for (let i: u32 = 0; i < n; i++) {
        if (tableFind(b, entryKey(a, i)) < 0) return false;
      }
      return true;
    }
  }
  return false;
}

const STRING_SEED: u32 = 0x9747b28c;

/** A hash consistent with equal(): collections hash their contents, unordered ones order-independently. */
export function hash(v: usize): u32 {
  switch (typeOf(v)) {
    case TYPE_NULL:
      return 0x1234567;
    case TYPE_BOOLEAN:
      return boolValue(v) ? 0x2345678 : 0x3456789;
    case TYPE_NUMBER:
      return hashNumber(v);
    case TYPE_STRING: {
      let h = load<u32>(v, 12);
      if (h == 0) {
        h = hashBytes(strData(v), strLen(v), STRING_SEED) | 1;
        store<u32>(v, h, 12);
      }
      return h;
    }
    case TYPE_ARRAY: {
      let h: u32 = 0x5bd1e995;
      const n = arrayLen(v);
      for (let i: u32 = 0; i < n; i++) h = combineOrdered(h, hash(arrayGet(v, i)));
      return finalize(h ^ n);
    }
    case TYPE_OBJECT: {
      // A sum of per-entry hashes does not depend on the order of the entries.
      let h: u32 = 0x27d4eb2d;
      const n = tableLen(v);
      for (let i: u32 = 0; i < n; i++) {
        h += finalize(combineOrdered(hash(entryKey(v, i)), hash(entryValue(v, i))));
      }
      return finalize(h ^ n);
    }
    case TYPE_SET: {
      let h: u32 = 0x165667b1;
      const n = tableLen(v);
      for (let i: u32 = 0; i < n; i++) h += finalize(hash(entryKey(v, i)));
      return finalize(h ^ n);
    }
  }
  return 0;
}
