// The value API exported to the code generator and the host (see README.md).
import { compare, hash } from './compare';
import { numberToI64 } from './number';
import {
  entryKey,
  entryValue,
  keyAt,
  makeObject,
  makeSet,
  sortedPosition,
  tableAppend,
  tableCopy,
  tableFind,
  tableGet,
  tableInsert,
  tableLen,
  tableRemove,
  valueAt,
} from './table';
import {
  REPR_INT,
  TYPE_ARRAY,
  TYPE_NUMBER,
  TYPE_OBJECT,
  TYPE_SET,
  arrayAppend,
  arrayElems,
  arrayGet,
  arrayLen,
  intValue,
  makeArray,
  makeBool,
  makeFloat,
  makeInt,
  makeNull,
  makeNumberRef,
  makeString,
  numberRepr,
  typeOf,
} from './value';

export function opa_value_type(v: usize): i32 {
  return v == 0 ? 0 : typeOf(v);
}

export function opa_null(): usize {
  return makeNull();
}

export function opa_boolean(b: i32): usize {
  return makeBool(b != 0);
}

export function opa_number_int(i: i64): usize {
  return makeInt(i);
}

export function opa_number_float(f: f64): usize {
  return makeFloat(f);
}

/** A number from literal text; integers that fit 64 bits become exact integers. */
export function opa_number_ref(p: usize, len: u32): usize {
  const neg = len > 0 && load<u8>(p) == 0x2d;
  const start: u32 = neg ? 1 : 0;
  const digits = len - start;
  if (digits > 0 && digits <= 18 && (digits == 1 || load<u8>(p + start) != 0x30)) {
    let v: i64 = 0;
    let ok = true;
    for (let i = start; i < len; i++) {
      const c = <u32>load<u8>(p + i) - 0x30;
      if (c > 9) {
        ok = false;
        break;
      }
      v = v * 10 + c;
    }
    if (ok) return makeInt(neg ? -v : v);
  }
  return makeNumberRef(p, len);
}

export function opa_string(p: usize, len: u32): usize {
  return makeString(p, len);
}

export function opa_array_with_cap(cap: u32): usize {
  return makeArray(cap);
}

export function opa_array(): usize {
  return makeArray(0);
}

export function opa_array_append(arr: usize, v: usize): void {
  arrayAppend(arr, v);
}

export function opa_object(): usize {
  return makeObject();
}

export function opa_object_insert(obj: usize, k: usize, v: usize): void {
  tableInsert(obj, k, v);
}

export function opa_set(): usize {
  return makeSet();
}

export function opa_set_add(set: usize, v: usize): void {
  if (tableFind(set, v) < 0) tableAppend(set, v, v);
}

// Scratch for an integer read from a number value.
const INDEX = memory.data(8, 8);

/** Object key, array index (an integer number), or set member; 0 when absent. */
export function opa_value_get(v: usize, key: usize): usize {
  if (v == 0 || key == 0) return 0;
  const t = typeOf(v);
  if (t == TYPE_OBJECT) return tableGet(v, key);
  if (t == TYPE_ARRAY) {
    if (typeOf(key) != TYPE_NUMBER) return 0;
    let i: i64;
    if (numberRepr(key) == REPR_INT) {
      i = intValue(key);
    } else {
      if (!numberToI64(key, INDEX)) return 0;
      i = load<i64>(INDEX);
    }
    if (i < 0 || i >= <i64>arrayLen(v)) return 0;
    return arrayGet(v, <u32>i);
  }
  if (t == TYPE_SET) {
    const i = tableFind(v, key);
    return i < 0 ? 0 : entryKey(v, i);
  }
  return 0;
}

export function opa_value_length(v: usize): u32 {
  if (v == 0) return 0;
  const t = typeOf(v);
  if (t == TYPE_ARRAY) return arrayLen(v);
  if (t == TYPE_OBJECT || t == TYPE_SET) return tableLen(v);
  return 0;
}

/**
 * The key after prevKey (0: the first key): array indexes, object keys and
 * set elements in sorted order; 0 after the last.
 */
export function opa_value_iter(v: usize, prevKey: usize): usize {
  if (v == 0) return 0;
  const t = typeOf(v);
  if (t == TYPE_ARRAY) {
    let next: i64 = 0;
    if (prevKey != 0) {
      if (typeOf(prevKey) != TYPE_NUMBER || !numberToI64(prevKey, INDEX)) return 0;
      next = load<i64>(INDEX) + 1;
    }
    return next >= 0 && next < <i64>arrayLen(v) ? makeInt(next) : 0;
  }
  if (t == TYPE_OBJECT || t == TYPE_SET) {
    let next: i32 = 0;
    if (prevKey != 0) {
      const at = sortedPosition(v, prevKey);
      if (at < 0) return 0;
      next = at + 1;
    }
    return next < <i32>tableLen(v) ? keyAt(v, next) : 0;
  }
  return 0;
}

/** The i-th key in iteration order (array: the index as a number); 0 when out of range. */
export function opa_value_key_at(v: usize, i: u32): usize {
  if (v == 0) return 0;
  const t = typeOf(v);
  if (t == TYPE_ARRAY) return i < arrayLen(v) ? makeInt(i) : 0;
  if (t == TYPE_OBJECT || t == TYPE_SET) return i < tableLen(v) ? keyAt(v, i) : 0;
  return 0;
}

/** The i-th value in iteration order (set: the element); 0 when out of range. */
export function opa_value_value_at(v: usize, i: u32): usize {
  if (v == 0) return 0;
  const t = typeOf(v);
  if (t == TYPE_ARRAY) return i < arrayLen(v) ? arrayGet(v, i) : 0;
  if (t == TYPE_OBJECT || t == TYPE_SET) return i < tableLen(v) ? valueAt(v, i) : 0;
  return 0;
}

export function opa_value_compare(a: usize, b: usize): i32 {
  return compare(a, b);
}

export function opa_value_hash(v: usize): u32 {
  return v == 0 ? 0 : hash(v);
}

export function opa_value_shallow_copy(v: usize): usize {
  if (v == 0) return 0;
  const t = typeOf(v);
  if (t == TYPE_ARRAY) {
    const n = arrayLen(v);
    const c = makeArray(n);
    memory.copy(arrayElems(c), arrayElems(v), (<usize>n) << 2);
    store<u32>(c, n, 4);
    return c;
  }
  if (t == TYPE_OBJECT || t == TYPE_SET) return tableCopy(v);
  return v;
}

/** Recursive merge of two objects (a wins where both have a non-object value); 0 unless both are objects. */
export function opa_value_merge(a: usize, b: usize): usize {
  if (a == 0 || b == 0 || typeOf(a) != TYPE_OBJECT || typeOf(b) != TYPE_OBJECT) return 0;
  const r = tableCopy(a);
  const n = tableLen(b);
  for (let i: u32 = 0; i < n; i++) {
    const k = entryKey(b, i);
    const bv = entryValue(b, i);
    const j = tableFind(r, k);
    if (j < 0) {
      tableAppend(r, k, bv);
      continue;
    }
    const av = entryValue(r, j);
    if (typeOf(av) == TYPE_OBJECT && typeOf(bv) == TYPE_OBJECT) tableInsert(r, k, opa_value_merge(av, bv));
  }
  return r;
}

// Error codes of the path operations (as OPA's C runtime).
const OK: i32 = 0;
const ERR_INVALID_TYPE: i32 = 2;
const ERR_INVALID_PATH: i32 = 3;

/** Sets v at path in base, creating objects on the way (mutates base). */
export function opa_value_add_path(base: usize, path: usize, v: usize): i32 {
  if (base == 0 || path == 0 || typeOf(path) != TYPE_ARRAY) return ERR_INVALID_PATH;
  const n = arrayLen(path);
  if (n == 0) return ERR_INVALID_PATH;
  let cur = base;
  for (let i: u32 = 0; i < n - 1; i++) {
    if (typeOf(cur) != TYPE_OBJECT) return ERR_INVALID_TYPE;
    const k = arrayGet(path, i);
    let next = tableGet(cur, k);
    if (next == 0) {
      next = makeObject();
      tableAppend(cur, k, next);
    }
    cur = next;
  }
  if (typeOf(cur) != TYPE_OBJECT) return ERR_INVALID_TYPE;
  tableInsert(cur, arrayGet(path, n - 1), v);
  return OK;
}

/** Removes the value at path from base (mutates base); a missing path is not an error. */
export function opa_value_remove_path(base: usize, path: usize): i32 {
  if (base == 0 || path == 0 || typeOf(path) != TYPE_ARRAY) return ERR_INVALID_PATH;
  const n = arrayLen(path);
  if (n == 0) return ERR_INVALID_PATH;
  let cur = base;
  for (let i: u32 = 0; i < n - 1; i++) {
    if (typeOf(cur) != TYPE_OBJECT) return OK;
    cur = tableGet(cur, arrayGet(path, i));
    if (cur == 0) return OK;
  }
  if (typeOf(cur) == TYPE_OBJECT) tableRemove(cur, arrayGet(path, n - 1));
  return OK;
}

/**
 * A copy of base with v at path (for `with`): the objects along the path are
 * copied, everything else is shared; a non-object on the way is replaced.
 */
export function opa_value_upsert(base: usize, path: usize, v: usize): usize {
  if (path == 0 || typeOf(path) != TYPE_ARRAY) return 0;
  return upsertFrom(base, path, 0, v);
}

function upsertFrom(base: usize, path: usize, i: u32, v: usize): usize {
  if (i == arrayLen(path)) return v;
  const k = arrayGet(path, i);
  const isObject = base != 0 && typeOf(base) == TYPE_OBJECT;
  const copy = isObject ? tableCopy(base) : makeObject();
  const child = isObject ? tableGet(base, k) : 0;
  tableInsert(copy, k, upsertFrom(child, path, i + 1, v));
  return copy;
}
