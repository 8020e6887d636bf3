// Type tests, type_name and to_number.
import { bufByte, bufBytes, bufNew, Buf } from '../buffer';
import { builtinErrorWithText } from '../errors';
import { decimalOfText, decimalToF64 } from '../number';
import {
  TYPE_ARRAY,
  TYPE_BOOLEAN,
  TYPE_NULL,
  TYPE_NUMBER,
  TYPE_OBJECT,
  TYPE_SET,
  TYPE_STRING,
  boolValue,
  makeBool,
  makeInt,
  makeNumberRef,
  makeStringLiteral,
  strData,
  strLen,
  typeOf,
} from '../value';

function is(v: usize, t: u32): usize {
  return v == 0 ? 0 : makeBool(typeOf(v) == t);
}

export function builtin_is_null(v: usize): usize {
  return is(v, TYPE_NULL);
}

export function builtin_is_boolean(v: usize): usize {
  return is(v, TYPE_BOOLEAN);
}

export function builtin_is_number(v: usize): usize {
  return is(v, TYPE_NUMBER);
}

export function builtin_is_string(v: usize): usize {
  return is(v, TYPE_STRING);
}

export function builtin_is_array(v: usize): usize {
  return is(v, TYPE_ARRAY);
}

export function builtin_is_object(v: usize): usize {
  return is(v, TYPE_OBJECT);
}

export function builtin_is_set(v: usize): usize {
  return is(v, TYPE_SET);
}

export function builtin_type_name(v: usize): usize {
  if (v == 0) return 0;
  switch (typeOf(v)) {
    case TYPE_NULL:
      return makeStringLiteral('null');
    case TYPE_BOOLEAN:
      return makeStringLiteral('boolean');
    case TYPE_NUMBER:
      return makeStringLiteral('number');
    case TYPE_STRING:
      return makeStringLiteral('string');
    case TYPE_ARRAY:
      return makeStringLiteral('array');
    case TYPE_OBJECT:
      return makeStringLiteral('object');
    case TYPE_SET:
      return makeStringLiteral('set');
  }
  return 0;
}

export function builtin_to_number(v: usize): usize {
  if (v == 0) return 0;
  switch (typeOf(v)) {
    case TYPE_NULL:
      return makeInt(0);
    case TYPE_BOOLEAN:
      return makeInt(boolValue(v) ? 1 : 0);
    case TYPE_NUMBER:
      return v;
    case TYPE_STRING:
      return parseNumberString(strData(v), strLen(v));
  }
  return 0;
}

/**
 * Go's strconv.ParseFloat syntax in base 10 ([+-] digits [. digits] [e[+-]digits],
 * either side of the point may be empty), normalized to JSON number text.
 * inf/infinity/nan are a type error (undefined), as in OPA; anything else that
 * does not parse is an evaluation error worded like Go's.
 */
function parseNumberString(p: usize, n: u32): usize {
  const out = bufNew(n + 2);
  let i: u32 = 0;
  let neg = false;
  if (i < n && (load<u8>(p) == 0x2b || load<u8>(p) == 0x2d)) {
    neg = load<u8>(p) == 0x2d;
    i++;
  }
  if (isSpecialFloat(p + i, n - i)) return 0;
  if (neg) bufByte(out, 0x2d);
  // Integer part without leading zeros (JSON forbids them).
  const intStart = i;
  while (i < n && load<u8>(p + i) == 0x30) i++;
  const sigStart = i;
  while (i < n && isDigit(load<u8>(p + i))) i++;
  const intDigits = i - intStart;
  if (i > sigStart) bufBytes(out, p + sigStart, i - sigStart);
  else bufByte(out, 0x30);
  let fracDigits: u32 = 0;
  if (i < n && load<u8>(p + i) == 0x2e) {
    i++;
    const fracStart = i;
    while (i < n && isDigit(load<u8>(p + i))) i++;
    fracDigits = i - fracStart;
    if (fracDigits > 0) {
      bufByte(out, 0x2e);
      bufBytes(out, p + fracStart, fracDigits);
    }
  }
  if (intDigits + fracDigits == 0) return syntaxError(p, n);
  if (i < n && (load<u8>(p + i) | 0x20) == 0x65) {
    i++;
    bufByte(out, 0x65);
    if (i < n && (load<u8>(p + i) == 0x2b || load<u8>(p + i) == 0x2d)) {
      bufByte(out, load<u8>(p + i));
      i++;
    }
    const expStart = i;
    while (i < n && isDigit(load<u8>(p + i))) i++;
    if (i == expStart) return syntaxError(p, n);
    bufBytes(out, p + expStart, i - expStart);
  }
  if (i != n) return syntaxError(p, n);
  // ParseFloat also rejects values beyond the range of a double.
  const x = decimalToF64(decimalOfText(out.data, out.len));
  if (!isFinite(x)) return rangeError(p, n);
  return toNumber(out);
}

function toNumber(out: Buf): usize {
  // Integers that fit 64 bits become exact integers, everything else keeps its text.
  let isInt = true;
  for (let k: u32 = 0; k < out.len; k++) {
    const c = load<u8>(out.data + k);
    if (c == 0x2e || c == 0x65) isInt = false;
  }
  const neg = load<u8>(out.data) == 0x2d;
  const digits = out.len - (neg ? 1 : 0);
  if (isInt && digits <= 18) {
    let v: i64 = 0;
    for (let k: u32 = neg ? 1 : 0; k < out.len; k++) v = v * 10 + (<i64>load<u8>(out.data + k) - 0x30);
    return makeInt(neg ? -v : v);
  }
  return makeNumberRef(out.data, out.len);
}

// @ts-ignore: decorator
@inline
function isDigit(c: u8): bool {
  return <u32>c - 0x30 <= 9;
}

function lowerEquals(p: usize, n: u32, word: string): bool {
  if (n != <u32>word.length) return false;
  for (let i: u32 = 0; i < n; i++) {
    if ((<u32>load<u8>(p + i) | 0x20) != <u32>word.charCodeAt(i)) return false;
  }
  return true;
}

function isSpecialFloat(p: usize, n: u32): bool {
  // OPA trims every leading sign before this test.
  while (n > 0 && (load<u8>(p) == 0x2b || load<u8>(p) == 0x2d)) {
    p++;
    n--;
  }
  return lowerEquals(p, n, 'inf') || lowerEquals(p, n, 'infinity') || lowerEquals(p, n, 'nan');
}

function syntaxError(p: usize, n: u32): usize {
  return parseFloatError(p, n, 'invalid syntax');
}

function rangeError(p: usize, n: u32): usize {
  return parseFloatError(p, n, 'value out of range');
}

/** `to_number: strconv.ParseFloat: parsing "TEXT": REASON`, as Go words it. */
function parseFloatError(p: usize, n: u32, reason: string): usize {
  const msg = bufNew(n + 40);
  bufBytes(msg, p, n);
  bufByte(msg, 0x22);
  bufByte(msg, 0x3a);
  bufByte(msg, 0x20);
  for (let i = 0; i < reason.length; i++) bufByte(msg, reason.charCodeAt(i));
  return builtinErrorWithText('to_number', 'strconv.ParseFloat: parsing "', msg.data, msg.len);
}
