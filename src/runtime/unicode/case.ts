// Simple case mapping of one code point (Go's unicode.ToLower/ToUpper).
import { TO_LOWER, TO_LOWER_COUNT, TO_UPPER, TO_UPPER_COUNT } from './case-tables';

function mapCase(table: usize, count: u32, cp: u32): u32 {
  let lo: i32 = 0;
  let hi = <i32>count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const r = table + <usize>mid * 12;
    const first = load<u32>(r) & 0x7fffffff;
    if (cp < first) {
      hi = mid - 1;
    } else if (cp > load<u32>(r, 4)) {
      lo = mid + 1;
    } else {
      const strideTwo = (load<u32>(r) & 0x80000000) != 0;
      if (strideTwo && ((cp - first) & 1) != 0) return cp;
      return <u32>(<i32>cp + load<i32>(r, 8));
    }
  }
  return cp;
}

export function toLower(cp: u32): u32 {
  if (cp < 0x80) return cp >= 0x41 && cp <= 0x5a ? cp + 32 : cp;
  return mapCase(TO_LOWER, TO_LOWER_COUNT, cp);
}

export function toUpper(cp: u32): u32 {
  if (cp < 0x80) return cp >= 0x61 && cp <= 0x7a ? cp - 32 : cp;
  return mapCase(TO_UPPER, TO_UPPER_COUNT, cp);
}

/** Go's unicode.IsSpace. */
export function isSpace(cp: u32): bool {
  if (cp < 0x100) return cp == 0x20 || (cp >= 0x09 && cp <= 0x0d) || cp == 0x85 || cp == 0xa0;
  return (
    cp == 0x1680 ||
    (cp >= 0x2000 && cp <= 0x200a) ||
    cp == 0x2028 ||
    cp == 0x2029 ||
    cp == 0x202f ||
    cp == 0x205f ||
    cp == 0x3000
  );
}
