// String builtins, with Go's semantics: positions and lengths count code
// points (a string's bytes are valid UTF-8: the JSON parser replaces invalid
// sequences), case mapping is Unicode's simple mapping, cutsets are sets of
// code points.
import { Big, bigDivSmall, bigIsZero } from '../bignum';
import { Buf, bufByte, bufBytes, bufNew, bufReserve } from '../buffer';
import { bytesEqual } from '../bytes';
import { builtinError, unsupported } from '../errors';
import { decimalOf, decimalToBig } from '../number';
import { keyAt, tableLen } from '../table';
import { isSpace, toLower, toUpper } from '../unicode/case';
import { countCodePoints, decode, encode, lastLength, offsetOfCodePoint } from '../utf8';
import {
  REPR_FLOAT,
  REPR_INT,
  TYPE_ARRAY,
  TYPE_SET,
  arrayAppend,
  arrayGet,
  arrayLen,
  floatValue,
  intValue,
  makeArray,
  makeBool,
  makeInt,
  makeString,
  makeStringAscii,
  numberRepr,
  ASCII_YES,
  strData,
  strIsAscii,
  strLen,
  typeOf,
} from '../value';
import { intOperand, intOperandValue, isNumber, isString } from './operands';

/** The byte offset of the first occurrence of needle in haystack at or after `from`, or -1. */
export function indexOfBytes(h: usize, hn: u32, n: usize, nn: u32, from: u32): i32 {
  if (nn == 0) return from <= hn ? <i32>from : -1;
  if (nn > hn) return -1;
  const first = load<u8>(n);
  const last = hn - nn;
  for (let i = from; i <= last; i++) {
    if (load<u8>(h + i) == first && bytesEqual(h + i + 1, n + 1, nn - 1)) return <i32>i;
  }
  return -1;
}

function stringOf(buf: Buf): usize {
  return makeString(buf.data, buf.len);
}

// --- concatenation, search ---------------------------------------------------------

export function builtin_concat(delim: usize, coll: usize): usize {
  if (!isString(delim) || coll == 0) return 0;
  const t = typeOf(coll);
  if (t != TYPE_ARRAY && t != TYPE_SET) return 0;
  const isArray = t == TYPE_ARRAY;
  const n = isArray ? arrayLen(coll) : tableLen(coll);
  let total: u32 = 0;
  for (let i: u32 = 0; i < n; i++) {
    const s = isArray ? arrayGet(coll, i) : keyAt(coll, i);
    if (!isString(s)) return 0;
    total += strLen(s);
  }
  if (n == 1) return isArray ? arrayGet(coll, 0) : keyAt(coll, 0);
  const dl = strLen(delim);
  const out = bufNew(total + (n > 0 ? (n - 1) * dl : 0));
  for (let i: u32 = 0; i < n; i++) {
    if (i > 0) bufBytes(out, strData(delim), dl);
    const s = isArray ? arrayGet(coll, i) : keyAt(coll, i);
    bufBytes(out, strData(s), strLen(s));
  }
  return stringOf(out);
}

export function builtin_contains(s: usize, sub: usize): usize {
  if (!isString(s) || !isString(sub)) return 0;
  return makeBool(indexOfBytes(strData(s), strLen(s), strData(sub), strLen(sub), 0) >= 0);
}

export function builtin_startswith(s: usize, prefix: usize): usize {
  if (!isString(s) || !isString(prefix)) return 0;
  const n = strLen(prefix);
  return makeBool(n <= strLen(s) && bytesEqual(strData(s), strData(prefix), n));
}

export function builtin_endswith(s: usize, suffix: usize): usize {
  if (!isString(s) || !isString(suffix)) return 0;
  const n = strLen(suffix);
  const sn = strLen(s);
  return makeBool(n <= sn && bytesEqual(strData(s) + sn - n, strData(suffix), n));
}

/** The code point index of the first occurrence, or -1; an empty search string is an error. */
export function builtin_indexof(s: usize, sub: usize): usize {
  if (!isString(s) || !isString(sub)) return 0;
  if (strLen(sub) == 0) return builtinError('indexof', 'empty search character');
  const at = indexOfBytes(strData(s), strLen(s), strData(sub), strLen(sub), 0);
  if (at < 0) return makeInt(-1);
  return makeInt(strIsAscii(s) ? at : countCodePoints(strData(s), <u32>at));
}

/** The code point indexes of every (possibly overlapping) occurrence. */
export function builtin_indexof_n(s: usize, sub: usize): usize {
  if (!isString(s) || !isString(sub)) return 0;
  if (strLen(sub) == 0) return builtinError('indexof_n', 'empty search character');
  const r = makeArray(0);
  const p = strData(s);
  const n = strLen(s);
  const ascii = strIsAscii(s);
  let from: u32 = 0;
  let counted: u32 = 0;
  let cps: u32 = 0;
  while (true) {
    const at = indexOfBytes(p, n, strData(sub), strLen(sub), from);
    if (at < 0) break;
    if (!ascii) {
      cps += countCodePoints(p + counted, <u32>at - counted);
      counted = <u32>at;
    }
    arrayAppend(r, makeInt(ascii ? at : cps));
    from = <u32>at + 1;
  }
  return r;
}

/** Non-overlapping occurrences; an empty search string occurs between every code point. */
export function builtin_strings__count(s: usize, sub: usize): usize {
  if (!isString(s) || !isString(sub)) return 0;
  const n = strLen(sub);
  if (n == 0) return makeInt(<i64>countCodePoints(strData(s), strLen(s)) + 1);
  let count: i64 = 0;
  let from: u32 = 0;
  while (true) {
    const at = indexOfBytes(strData(s), strLen(s), strData(sub), n, from);
    if (at < 0) break;
    count++;
    from = <u32>at + n;
  }
  return makeInt(count);
}

/** substring(s, start, length) in code points; a negative length means "to the end". */
export function builtin_substring(s: usize, start: usize, length: usize): usize {
  if (!isString(s) || !intOperand(start)) return 0;
  const from = intOperandValue();
  if (!intOperand(length)) return 0;
  const len = intOperandValue();
  if (from < 0) return builtinError('substring', 'negative offset');
  const p = strData(s);
  const n = strLen(s);
  const ascii = strIsAscii(s);
  const total: i64 = ascii ? n : countCodePoints(p, n);
  if (from >= total) return makeString(0, 0);
  const end: i64 = len < 0 || from + len > total ? total : from + len;
  if (from == 0 && end == total) return s;
  const b0 = ascii ? <u32>from : offsetOfCodePoint(p, n, <u32>from);
  const b1 = ascii ? <u32>end : b0 + offsetOfCodePoint(p + b0, n - b0, <u32>(end - from));
  return makeStringAscii(p + b0, b1 - b0, ascii ? ASCII_YES : 0);
}

export function builtin_strings__reverse(s: usize): usize {
  if (!isString(s)) return 0;
  const p = strData(s);
  const n = strLen(s);
  const out = bufNew(n);
  out.len = n;
  // Copy each code point's bytes to the mirrored position.
  let i: u32 = 0;
  while (i < n) {
    decode(p + i, p + n);
    const len = lastLength();
    memory.copy(out.data + n - i - len, p + i, len);
    i += len;
  }
  return stringOf(out);
}

// --- case ----------------------------------------------------------------------

function mapCase(s: usize, upper: bool): usize {
  const p = strData(s);
  const n = strLen(s);
  if (strIsAscii(s)) {
    let changes = false;
    for (let i: u32 = 0; i < n; i++) {
      const c = <u32>load<u8>(p + i);
      if (upper ? c >= 0x61 && c <= 0x7a : c >= 0x41 && c <= 0x5a) {
        changes = true;
        break;
      }
    }
    if (!changes) return s;
    const out = bufNew(n);
    for (let i: u32 = 0; i < n; i++) {
      const c = <u32>load<u8>(p + i);
      bufByte(out, upper ? (c >= 0x61 && c <= 0x7a ? c - 32 : c) : c >= 0x41 && c <= 0x5a ? c + 32 : c);
    }
    return makeStringAscii(out.data, out.len, ASCII_YES);
  }
  const out = bufNew(n + 8);
  let i: u32 = 0;
  while (i < n) {
    const cp = decode(p + i, p + n);
    i += lastLength();
    encode(out, upper ? toUpper(cp) : toLower(cp));
  }
  return stringOf(out);
}

export function builtin_lower(s: usize): usize {
  return isString(s) ? mapCase(s, false) : 0;
}

export function builtin_upper(s: usize): usize {
  return isString(s) ? mapCase(s, true) : 0;
}

// --- splitting and replacing -------------------------------------------------------

/** Go's strings.Split: an empty separator splits after every code point. */
export function builtin_split(s: usize, delim: usize): usize {
  if (!isString(s) || !isString(delim)) return 0;
  const p = strData(s);
  const n = strLen(s);
  const d = strData(delim);
  const dn = strLen(delim);
  const r = makeArray(4);
  if (dn == 0) {
    let i: u32 = 0;
    while (i < n) {
      decode(p + i, p + n);
      const len = lastLength();
      arrayAppend(r, makeString(p + i, len));
      i += len;
    }
    return r;
  }
  let from: u32 = 0;
  while (true) {
    const at = indexOfBytes(p, n, d, dn, from);
    if (at < 0) break;
    arrayAppend(r, makeString(p + from, <u32>at - from));
    from = <u32>at + dn;
  }
  arrayAppend(r, makeString(p + from, n - from));
  return r;
}

/**
 * Go's strings.NewReplacer(old, new): non-overlapping, left to right. An empty
 * `old` inserts `new` before every byte and at the end, as Go's generic
 * replacer does.
 */
export function builtin_replace(s: usize, old: usize, rep: usize): usize {
  if (!isString(s) || !isString(old) || !isString(rep)) return 0;
  const p = strData(s);
  const n = strLen(s);
  const o = strData(old);
  const on = strLen(old);
  const r = strData(rep);
  const rn = strLen(rep);
  if (on == 0) {
    const out = bufNew(n + (n + 1) * rn);
    for (let i: u32 = 0; i < n; i++) {
      bufBytes(out, r, rn);
      bufByte(out, load<u8>(p + i));
    }
    bufBytes(out, r, rn);
    return stringOf(out);
  }
  let at = indexOfBytes(p, n, o, on, 0);
  if (at < 0) return s;
  const out = bufNew(n);
  let from: u32 = 0;
  while (at >= 0) {
    bufBytes(out, p + from, <u32>at - from);
    bufBytes(out, r, rn);
    from = <u32>at + on;
    at = indexOfBytes(p, n, o, on, from);
  }
  bufBytes(out, p + from, n - from);
  return stringOf(out);
}

// --- trimming ------------------------------------------------------------------

/** True if cp is one of the cutset's code points. */
function inCutset(cut: usize, cn: u32, cp: u32): bool {
  let i: u32 = 0;
  while (i < cn) {
    const c = decode(cut + i, cut + cn);
    if (c == cp) return true;
    i += lastLength();
  }
  return false;
}

/** The byte length of the prefix made of cutset code points. */
function leftCut(p: usize, n: u32, cut: usize, cn: u32): u32 {
  let i: u32 = 0;
  while (i < n) {
    const cp = decode(p + i, p + n);
    if (!inCutset(cut, cn, cp)) break;
    i += lastLength();
  }
  return i;
}

/** The byte offset where the suffix made of cutset code points starts. */
function rightCut(p: usize, n: u32, cut: usize, cn: u32, from: u32): u32 {
  let end = n;
  while (end > from) {
    // Step back to the start of the last code point (at most 4 bytes back).
    let start = end - 1;
    while (start > from && end - start < 4 && (load<u8>(p + start) & 0xc0) == 0x80) start--;
    const cp = decode(p + start, p + end);
    if (lastLength() != end - start) {
      // Not one sequence: the last byte stands alone (Go decodes it as U+FFFD).
      if (!inCutset(cut, cn, 0xfffd)) break;
      end--;
      continue;
    }
    if (!inCutset(cut, cn, cp)) break;
    end = start;
  }
  return end;
}

function trimmed(s: usize, from: u32, to: u32): usize {
  if (from == 0 && to == strLen(s)) return s;
  return makeString(strData(s) + from, to - from);
}

export function builtin_trim(s: usize, cutset: usize): usize {
  if (!isString(s) || !isString(cutset)) return 0;
  const p = strData(s);
  const n = strLen(s);
  const from = leftCut(p, n, strData(cutset), strLen(cutset));
  return trimmed(s, from, rightCut(p, n, strData(cutset), strLen(cutset), from));
}

export function builtin_trim_left(s: usize, cutset: usize): usize {
  if (!isString(s) || !isString(cutset)) return 0;
  return trimmed(s, leftCut(strData(s), strLen(s), strData(cutset), strLen(cutset)), strLen(s));
}

export function builtin_trim_right(s: usize, cutset: usize): usize {
  if (!isString(s) || !isString(cutset)) return 0;
  return trimmed(s, 0, rightCut(strData(s), strLen(s), strData(cutset), strLen(cutset), 0));
}

export function builtin_trim_prefix(s: usize, prefix: usize): usize {
  if (!isString(s) || !isString(prefix)) return 0;
  const n = strLen(prefix);
  if (n > strLen(s) || !bytesEqual(strData(s), strData(prefix), n)) return s;
  return trimmed(s, n, strLen(s));
}

export function builtin_trim_suffix(s: usize, suffix: usize): usize {
  if (!isString(s) || !isString(suffix)) return 0;
  const n = strLen(suffix);
  const sn = strLen(s);
  if (n > sn || !bytesEqual(strData(s) + sn - n, strData(suffix), n)) return s;
  return trimmed(s, 0, sn - n);
}

export function builtin_trim_space(s: usize): usize {
  if (!isString(s)) return 0;
  const p = strData(s);
  const n = strLen(s);
  let from: u32 = 0;
  while (from < n) {
    const cp = decode(p + from, p + n);
    if (!isSpace(cp)) break;
    from += lastLength();
  }
  let to = n;
  while (to > from) {
    let start = to - 1;
    while (start > from && to - start < 4 && (load<u8>(p + start) & 0xc0) == 0x80) start--;
    const cp = decode(p + start, p + to);
    if (lastLength() != to - start || !isSpace(cp)) break;
    to = start;
  }
  return trimmed(s, from, to);
}

// --- format_int --------------------------------------------------------------------

const DIGITS = memory.data<u8>([
  0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66,
]);

/** format_int(x, base): x truncated toward zero, in base 2, 8, 10 or 16 (lowercase, no prefix). */
export function builtin_format_int(x: usize, base: usize): usize {
  if (!isNumber(x) || !isNumber(base)) return 0;
  const br = numberRepr(base);
  let b: i64 = 0;
  if (br == REPR_INT) b = intValue(base);
  else if (br == REPR_FLOAT && floatValue(base) == Math.trunc(floatValue(base))) b = <i64>floatValue(base);
  if (b != 2 && b != 8 && b != 10 && b != 16) return 0;
  const out = bufNew(24);
  if (numberRepr(x) == REPR_INT) {
    const v = intValue(x);
    writeRadix(out, v < 0, v < 0 ? <u64>-v : <u64>v, <u32>b);
    return makeStringAscii(out.data, out.len, ASCII_YES);
  }
  // Any other number: truncate its decimal value, then convert the big magnitude.
  const d = decimalOf(x);
  if (d.exp > 100000) return unsupported('format_int', 'number is too large');
  const intDigits = d.exp > 0 ? <u32>min(d.exp, <i32>d.n) : 0;
  const neg = d.neg;
  const saved = d.n;
  d.n = intDigits;
  const mag: Big = decimalToBig(d);
  d.n = saved;
  writeBigRadix(out, neg && !bigIsZero(mag), mag, <u32>b);
  return makeStringAscii(out.data, out.len, ASCII_YES);
}

function writeRadix(out: Buf, neg: bool, v: u64, base: u32): void {
  let digits: u32 = 1;
  for (let t = v; t >= base; t /= base) digits++;
  if (neg) bufByte(out, 0x2d);
  bufReserve(out, digits);
  let q = out.data + out.len + digits;
  do {
    q--;
    store<u8>(q, load<u8>(DIGITS + <usize>(v % base)));
    v /= base;
  } while (v != 0);
  out.len += digits;
}

function writeBigRadix(out: Buf, neg: bool, mag: Big, base: u32): void {
  if (neg) bufByte(out, 0x2d);
  if (bigIsZero(mag)) {
    bufByte(out, 0x30);
    return;
  }
  const start = out.len;
  while (!bigIsZero(mag)) bufByte(out, load<u8>(DIGITS + bigDivSmall(mag, base)));
  // Digits came least significant first.
  let i = start;
  let j = out.len - 1;
  while (i < j) {
    const t = load<u8>(out.data + i);
    store<u8>(out.data + i, load<u8>(out.data + j));
    store<u8>(out.data + j, t);
    i++;
    j--;
  }
}
