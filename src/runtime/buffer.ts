// A growable byte buffer on the heap, for dumps, error messages and strings
// built piecewise. The bytes are allocated after the header, so a buffer
// that is the last thing allocated grows in place without copying.
import { alloc, realloc } from './heap';

// @ts-ignore: decorator
@unmanaged
export class Buf {
  data: usize;
  len: u32;
  cap: u32;
}

export function bufNew(cap: u32): Buf {
  const b = changetype<Buf>(alloc(offsetof<Buf>()));
  if (cap < 16) cap = 16;
  b.data = alloc(cap);
  b.len = 0;
  b.cap = cap;
  return b;
}

/** Makes room for `extra` more bytes. */
// @ts-ignore: decorator
@inline
export function bufReserve(b: Buf, extra: u32): void {
  if (b.len + extra > b.cap) bufGrow(b, extra);
}

function bufGrow(b: Buf, extra: u32): void {
  let cap = b.cap << 1;
  const need = b.len + extra;
  if (cap < need) cap = need;
  b.data = realloc(b.data, b.cap, cap);
  b.cap = cap;
}

// @ts-ignore: decorator
@inline
export function bufByte(b: Buf, c: u32): void {
  if (b.len >= b.cap) bufGrow(b, 1);
  store<u8>(b.data + b.len, <u8>c);
  b.len++;
}

/** Appends a byte without checking capacity (after bufReserve). */
// @ts-ignore: decorator
@inline
export function bufByteUnchecked(b: Buf, c: u32): void {
  store<u8>(b.data + b.len, <u8>c);
  b.len++;
}

export function bufBytes(b: Buf, p: usize, n: u32): void {
  bufReserve(b, n);
  memory.copy(b.data + b.len, p, n);
  b.len += n;
}

/** Appends an ASCII string literal (AssemblyScript strings are UTF-16). */
export function bufAscii(b: Buf, s: string): void {
  const n = <u32>s.length;
  bufReserve(b, n);
  const src = changetype<usize>(s);
  for (let i: u32 = 0; i < n; i++) store<u8>(b.data + b.len + i, <u8>load<u16>(src + ((<usize>i) << 1)));
  b.len += n;
}

/** Appends the decimal digits of an integer. */
export function bufI64(b: Buf, v: i64): void {
  if (v < 0) {
    bufByte(b, 0x2d);
    bufU64(b, <u64>-v);
  } else {
    bufU64(b, <u64>v);
  }
}

export function bufU64(b: Buf, v: u64): void {
  // i64.MIN_VALUE negated is itself, which reads correctly as u64.
  let digits: u32 = 1;
  for (let t = v; t >= 10; t /= 10) digits++;
  bufReserve(b, digits);
  let p = b.data + b.len + digits;
  do {
    p--;
    store<u8>(p, <u8>(0x30 + <u32>(v % 10)));
    v /= 10;
  } while (v != 0);
  b.len += digits;
}

/** Appends a NUL and returns the C string. */
export function bufCString(b: Buf): usize {
  bufByte(b, 0);
  return b.data;
}
