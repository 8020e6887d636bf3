// Objects and sets: one hash table structure, keys kept in insertion order in
// an entries array, with
// - no index while small (a linear scan beats hashing for a handful of keys),
//   a chained hash index once it grows, so lookups and inserts are O(1);
// - a sorted order for iteration and dumps, computed lazily (O(n log n) once
//   per change) and not at all when keys arrive in ascending order.
//
// Header (32 bytes): type@0 order@1 len@4 cap@8 entries@12 buckets@16 mask@20 sorted@24 sortedGen@28
// Entry (16 bytes):  key@0 value@4 hash@8 next@12 (1-based index of the next entry in its chain)
// A set stores each element as both key and value.
//
// The sorted permutation is a cache allocated after the table. A table that
// outlives a heap reset (data loaded before the evaluations, then iterated
// during one) would keep a permutation in memory the next evaluation reuses:
// so it is only trusted in the heap generation it was made in, unless it was
// made while the table itself was built (tableSortNow, used by the parser of
// host-supplied documents), in which case it lives exactly as long as the table.
import { compare, equal, hash } from './compare';
import { alloc, currentHeapGeneration, realloc } from './heap';
import { TYPE_OBJECT, TYPE_SET, TYPE_STRING, strData, strLen, typeOf } from './value';
import { bytesEqual } from './bytes';

/** Entries are in ascending key order: the sorted order is the identity. */
const ORDER_ASCENDING: u32 = 1;
/** The `sorted` permutation is up to date. */
const ORDER_SORTED: u32 = 2;
/** Neither: sort before iterating. */
const ORDER_STALE: u32 = 0;
/** sortedGen of a permutation made with the table: valid in every generation. */
const WITH_TABLE: u32 = 0;

/** Tables up to this size have no hash index. */
const SMALL: u32 = 8;
const ENTRY_SIZE: usize = 16;

// @ts-ignore: decorator
@inline
function entry(t: usize, i: u32): usize {
  return load<usize>(t, 12) + <usize>i * ENTRY_SIZE;
}

// @ts-ignore: decorator
@inline
export function tableLen(t: usize): u32 {
  return load<u32>(t, 4);
}

/** The key of the i-th entry in insertion order. */
// @ts-ignore: decorator
@inline
export function entryKey(t: usize, i: u32): usize {
  return load<usize>(entry(t, i));
}

/** The value of the i-th entry in insertion order. */
// @ts-ignore: decorator
@inline
export function entryValue(t: usize, i: u32): usize {
  return load<usize>(entry(t, i), 4);
}

export function makeTable(type: u32, cap: u32): usize {
  const t = alloc(32);
  store<u32>(t, type | (ORDER_ASCENDING << 8));
  store<u32>(t, 0, 4);
  store<u32>(t, cap, 8);
  store<usize>(t, cap != 0 ? alloc(<usize>cap * ENTRY_SIZE) : 0, 12);
  store<usize>(t, 0, 16);
  store<u32>(t, 0, 20);
  store<usize>(t, 0, 24);
  store<u32>(t, 0, 28);
  return t;
}

/** A table with room for n entries (and, beyond the small size, a hash index for them). */
export function makeTableSized(type: u32, n: u32): usize {
  const t = makeTable(type, n);
  if (n > SMALL) {
    let size: u32 = 16;
    while (size < n * 2) size <<= 1;
    const buckets = alloc((<usize>size) << 2);
    memory.fill(buckets, 0, (<usize>size) << 2);
    store<usize>(t, buckets, 16);
    store<u32>(t, size - 1, 20);
  }
  return t;
}

export function makeObject(): usize {
  return makeTable(TYPE_OBJECT, 0);
}

export function makeSet(): usize {
  return makeTable(TYPE_SET, 0);
}

/** The index (insertion order) of the entry with this key, or -1. */
export function tableFind(t: usize, key: usize): i32 {
  const len = tableLen(t);
  const buckets = load<usize>(t, 16);
  if (buckets == 0) {
    if (typeOf(key) == TYPE_STRING) {
      const kl = strLen(key);
      const kd = strData(key);
      for (let i: u32 = 0; i < len; i++) {
        const k = entryKey(t, i);
        if (k == key) return i;
        if (typeOf(k) == TYPE_STRING && strLen(k) == kl && bytesEqual(strData(k), kd, kl)) return i;
      }
      return -1;
    }
    for (let i: u32 = 0; i < len; i++) {
      if (equal(entryKey(t, i), key)) return i;
    }
    return -1;
  }
  const h = hash(key);
  let i = load<u32>(buckets + ((<usize>(h & load<u32>(t, 20))) << 2));
  while (i != 0) {
    const e = entry(t, i - 1);
    if (load<u32>(e, 8) == h && equal(load<usize>(e), key)) return i - 1;
    i = load<u32>(e, 12);
  }
  return -1;
}

/** The value stored under key, or 0. */
export function tableGet(t: usize, key: usize): usize {
  const i = tableFind(t, key);
  return i < 0 ? 0 : entryValue(t, i);
}

/** Inserts or replaces. */
export function tableInsert(t: usize, key: usize, value: usize): void {
  const i = tableFind(t, key);
  if (i >= 0) {
    store<usize>(entry(t, i), value, 4);
    return;
  }
  tableAppend(t, key, value);
}

/** Appends an entry whose key is known to be absent. */
export function tableAppend(t: usize, key: usize, value: usize): void {
  const len = tableLen(t);
  const cap = load<u32>(t, 8);
  if (len == cap) {
    const newCap = cap < 4 ? 4 : cap << 1;
    store<usize>(t, realloc(load<usize>(t, 12), <usize>cap * ENTRY_SIZE, <usize>newCap * ENTRY_SIZE), 12);
    store<u32>(t, newCap, 8);
  }
  const order = <u32>load<u8>(t, 1);
  if (order == ORDER_ASCENDING) {
    if (len > 0 && compare(entryKey(t, len - 1), key) >= 0) store<u8>(t, <u8>ORDER_STALE, 1);
  } else if (order == ORDER_SORTED) {
    store<u8>(t, <u8>ORDER_STALE, 1);
  }
  const e = entry(t, len);
  store<usize>(e, key);
  store<usize>(e, value, 4);
  store<u32>(t, len + 1, 4);
  const buckets = load<usize>(t, 16);
  if (buckets != 0) {
    const h = hash(key);
    store<u32>(e, h, 8);
    if (len + 1 > load<u32>(t, 20) + 1) buildIndex(t, true);
    else link(t, buckets, len, h);
  } else if (len + 1 > SMALL) {
    buildIndex(t, false);
  }
}

function link(t: usize, buckets: usize, i: u32, h: u32): void {
  const e = entry(t, i);
  store<u32>(e, h, 8);
  const slot = buckets + ((<usize>(h & load<u32>(t, 20))) << 2);
  store<u32>(e, load<u32>(slot), 12);
  store<u32>(slot, i + 1);
}

/** (Re)builds the hash index with room for twice the entries; entries keep their hash once computed. */
function buildIndex(t: usize, hashesKnown: bool): void {
  const len = tableLen(t);
  let size: u32 = 16;
  while (size < len * 2) size <<= 1;
  const buckets = alloc((<usize>size) << 2);
  memory.fill(buckets, 0, (<usize>size) << 2);
  store<usize>(t, buckets, 16);
  store<u32>(t, size - 1, 20);
  for (let i: u32 = 0; i < len; i++) {
    const e = entry(t, i);
    link(t, buckets, i, hashesKnown ? load<u32>(e, 8) : hash(load<usize>(e)));
  }
}

/** Removes the entry with this key; returns false if there was none. */
export function tableRemove(t: usize, key: usize): bool {
  const i = tableFind(t, key);
  if (i < 0) return false;
  const len = tableLen(t);
  // Shift the later entries down (keeps insertion order), then reindex.
  const e = entry(t, i);
  memory.copy(e, e + ENTRY_SIZE, <usize>(len - 1 - i) * ENTRY_SIZE);
  store<u32>(t, len - 1, 4);
  if (load<u8>(t, 1) == ORDER_SORTED) store<u8>(t, <u8>ORDER_STALE, 1);
  if (load<usize>(t, 16) != 0) {
    if (len - 1 <= SMALL) store<usize>(t, 0, 16);
    else buildIndex(t, true);
  }
  return true;
}

// --- sorted order -------------------------------------------------------------

/**
 * The sorted order as an array of insertion indexes (u32), or 0 when the
 * entries are already in order. Valid until the table changes.
 */
export function sortedPermutation(t: usize): usize {
  const order = <u32>load<u8>(t, 1);
  if (order == ORDER_ASCENDING) return 0;
  if (order != ORDER_SORTED || !permutationValid(t)) sortTable(t, currentHeapGeneration());
  return load<usize>(t, 24);
}

/** The insertion index of the i-th entry in sorted key order. */
export function sortedEntry(t: usize, i: u32): u32 {
  const order = <u32>load<u8>(t, 1);
  if (order == ORDER_ASCENDING) return i;
  if (order != ORDER_SORTED || !permutationValid(t)) sortTable(t, currentHeapGeneration());
  return load<u32>(load<usize>(t, 24) + ((<usize>i) << 2));
}

// @ts-ignore: decorator
@inline
function permutationValid(t: usize): bool {
  const gen = load<u32>(t, 28);
  return gen == WITH_TABLE || gen == currentHeapGeneration();
}

/** Sorts now, while the table is being built, so that the order lives as long as the table. */
export function tableSortNow(t: usize): void {
  if (<u32>load<u8>(t, 1) == ORDER_STALE) sortTable(t, WITH_TABLE);
}

export function keyAt(t: usize, i: u32): usize {
  return entryKey(t, sortedEntry(t, i));
}

export function valueAt(t: usize, i: u32): usize {
  return entryValue(t, sortedEntry(t, i));
}

/** The sorted position of key (binary search), or -1. */
export function sortedPosition(t: usize, key: usize): i32 {
  let lo: i32 = 0;
  let hi = <i32>tableLen(t) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const c = compare(keyAt(t, mid), key);
    if (c == 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

function sortTable(t: usize, generation: u32): void {
  const len = tableLen(t);
  const bytes = (<usize>len) << 2;
  const perm = alloc(bytes);
  for (let i: u32 = 0; i < len; i++) store<u32>(perm + ((<usize>i) << 2), i);
  const tmp = alloc(bytes);
  mergeSort(t, perm, tmp, 0, len);
  store<usize>(t, perm, 24);
  store<u32>(t, generation, 28);
  store<u8>(t, <u8>ORDER_SORTED, 1);
}

/** Sorts perm[lo, hi) by key (stable, O(n log n)); tmp is scratch of the same size. */
function mergeSort(t: usize, perm: usize, tmp: usize, lo: u32, hi: u32): void {
  const n = hi - lo;
  if (n <= 8) {
    // Insertion sort for short runs.
    for (let i = lo + 1; i < hi; i++) {
      const x = load<u32>(perm + ((<usize>i) << 2));
      const kx = entryKey(t, x);
      let j = i;
      while (j > lo) {
        const y = load<u32>(perm + ((<usize>(j - 1)) << 2));
        if (compare(entryKey(t, y), kx) <= 0) break;
        store<u32>(perm + ((<usize>j) << 2), y);
        j--;
      }
      store<u32>(perm + ((<usize>j) << 2), x);
    }
    return;
  }
  const mid = lo + (n >> 1);
  mergeSort(t, perm, tmp, lo, mid);
  mergeSort(t, perm, tmp, mid, hi);
  // Already in order: nothing to merge.
  if (
    compare(
      entryKey(t, load<u32>(perm + ((<usize>(mid - 1)) << 2))),
      entryKey(t, load<u32>(perm + ((<usize>mid) << 2))),
    ) <= 0
  )
    return;
  let i = lo;
  let j = mid;
  let k = lo;
  while (i < mid && j < hi) {
    const a = load<u32>(perm + ((<usize>i) << 2));
    const b = load<u32>(perm + ((<usize>j) << 2));
    if (compare(entryKey(t, a), entryKey(t, b)) <= 0) {
      store<u32>(tmp + ((<usize>k) << 2), a);
      i++;
    } else {
      store<u32>(tmp + ((<usize>k) << 2), b);
      j++;
    }
    k++;
  }
  // One run is exhausted; the rest of the other is already in place or copied across.
  if (i < mid) memory.copy(tmp + ((<usize>k) << 2), perm + ((<usize>i) << 2), (<usize>(mid - i)) << 2);
  else if (j < hi) memory.copy(tmp + ((<usize>k) << 2), perm + ((<usize>j) << 2), (<usize>(hi - j)) << 2);
  memory.copy(perm + ((<usize>lo) << 2), tmp + ((<usize>lo) << 2), (<usize>n) << 2);
}

/** A copy of the table that can be modified without affecting the original. */
export function tableCopy(t: usize): usize {
  const len = tableLen(t);
  const c = makeTable(typeOf(t), len);
  for (let i: u32 = 0; i < len; i++) tableAppend(c, entryKey(t, i), entryValue(t, i));
  return c;
}
