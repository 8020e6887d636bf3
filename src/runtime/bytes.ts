// Byte-string helpers.

/** True if the n bytes at a and b are equal. */
export function bytesEqual(a: usize, b: usize, n: u32): bool {
  let i: u32 = 0;
  for (; i + 8 <= n; i += 8) {
    if (load<u64>(a + i) != load<u64>(b + i)) return false;
  }
  for (; i < n; i++) {
    if (load<u8>(a + i) != load<u8>(b + i)) return false;
  }
  return true;
}

/** Byte-wise comparison (Go's string order, which is also code point order for UTF-8). */
export function bytesCompare(a: usize, an: u32, b: usize, bn: u32): i32 {
  const n = min(an, bn);
  let i: u32 = 0;
  for (; i + 8 <= n; i += 8) {
    const x = load<u64>(a + i);
    const y = load<u64>(b + i);
    if (x != y) {
      // The first differing byte decides: find it through the lowest set bit of the difference.
      const shift = <u64>(ctz(x ^ y) & ~7);
      const bx = <u32>((x >> shift) & 0xff);
      const by = <u32>((y >> shift) & 0xff);
      return bx < by ? -1 : 1;
    }
  }
  for (; i < n; i++) {
    const x = <u32>load<u8>(a + i);
    const y = <u32>load<u8>(b + i);
    if (x != y) return x < y ? -1 : 1;
  }
  return an == bn ? 0 : an < bn ? -1 : 1;
}
