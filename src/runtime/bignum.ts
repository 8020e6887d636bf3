// Unsigned arbitrary-precision integers (little-endian 32-bit limbs on the
// heap), for what must be exact: integer arithmetic beyond 64 bits, and the
// correctly rounded conversions between decimal text and doubles.
import { Buf, bufByte, bufReserve } from './buffer';
import { alloc, realloc } from './heap';

// @ts-ignore: decorator
@unmanaged
export class Big {
  /** Limbs in use; the top one is never zero (zero has len 0). */
  len: u32;
  cap: u32;
  limbs: usize;
}

export function bigNew(cap: u32): Big {
  const b = changetype<Big>(alloc(offsetof<Big>()));
  if (cap < 4) cap = 4;
  b.len = 0;
  b.cap = cap;
  b.limbs = alloc((<usize>cap) << 2);
  return b;
}

export function bigFromU64(v: u64): Big {
  const b = bigNew(4);
  bigSetU64(b, v);
  return b;
}

export function bigSetU64(b: Big, v: u64): void {
  store<u32>(b.limbs, <u32>v);
  store<u32>(b.limbs, <u32>(v >> 32), 4);
  b.len = v == 0 ? 0 : v >> 32 == 0 ? 1 : 2;
}

export function bigCopy(a: Big): Big {
  const b = bigNew(a.len + 2);
  memory.copy(b.limbs, a.limbs, (<usize>a.len) << 2);
  b.len = a.len;
  return b;
}

// @ts-ignore: decorator
@inline
function limb(b: Big, i: u32): u32 {
  return load<u32>(b.limbs + ((<usize>i) << 2));
}

// @ts-ignore: decorator
@inline
function setLimb(b: Big, i: u32, v: u32): void {
  store<u32>(b.limbs + ((<usize>i) << 2), v);
}

function reserve(b: Big, cap: u32): void {
  if (cap <= b.cap) return;
  const newCap = max(cap, b.cap << 1);
  b.limbs = realloc(b.limbs, (<usize>b.cap) << 2, (<usize>newCap) << 2);
  b.cap = newCap;
}

function trim(b: Big): void {
  let n = b.len;
  while (n > 0 && limb(b, n - 1) == 0) n--;
  b.len = n;
}

export function bigIsZero(b: Big): bool {
  return b.len == 0;
}

/** The value when it fits 64 bits (check bigFitsU64 first). */
export function bigToU64(b: Big): u64 {
  if (b.len == 0) return 0;
  if (b.len == 1) return limb(b, 0);
  return ((<u64>limb(b, 1)) << 32) | limb(b, 0);
}

export function bigFitsU64(b: Big): bool {
  return b.len <= 2;
}

export function bigBitLength(b: Big): u32 {
  if (b.len == 0) return 0;
  return (b.len - 1) * 32 + (32 - <u32>clz(limb(b, b.len - 1)));
}

export function bigCompare(a: Big, b: Big): i32 {
  if (a.len != b.len) return a.len < b.len ? -1 : 1;
  for (let i = <i32>a.len - 1; i >= 0; i--) {
    const x = limb(a, i);
    const y = limb(b, i);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

/** a += b. */
export function bigAdd(a: Big, b: Big): void {
  const n = max(a.len, b.len);
  reserve(a, n + 1);
  let carry: u64 = 0;
  for (let i: u32 = 0; i < n; i++) {
    const x: u64 = i < a.len ? limb(a, i) : 0;
    const y: u64 = i < b.len ? limb(b, i) : 0;
    const s = x + y + carry;
    setLimb(a, i, <u32>s);
    carry = s >> 32;
  }
  a.len = n;
  if (carry != 0) {
    setLimb(a, n, <u32>carry);
    a.len = n + 1;
  }
}

/** a -= b; requires a >= b. */
export function bigSub(a: Big, b: Big): void {
  let borrow: i64 = 0;
  for (let i: u32 = 0; i < a.len; i++) {
    const y: i64 = i < b.len ? limb(b, i) : 0;
    let d = <i64>limb(a, i) - y - borrow;
    borrow = d < 0 ? 1 : 0;
    if (d < 0) d += 0x100000000;
    setLimb(a, i, <u32>d);
  }
  trim(a);
}

/** a = a * m + add. */
export function bigMulAddSmall(a: Big, m: u32, add: u32): void {
  let carry: u64 = add;
  for (let i: u32 = 0; i < a.len; i++) {
    const p = <u64>limb(a, i) * m + carry;
    setLimb(a, i, <u32>p);
    carry = p >> 32;
  }
  if (carry != 0) {
    reserve(a, a.len + 1);
    setLimb(a, a.len, <u32>carry);
    a.len++;
  }
  if (m == 0) trim(a);
}

/** a *= 10^n. */
export function bigMulPow10(a: Big, n: u32): void {
  while (n >= 9) {
    bigMulAddSmall(a, 1000000000, 0);
    n -= 9;
  }
  if (n > 0) bigMulAddSmall(a, <u32>ipow10(n), 0);
}

/** a *= 2^n. */
export function bigShl(a: Big, n: u32): void {
  if (a.len == 0) return;
  const words = n >> 5;
  const bits = n & 31;
  const len = a.len + words + 1;
  reserve(a, len);
  for (let i = <i32>a.len; i >= 0; i--) {
    const hi: u32 = i < <i32>a.len ? limb(a, i) : 0;
    const lo: u32 = i > 0 ? limb(a, i - 1) : 0;
    const v = bits == 0 ? hi : (hi << bits) | (lo >> (32 - bits));
    setLimb(a, <u32>i + words, v);
  }
  for (let i: u32 = 0; i < words; i++) setLimb(a, i, 0);
  a.len = len;
  trim(a);
}

/** The product a * b as a new number. */
export function bigMul(a: Big, b: Big): Big {
  const r = bigNew(a.len + b.len + 1);
  const n = a.len + b.len;
  memory.fill(r.limbs, 0, (<usize>n) << 2);
  for (let i: u32 = 0; i < a.len; i++) {
    let carry: u64 = 0;
    const x = <u64>limb(a, i);
    if (x == 0) continue;
    for (let j: u32 = 0; j < b.len; j++) {
      const t = x * limb(b, j) + limb(r, i + j) + carry;
      setLimb(r, i + j, <u32>t);
      carry = t >> 32;
    }
    setLimb(r, i + b.len, <u32>carry);
  }
  r.len = n;
  trim(r);
  return r;
}

/** a /= d; returns the remainder. */
export function bigDivSmall(a: Big, d: u32): u32 {
  let rem: u64 = 0;
  for (let i = <i32>a.len - 1; i >= 0; i--) {
    const cur = (rem << 32) | limb(a, i);
    setLimb(a, i, <u32>(cur / d));
    rem = cur % d;
  }
  trim(a);
  return <u32>rem;
}

/**
 * Long division: returns floor(a / b) and leaves the remainder in a.
 * Shift-and-subtract, bit by bit: only used where operands are small or rare
 * (integer remainder of big numbers).
 */
export function bigDivMod(a: Big, b: Big): Big {
  const q = bigNew(a.len + 1);
  if (bigCompare(a, b) < 0) return q;
  const shift = bigBitLength(a) - bigBitLength(b);
  const d = bigCopy(b);
  bigShl(d, shift);
  const qlen = (shift >> 5) + 1;
  memory.fill(q.limbs, 0, (<usize>qlen) << 2);
  q.len = qlen;
  for (let i = <i32>shift; i >= 0; i--) {
    if (bigCompare(a, d) >= 0) {
      bigSub(a, d);
      setLimb(q, <u32>i >> 5, limb(q, <u32>i >> 5) | (1 << (<u32>i & 31)));
    }
    bigShr1(d);
  }
  trim(q);
  return q;
}

function bigShr1(a: Big): void {
  for (let i: u32 = 0; i < a.len; i++) {
    const hi: u32 = i + 1 < a.len ? limb(a, i + 1) : 0;
    setLimb(a, i, (limb(a, i) >> 1) | (hi << 31));
  }
  trim(a);
}

/** Parses ASCII decimal digits. */
export function bigFromDigits(p: usize, n: u32): Big {
  const b = bigNew((n >> 3) + 2);
  let i: u32 = 0;
  // The first chunk takes the odd digits so that every further chunk has nine.
  let chunk = n % 9;
  if (chunk == 0) chunk = 9;
  while (i < n) {
    let v: u32 = 0;
    const end = min(i + chunk, n);
    for (let j = i; j < end; j++) v = v * 10 + (<u32>load<u8>(p + j) - 0x30);
    bigMulAddSmall(b, <u32>ipow10(end - i), v);
    i = end;
    chunk = 9;
  }
  return b;
}

/** Appends the decimal digits of a (destroys a). */
export function bigWriteDigits(out: Buf, a: Big): void {
  if (a.len == 0) {
    bufByte(out, 0x30);
    return;
  }
  // Nine digits at a time, least significant first, then reversed in place.
  const start = out.len;
  while (a.len > 0) {
    let r = bigDivSmall(a, 1000000000);
    bufReserve(out, 9);
    for (let k = 0; k < 9; k++) {
      store<u8>(out.data + out.len, <u8>(0x30 + (r % 10)));
      out.len++;
      r /= 10;
      if (a.len == 0 && r == 0) break;
    }
  }
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

export function ipow10(n: u32): u64 {
  let r: u64 = 1;
  for (let i: u32 = 0; i < n; i++) r *= 10;
  return r;
}
