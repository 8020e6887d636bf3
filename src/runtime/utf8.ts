// UTF-8 decoding and encoding, with Go's rules: an invalid byte decodes as
// U+FFFD and advances by one byte, so every byte string has a decoding.
import { Buf, bufByte, bufReserve } from './buffer';

export const REPLACEMENT: u32 = 0xfffd;

/**
 * The length of the valid UTF-8 sequence starting at p (before end), or 0 if
 * the bytes there are not one (overlong forms, surrogates and values above
 * U+10FFFF are invalid).
 */
export function validSequenceLength(p: usize, end: usize): u32 {
  const b0 = <u32>load<u8>(p);
  if (b0 < 0x80) return 1;
  if (b0 < 0xc2) return 0;
  if (b0 < 0xe0) {
    if (p + 1 >= end) return 0;
    return isContinuation(load<u8>(p + 1)) ? 2 : 0;
  }
  if (b0 < 0xf0) {
    if (p + 2 >= end) return 0;
    const b1 = <u32>load<u8>(p + 1);
    let lo: u32 = 0x80;
    let hi: u32 = 0xbf;
    if (b0 == 0xe0) lo = 0xa0;
    else if (b0 == 0xed) hi = 0x9f;
    if (b1 < lo || b1 > hi) return 0;
    return isContinuation(load<u8>(p + 2)) ? 3 : 0;
  }
  if (b0 < 0xf5) {
    if (p + 3 >= end) return 0;
    const b1 = <u32>load<u8>(p + 1);
    let lo: u32 = 0x80;
    let hi: u32 = 0xbf;
    if (b0 == 0xf0) lo = 0x90;
    else if (b0 == 0xf4) hi = 0x8f;
    if (b1 < lo || b1 > hi) return 0;
    return isContinuation(load<u8>(p + 2)) && isContinuation(load<u8>(p + 3)) ? 4 : 0;
  }
  return 0;
}

// @ts-ignore: decorator
@inline
function isContinuation(b: u8): bool {
  return (b & 0xc0) == 0x80;
}

// The decoder returns the code point and stores the sequence length here.
let decodedLength: u32 = 0;

/** The length of the sequence read by the last decode(). */
// @ts-ignore: decorator
@inline
export function lastLength(): u32 {
  return decodedLength;
}

/** Decodes one code point at p (p < end); invalid bytes give U+FFFD with length 1. */
export function decode(p: usize, end: usize): u32 {
  const b0 = <u32>load<u8>(p);
  if (b0 < 0x80) {
    decodedLength = 1;
    return b0;
  }
  const n = validSequenceLength(p, end);
  decodedLength = n == 0 ? 1 : n;
  if (n == 0) return REPLACEMENT;
  if (n == 2) return ((b0 & 0x1f) << 6) | (<u32>load<u8>(p + 1) & 0x3f);
  if (n == 3)
    return ((b0 & 0x0f) << 12) | ((<u32>load<u8>(p + 1) & 0x3f) << 6) | (<u32>load<u8>(p + 2) & 0x3f);
  return (
    ((b0 & 0x07) << 18) |
    ((<u32>load<u8>(p + 1) & 0x3f) << 12) |
    ((<u32>load<u8>(p + 2) & 0x3f) << 6) |
    (<u32>load<u8>(p + 3) & 0x3f)
  );
}

/** The number of code points (Go's utf8.RuneCount: each invalid byte counts as one). */
export function countCodePoints(p: usize, n: u32): u32 {
  const end = p + n;
  let count: u32 = 0;
  while (p < end) {
    const b = load<u8>(p);
    if (b < 0x80) p++;
    else {
      const len = validSequenceLength(p, end);
      p += len == 0 ? 1 : len;
    }
    count++;
  }
  return count;
}

/** The byte offset of the code point with index `cp` (or n when past the end). */
export function offsetOfCodePoint(p: usize, n: u32, cp: u32): u32 {
  const end = p + n;
  let q = p;
  while (cp > 0 && q < end) {
    const b = load<u8>(q);
    if (b < 0x80) q++;
    else {
      const len = validSequenceLength(q, end);
      q += len == 0 ? 1 : len;
    }
    cp--;
  }
  return <u32>(q - p);
}

/** Appends the UTF-8 encoding of cp (surrogates and out-of-range values become U+FFFD). */
export function encode(out: Buf, cp: u32): void {
  if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) cp = REPLACEMENT;
  if (cp < 0x80) {
    bufByte(out, cp);
    return;
  }
  bufReserve(out, 4);
  const p = out.data + out.len;
  if (cp < 0x800) {
    store<u8>(p, <u8>(0xc0 | (cp >> 6)));
    store<u8>(p + 1, <u8>(0x80 | (cp & 0x3f)));
    out.len += 2;
  } else if (cp < 0x10000) {
    store<u8>(p, <u8>(0xe0 | (cp >> 12)));
    store<u8>(p + 1, <u8>(0x80 | ((cp >> 6) & 0x3f)));
    store<u8>(p + 2, <u8>(0x80 | (cp & 0x3f)));
    out.len += 3;
  } else {
    store<u8>(p, <u8>(0xf0 | (cp >> 18)));
    store<u8>(p + 1, <u8>(0x80 | ((cp >> 12) & 0x3f)));
    store<u8>(p + 2, <u8>(0x80 | ((cp >> 6) & 0x3f)));
    store<u8>(p + 3, <u8>(0x80 | (cp & 0x3f)));
    out.len += 4;
  }
}
