// Numbers: three representations of one exact value model.
//   INT    an exact 64-bit integer;
//   FLOAT  a double, standing for the shortest decimal that reads back as it
//          (the text it dumps as), so 0.1 computed equals 0.1 written;
//   REF    decimal text kept verbatim (big integers, decimals), as OPA does.
// Comparison is exact on decimal values across representations (1 == 1.0),
// with fast paths for the common cases, and hashing agrees with it.
import { Buf, bufByte, bufBytes, bufI64 } from './buffer';
import { Big, bigFromDigits, bigMulPow10 } from './bignum';
import { decimalToDouble, shortestDigits } from './float';
import { hashU64 } from './hash';
import { alloc, heapMark, heapRelease } from './heap';
import { REPR_FLOAT, REPR_INT, REPR_REF, floatValue, intValue, numberRepr, refLen, refText } from './value';

const TWO_53: f64 = 9007199254740992.0;
const TWO_63: f64 = 9223372036854775808.0;
const NUMBER_HASH_SEED: u32 = 0x3c6ef372;

/**
 * A decimal value: (-1)^neg x 0.d1d2..dn x 10^exp, its digits without leading
 * or trailing zeros; zero has n = 0.
 */
// @ts-ignore: decorator
@unmanaged
export class Decimal {
  neg: bool;
  n: u32;
  exp: i32;
  digits: usize;
}

function newDecimal(maxDigits: u32): Decimal {
  const d = changetype<Decimal>(alloc(offsetof<Decimal>()));
  d.neg = false;
  d.n = 0;
  d.exp = 0;
  d.digits = alloc(maxDigits);
  return d;
}

/** Removes trailing zero digits (they do not change the value). */
function trimTrailingZeros(d: Decimal): void {
  let n = d.n;
  while (n > 0 && load<u8>(d.digits + n - 1) == 0x30) n--;
  d.n = n;
  if (n == 0) {
    d.neg = false;
    d.exp = 0;
  }
}

export function decimalOfI64(i: i64): Decimal {
  const d = newDecimal(20);
  d.neg = i < 0;
  let u: u64 = i < 0 ? <u64>-i : <u64>i;
  let n: u32 = 0;
  for (let t = u; t != 0; t /= 10) n++;
  for (let k = n; k > 0; k--) {
    store<u8>(d.digits + k - 1, <u8>(0x30 + <u32>(u % 10)));
    u /= 10;
  }
  d.n = n;
  d.exp = <i32>n;
  trimTrailingZeros(d);
  return d;
}

export function decimalOfF64(x: f64): Decimal {
  const d = newDecimal(20);
  if (x == 0) return d;
  d.neg = x < 0;
  const count = alloc(4);
  d.exp = shortestDigits(abs(x), d.digits, count);
  d.n = load<u32>(count);
  return d;
}

/** Parses JSON number text (assumed well-formed). Exponents saturate far beyond any double. */
export function decimalOfText(p: usize, len: u32): Decimal {
  const d = newDecimal(len);
  let i: u32 = 0;
  if (i < len && load<u8>(p) == 0x2d) {
    d.neg = true;
    i++;
  }
  let n: u32 = 0;
  let exp: i64 = 0;
  let seenPoint = false;
  for (; i < len; i++) {
    const c = <u32>load<u8>(p + i);
    if (c == 0x2e) {
      seenPoint = true;
      continue;
    }
    if (c < 0x30 || c > 0x39) break;
    if (n == 0 && c == 0x30) {
      // A leading zero: after the point it moves the value one place down.
      if (seenPoint) exp--;
      continue;
    }
    store<u8>(d.digits + n++, <u8>c);
    if (!seenPoint) exp++;
  }
  if (i < len) {
    // Exponent: e or E, optional sign, digits.
    i++;
    let eneg = false;
    if (i < len && (load<u8>(p + i) == 0x2d || load<u8>(p + i) == 0x2b)) {
      eneg = load<u8>(p + i) == 0x2d;
      i++;
    }
    let e: i64 = 0;
    for (; i < len; i++) {
      const c = <u32>load<u8>(p + i) - 0x30;
      if (c > 9) break;
      if (e < 1000000000) e = e * 10 + c;
    }
    exp += eneg ? -e : e;
  }
  if (exp > 2000000000) exp = 2000000000;
  if (exp < -2000000000) exp = -2000000000;
  d.n = n;
  d.exp = <i32>exp;
  trimTrailingZeros(d);
  return d;
}

export function decimalOf(v: usize): Decimal {
  const repr = numberRepr(v);
  if (repr == REPR_INT) return decimalOfI64(intValue(v));
  if (repr == REPR_FLOAT) return decimalOfF64(floatValue(v));
  return decimalOfText(refText(v), refLen(v));
}

export function compareDecimals(a: Decimal, b: Decimal): i32 {
  const sa: i32 = a.n == 0 ? 0 : a.neg ? -1 : 1;
  const sb: i32 = b.n == 0 ? 0 : b.neg ? -1 : 1;
  if (sa != sb) return sa < sb ? -1 : 1;
  if (sa == 0) return 0;
  let mag: i32 = 0;
  if (a.exp != b.exp) {
    mag = a.exp < b.exp ? -1 : 1;
  } else {
    const n = min(a.n, b.n);
    mag = memory.compare(a.digits, b.digits, n);
    if (mag == 0 && a.n != b.n) mag = a.n < b.n ? -1 : 1;
    mag = mag < 0 ? -1 : mag > 0 ? 1 : 0;
  }
  return sa * mag;
}

/** True when the decimal is an integer. */
export function decimalIsInteger(d: Decimal): bool {
  return d.n == 0 || d.exp >= <i32>d.n;
}

/** Writes the decimal's value to `out` if it is an integer that fits 64 bits. */
export function decimalToI64(d: Decimal, out: usize): bool {
  if (d.n == 0) {
    store<i64>(out, 0);
    return true;
  }
  if (d.exp < <i32>d.n || d.exp > 19) return false;
  let u: u64 = 0;
  for (let i: i32 = 0; i < d.exp; i++) {
    const c: u64 = i < <i32>d.n ? <u64>load<u8>(d.digits + i) - 0x30 : 0;
    // Overflow check against 2^63 (allowing exactly 2^63 for the most negative value).
    if (u > (<u64>0x8000000000000000 - c) / 10) return false;
    u = u * 10 + c;
  }
  if (d.neg) {
    if (u > <u64>0x8000000000000000) return false;
    store<i64>(out, -(<i64>u));
  } else {
    if (u > <u64>0x7fffffffffffffff) return false;
    store<i64>(out, <i64>u);
  }
  return true;
}

export function decimalToF64(d: Decimal): f64 {
  const x = decimalToDouble(d.digits, d.n, d.exp);
  return d.neg ? -x : x;
}

/** The magnitude of an integral decimal as a big integer. */
export function decimalToBig(d: Decimal): Big {
  const b = bigFromDigits(d.digits, d.n);
  if (d.exp > <i32>d.n) bigMulPow10(b, <u32>(d.exp - <i32>d.n));
  return b;
}

// --- exact integer and double views -----------------------------------------

/** If v is an integer that fits 64 bits, writes it to `out`. */
export function numberToI64(v: usize, out: usize): bool {
  const repr = numberRepr(v);
  if (repr == REPR_INT) {
    store<i64>(out, intValue(v));
    return true;
  }
  if (repr == REPR_FLOAT) {
    const x = floatValue(v);
    if (x == Math.trunc(x) && abs(x) < TWO_53) {
      store<i64>(out, <i64>x);
      return true;
    }
    if (x != Math.trunc(x) || abs(x) >= TWO_63) return false;
  }
  const mark = heapMark();
  const ok = decimalToI64(decimalOf(v), out);
  heapRelease(mark);
  return ok;
}

/** The nearest double (REF text is rounded correctly). */
export function numberToF64(v: usize): f64 {
  const repr = numberRepr(v);
  if (repr == REPR_INT) return <f64>intValue(v);
  if (repr == REPR_FLOAT) return floatValue(v);
  const mark = heapMark();
  const x = decimalToF64(decimalOfText(refText(v), refLen(v)));
  heapRelease(mark);
  return x;
}

// --- order and hash -----------------------------------------------------------

export function compareNumbers(a: usize, b: usize): i32 {
  const ra = numberRepr(a);
  const rb = numberRepr(b);
  if (ra == REPR_INT && rb == REPR_INT) {
    const x = intValue(a);
    const y = intValue(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (ra == REPR_FLOAT && rb == REPR_FLOAT) {
    const x = floatValue(a);
    const y = floatValue(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (ra != REPR_REF && rb != REPR_REF) {
    // One INT, one FLOAT.
    const fa = ra == REPR_FLOAT;
    const f = fa ? floatValue(a) : floatValue(b);
    const i = fa ? intValue(b) : intValue(a);
    let c: i32 = 2;
    if (f != Math.trunc(f)) {
      // A fractional double never equals an integer, and converting the integer
      // to a double cannot cross it (|f| < 2^52 whenever |i| is large).
      const fi = <f64>i;
      c = f < fi ? -1 : 1;
    } else if (abs(f) < TWO_53) {
      const fi = <i64>f;
      c = fi < i ? -1 : fi > i ? 1 : 0;
    }
    if (c != 2) return fa ? c : -c;
  }
  const mark = heapMark();
  const c = compareDecimals(decimalOf(a), decimalOf(b));
  heapRelease(mark);
  return c;
}

/**
 * Equal numbers hash alike: integers that fit 64 bits hash their value; any
 * other number hashes the bits of its nearest double (which is the same for
 * equal decimals, and for a double and the decimal it dumps as).
 */
export function hashNumber(v: usize): u32 {
  const repr = numberRepr(v);
  if (repr == REPR_INT) return hashU64(<u64>intValue(v), NUMBER_HASH_SEED);
  if (repr == REPR_FLOAT) {
    const x = floatValue(v);
    if (x == Math.trunc(x) && abs(x) < TWO_53) return hashU64(<u64>(<i64>x), NUMBER_HASH_SEED);
    if (x != Math.trunc(x) || abs(x) >= TWO_63) return hashU64(reinterpret<u64>(x), NUMBER_HASH_SEED);
  }
  const mark = heapMark();
  const d = decimalOf(v);
  const out = alloc(8);
  let h: u32;
  if (decimalToI64(d, out)) h = hashU64(<u64>load<i64>(out), NUMBER_HASH_SEED);
  else h = hashU64(reinterpret<u64>(decimalToF64(d)), NUMBER_HASH_SEED);
  heapRelease(mark);
  return h;
}

// --- text ---------------------------------------------------------------------

/**
 * Appends the number as JSON text: integers plainly, REF text verbatim,
 * doubles as the shortest text that reads back as them (JavaScript's format).
 */
export function writeNumber(out: Buf, v: usize): void {
  const repr = numberRepr(v);
  if (repr == REPR_INT) {
    bufI64(out, intValue(v));
  } else if (repr == REPR_REF) {
    bufBytes(out, refText(v), refLen(v));
  } else {
    writeDouble(out, floatValue(v));
  }
}

// Scratch for the digits of one double (at most 17) and their count.
const DOUBLE_DIGITS = memory.data(32, 8);

export function writeDouble(out: Buf, x: f64): void {
  if (x == Math.trunc(x) && abs(x) < TWO_53) {
    bufI64(out, <i64>x);
    return;
  }
  const exp = shortestDigits(abs(x), DOUBLE_DIGITS, DOUBLE_DIGITS + 24);
  writeDigits(out, x < 0, DOUBLE_DIGITS, load<u32>(DOUBLE_DIGITS + 24), exp);
}

/** Writes (-1)^neg x 0.DIGITS x 10^exp the way JavaScript's Number#toString does. */
function writeDigits(out: Buf, neg: bool, digits: usize, count: u32, k: i32): void {
  const n = <i32>count;
  if (n == 0) {
    bufByte(out, 0x30);
    return;
  }
  if (neg) bufByte(out, 0x2d);
  if (k >= n && k <= 21) {
    bufBytes(out, digits, <u32>n);
    for (let i = n; i < k; i++) bufByte(out, 0x30);
  } else if (k > 0 && k <= 21) {
    bufBytes(out, digits, <u32>k);
    bufByte(out, 0x2e);
    bufBytes(out, digits + k, <u32>(n - k));
  } else if (k <= 0 && k > -6) {
    bufByte(out, 0x30);
    bufByte(out, 0x2e);
    for (let i = k; i < 0; i++) bufByte(out, 0x30);
    bufBytes(out, digits, <u32>n);
  } else {
    bufByte(out, load<u8>(digits));
    if (n > 1) {
      bufByte(out, 0x2e);
      bufBytes(out, digits + 1, <u32>(n - 1));
    }
    bufByte(out, 0x65);
    const e = k - 1;
    bufByte(out, e < 0 ? 0x2d : 0x2b);
    bufI64(out, e < 0 ? -e : e);
  }
}
