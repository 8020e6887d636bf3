// The value model. A value is a pointer to a small header whose first byte is
// its type code; 0 means undefined. Layouts (byte offsets):
//
//   null, boolean   type@0  bool@1                      static singletons
//   number          type@0  repr@1  textLen@4  payload@8 (i64 | f64 | text pointer)
//   string          type@0  ascii@1  len@4  bytes@8  hash@12 (0 = not computed yet)
//   array           type@0  len@4  cap@8  elems@12 (array of value pointers)
//   object, set     see table.ts
//
// Values are immutable once built, except the collection under construction.
// Strings and number texts may point into memory the value does not own (the
// parsed JSON text, the policy's static data): that memory must outlive them,
// which holds because nothing is freed before the heap is reset.
import { alloc, realloc } from './heap';

export const TYPE_NULL: u32 = 1;
export const TYPE_BOOLEAN: u32 = 2;
export const TYPE_NUMBER: u32 = 3;
export const TYPE_STRING: u32 = 4;
export const TYPE_ARRAY: u32 = 5;
export const TYPE_OBJECT: u32 = 6;
export const TYPE_SET: u32 = 7;

export const REPR_INT: u32 = 1;
export const REPR_FLOAT: u32 = 2;
export const REPR_REF: u32 = 3;

export const ASCII_UNKNOWN: u32 = 0;
export const ASCII_YES: u32 = 1;
export const ASCII_NO: u32 = 2;

const NULL_VALUE = memory.data<u8>([1, 0, 0, 0, 0, 0, 0, 0], 8);
const FALSE_VALUE = memory.data<u8>([2, 0, 0, 0, 0, 0, 0, 0], 8);
const TRUE_VALUE = memory.data<u8>([2, 1, 0, 0, 0, 0, 0, 0], 8);
// The empty string: type 4, ASCII, length 0.
const EMPTY_STRING = memory.data<u8>([4, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 8);

// @ts-ignore: decorator
@inline
export function typeOf(v: usize): u32 {
  return load<u8>(v);
}

// --- null and booleans ------------------------------------------------------

// @ts-ignore: decorator
@inline
export function makeNull(): usize {
  return NULL_VALUE;
}

// @ts-ignore: decorator
@inline
export function makeBool(b: bool): usize {
  return b ? TRUE_VALUE : FALSE_VALUE;
}

// @ts-ignore: decorator
@inline
export function boolValue(v: usize): bool {
  return load<u8>(v, 1) != 0;
}

/** True for the boolean `true` (Rego's truthiness test is exactly this). */
// @ts-ignore: decorator
@inline
export function isTrue(v: usize): bool {
  return v != 0 && load<u8>(v) == TYPE_BOOLEAN && load<u8>(v, 1) != 0;
}

// --- numbers ----------------------------------------------------------------

// @ts-ignore: decorator
@inline
export function numberRepr(v: usize): u32 {
  return load<u8>(v, 1);
}

export function makeInt(i: i64): usize {
  const v = alloc(16);
  store<u32>(v, TYPE_NUMBER | (REPR_INT << 8));
  store<i64>(v, i, 8);
  return v;
}

export function makeFloat(f: f64): usize {
  const v = alloc(16);
  store<u32>(v, TYPE_NUMBER | (REPR_FLOAT << 8));
  store<f64>(v, f, 8);
  return v;
}

/** A number kept as its literal text (big integers, decimals); the text must be valid JSON number syntax. */
export function makeNumberRef(text: usize, len: u32): usize {
  const v = alloc(16);
  store<u32>(v, TYPE_NUMBER | (REPR_REF << 8));
  store<u32>(v, len, 4);
  store<usize>(v, text, 8);
  return v;
}

// @ts-ignore: decorator
@inline
export function intValue(v: usize): i64 {
  return load<i64>(v, 8);
}

// @ts-ignore: decorator
@inline
export function floatValue(v: usize): f64 {
  return load<f64>(v, 8);
}

// @ts-ignore: decorator
@inline
export function refText(v: usize): usize {
  return load<usize>(v, 8);
}

// @ts-ignore: decorator
@inline
export function refLen(v: usize): u32 {
  return load<u32>(v, 4);
}

// --- strings ----------------------------------------------------------------

/** A string over existing UTF-8 bytes (not copied). */
export function makeString(bytes: usize, len: u32): usize {
  if (len == 0) return EMPTY_STRING;
  const v = alloc(16);
  store<u32>(v, TYPE_STRING);
  store<u32>(v, len, 4);
  store<usize>(v, bytes, 8);
  store<u32>(v, 0, 12);
  return v;
}

/** A string over existing bytes already known to be ASCII (or known not to be). */
export function makeStringAscii(bytes: usize, len: u32, ascii: u32): usize {
  if (len == 0) return EMPTY_STRING;
  const v = alloc(16);
  store<u32>(v, TYPE_STRING | (ascii << 8));
  store<u32>(v, len, 4);
  store<usize>(v, bytes, 8);
  store<u32>(v, 0, 12);
  return v;
}

/** A string from an ASCII AssemblyScript literal (type names, messages). */
export function makeStringLiteral(s: string): usize {
  const n = <u32>s.length;
  const data = alloc(n);
  const src = changetype<usize>(s);
  for (let i: u32 = 0; i < n; i++) store<u8>(data + i, <u8>load<u16>(src + ((<usize>i) << 1)));
  return makeStringAscii(data, n, ASCII_YES);
}

// @ts-ignore: decorator
@inline
export function strLen(v: usize): u32 {
  return load<u32>(v, 4);
}

// @ts-ignore: decorator
@inline
export function strData(v: usize): usize {
  return load<usize>(v, 8);
}

/** True when every byte is below 0x80, so bytes and code points coincide. The answer is cached. */
export function strIsAscii(v: usize): bool {
  const known = <u32>load<u8>(v, 1);
  if (known != ASCII_UNKNOWN) return known == ASCII_YES;
  const p = strData(v);
  const n = strLen(v);
  let i: u32 = 0;
  let ascii = true;
  for (; i + 8 <= n; i += 8) {
    if ((load<u64>(p + i) & 0x8080808080808080) != 0) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    for (; i < n; i++) {
      if (load<u8>(p + i) >= 0x80) {
        ascii = false;
        break;
      }
    }
  }
  store<u8>(v, <u8>(ascii ? ASCII_YES : ASCII_NO), 1);
  return ascii;
}

// --- arrays -----------------------------------------------------------------

export function makeArray(cap: u32): usize {
  const v = alloc(16);
  store<u32>(v, TYPE_ARRAY);
  store<u32>(v, 0, 4);
  store<u32>(v, cap, 8);
  store<usize>(v, cap != 0 ? alloc((<usize>cap) << 2) : 0, 12);
  return v;
}

// @ts-ignore: decorator
@inline
export function arrayLen(v: usize): u32 {
  return load<u32>(v, 4);
}

// @ts-ignore: decorator
@inline
export function arrayElems(v: usize): usize {
  return load<usize>(v, 12);
}

// @ts-ignore: decorator
@inline
export function arrayGet(v: usize, i: u32): usize {
  return load<usize>(load<usize>(v, 12) + ((<usize>i) << 2));
}

// @ts-ignore: decorator
@inline
export function arraySet(v: usize, i: u32, x: usize): void {
  store<usize>(load<usize>(v, 12) + ((<usize>i) << 2), x);
}

export function arrayAppend(v: usize, x: usize): void {
  const len = arrayLen(v);
  const cap = load<u32>(v, 8);
  if (len == cap) {
    const newCap = cap < 4 ? 4 : cap << 1;
    store<usize>(v, realloc(arrayElems(v), (<usize>cap) << 2, (<usize>newCap) << 2), 12);
    store<u32>(v, newCap, 8);
  }
  store<usize>(arrayElems(v) + ((<usize>len) << 2), x);
  store<u32>(v, len + 1, 4);
}

/** An array of `len` elements whose slots the caller fills (arraySet). */
export function makeArrayOfLength(len: u32): usize {
  const v = makeArray(len);
  store<u32>(v, len, 4);
  return v;
}
