// Exact conversions between decimal digits and doubles:
// - decimalToDouble: correctly rounded (round half to even), with Clinger's
//   fast path and a big-integer refinement of an estimate otherwise;
// - shortestDigits: the shortest digit string that reads back as the same
//   double (Burger and Dybvig's free-format algorithm on big integers).
// Both work on digit strings: value = 0.d1d2..dn x 10^exp, d1 != 0.
import {
  Big,
  bigAdd,
  bigCompare,
  bigCopy,
  bigFromDigits,
  bigFromU64,
  bigMulAddSmall,
  bigMulPow10,
  bigNew,
  bigSetU64,
  bigShl,
  bigSub,
} from './bignum';
import { heapMark, heapRelease } from './heap';

const EXACT_POWERS: StaticArray<f64> = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
  1e20, 1e21, 1e22,
];

/** 10^e as a double, for estimates only (not always correctly rounded). */
function pow10Estimate(e: i32): f64 {
  let r: f64 = 1;
  let n = e < 0 ? -e : e;
  while (n > 22) {
    r *= 1e22;
    n -= 22;
  }
  r *= unchecked(EXACT_POWERS[n]);
  return e < 0 ? 1 / r : r;
}

/** The double nearest to 0.DIGITS x 10^exp (ndigits ASCII digits at p, no leading zero). */
export function decimalToDouble(p: usize, n: u32, exp: i32): f64 {
  if (n == 0) return 0;
  if (exp > 310) return Infinity;
  if (exp < -324) return 0;
  // value = D x 10^e10, D the integer of the digits.
  const e10 = exp - <i32>n;
  if (n <= 15) {
    let d: u64 = 0;
    for (let i: u32 = 0; i < n; i++) d = d * 10 + (<u64>load<u8>(p + i) - 0x30);
    const df = <f64>d;
    // Clinger's fast path: both factors exact, one rounding.
    if (e10 >= 0 && e10 <= 22) return df * unchecked(EXACT_POWERS[e10]);
    if (e10 < 0 && e10 >= -22) return df / unchecked(EXACT_POWERS[-e10]);
    if (e10 > 22 && e10 <= 22 + 15 - <i32>n) {
      // D x 10^(e10-22) is still an exact integer below 10^15.
      return df * unchecked(EXACT_POWERS[e10 - 22]) * 1e22;
    }
  }
  return refine(p, n, e10, estimate(p, n, e10));
}

function estimate(p: usize, n: u32, e10: i32): f64 {
  const m = min(n, 19);
  let w: u64 = 0;
  for (let i: u32 = 0; i < m; i++) w = w * 10 + (<u64>load<u8>(p + i) - 0x30);
  const e = e10 + <i32>(n - m);
  if (e < -300) return <f64>w * 1e-300 * pow10Estimate(e + 300);
  return <f64>w * pow10Estimate(e);
}

/**
 * Moves the estimate z one step at a time until it is the double nearest to
 * D x 10^e10, comparing exactly against the midpoints between neighbours.
 */
function refine(p: usize, n: u32, e10: i32, z: f64): f64 {
  // An estimate that overflowed may still belong to a finite value near the top of the range.
  if (!isFinite(z)) z = f64.MAX_VALUE;
  const mark = heapMark();
  // D x 10^e10 scaled to an integer: D x 10^max(e10,0); the other side carries 10^max(-e10,0).
  const lhsBase = bigFromDigits(p, n);
  if (e10 > 0) bigMulPow10(lhsBase, <u32>e10);
  for (let steps = 0; steps < 4096; steps++) {
    if (!isFinite(z)) break;
    const bits = reinterpret<u64>(z);
    const be = <i32>((bits >> 52) & 0x7ff);
    let m = bits & 0xfffffffffffff;
    let k: i32;
    if (be == 0) {
      k = -1074;
    } else {
      m |= 1 << 52;
      k = be - 1075;
    }
    // Upper midpoint: (2m + 1) x 2^(k-1).
    const c = compareScaled(lhsBase, e10, 2 * m + 1, k - 1);
    if (c > 0 || (c == 0 && (m & 1) != 0)) {
      z = reinterpret<f64>(bits + 1);
      if (c == 0) break;
      continue;
    }
    if (c == 0) break;
    if (m == 0) break;
    // Lower midpoint; below a power of two the gap to the previous double is half as wide.
    const lowerGapHalved = m == 1 << 52 && be > 1;
    const cl = lowerGapHalved
      ? compareScaled(lhsBase, e10, 4 * m - 1, k - 2)
      : compareScaled(lhsBase, e10, 2 * m - 1, k - 1);
    if (cl < 0 || (cl == 0 && (m & 1) != 0)) {
      z = reinterpret<f64>(bits - 1);
      if (cl == 0) break;
      continue;
    }
    break;
  }
  heapRelease(mark);
  return z;
}

/** Compares D x 10^e10 (lhsBase already holds D x 10^max(e10,0)) with mid x 2^e2. */
function compareScaled(lhsBase: Big, e10: i32, mid: u64, e2: i32): i32 {
  const mark = heapMark();
  const lhs = bigCopy(lhsBase);
  if (e2 < 0) bigShl(lhs, <u32>-e2);
  const rhs = bigFromU64(mid);
  if (e10 < 0) bigMulPow10(rhs, <u32>-e10);
  if (e2 > 0) bigShl(rhs, <u32>e2);
  const c = bigCompare(lhs, rhs);
  heapRelease(mark);
  return c;
}

/**
 * Writes the shortest digits that read back as x (x > 0, finite) to `out`
 * (room for 17 bytes) and returns the decimal exponent: x ~ 0.DIGITS x 10^exp.
 * The digit count is returned through `count`.
 */
export function shortestDigits(x: f64, out: usize, count: usize): i32 {
  const mark = heapMark();
  const bits = reinterpret<u64>(x);
  const be = <i32>((bits >> 52) & 0x7ff);
  const mant = bits & 0xfffffffffffff;
  let f: u64;
  let e: i32;
  if (be == 0) {
    f = mant;
    e = -1074;
  } else {
    f = mant | (1 << 52);
    e = be - 1075;
  }
  const even = (f & 1) == 0;
  const unequalGaps = mant == 0 && be > 1;
  let r = bigFromU64(f);
  let s = bigNew(40);
  let mPlus = bigNew(40);
  let mMinus = bigNew(40);
  if (e >= 0) {
    bigShl(r, <u32>e + (unequalGaps ? 2 : 1));
    bigSetU64(s, unequalGaps ? 4 : 2);
    bigSetU64(mPlus, 1);
    bigShl(mPlus, <u32>e + (unequalGaps ? 1 : 0));
    bigSetU64(mMinus, 1);
    bigShl(mMinus, <u32>e);
  } else {
    bigShl(r, unequalGaps ? 2 : 1);
    bigSetU64(s, 1);
    bigShl(s, <u32>(unequalGaps ? 2 - e : 1 - e));
    bigSetU64(mPlus, unequalGaps ? 2 : 1);
    bigSetU64(mMinus, 1);
  }
  // Estimate k = ceil(log10(x)); the fixup below corrects an estimate one too small.
  const bitLen = 64 - <i32>clz(f);
  let k = <i32>Math.ceil(<f64>(e + bitLen - 1) * 0.30102999566398114 - 1e-10);
  if (k >= 0) bigMulPow10(s, <u32>k);
  else {
    bigMulPow10(r, <u32>-k);
    bigMulPow10(mPlus, <u32>-k);
    bigMulPow10(mMinus, <u32>-k);
  }
  const scratch = bigNew(s.len + 2);
  if (reachesHigh(r, mPlus, s, even, scratch)) {
    k++;
  } else {
    bigMulAddSmall(r, 10, 0);
    bigMulAddSmall(mPlus, 10, 0);
    bigMulAddSmall(mMinus, 10, 0);
  }
  let n: u32 = 0;
  while (true) {
    let d: u32 = 0;
    while (bigCompare(r, s) >= 0) {
      bigSub(r, s);
      d++;
    }
    const c = bigCompare(r, mMinus);
    const low = even ? c <= 0 : c < 0;
    const high = reachesHigh(r, mPlus, s, even, scratch);
    if (!low && !high) {
      store<u8>(out + n++, <u8>(0x30 + d));
      bigMulAddSmall(r, 10, 0);
      bigMulAddSmall(mPlus, 10, 0);
      bigMulAddSmall(mMinus, 10, 0);
      continue;
    }
    if (low && high) {
      // Both neighbours qualify: take the nearer, the even digit on a tie.
      bigSetU64(scratch, 0);
      bigAdd(scratch, r);
      bigAdd(scratch, r);
      const c2 = bigCompare(scratch, s);
      if (c2 > 0 || (c2 == 0 && (d & 1) != 0)) d++;
    } else if (high) {
      d++;
    }
    store<u8>(out + n++, <u8>(0x30 + d));
    break;
  }
  store<u32>(count, n);
  heapRelease(mark);
  return k;
}

/** r + m+ >= s (or > s when the boundary is excluded). */
function reachesHigh(r: Big, mPlus: Big, s: Big, inclusive: bool, scratch: Big): bool {
  bigSetU64(scratch, 0);
  bigAdd(scratch, r);
  bigAdd(scratch, mPlus);
  const c = bigCompare(scratch, s);
  return inclusive ? c >= 0 : c > 0;
}
