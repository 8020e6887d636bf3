// Eight bytes at a time: finding the first byte a JSON string scanner must
// look at (a quote, a backslash, a control character or a non-ASCII byte).

const ONES: u64 = 0x0101010101010101;
const HIGHS: u64 = 0x8080808080808080;

/**
 * A mask with the high bit set in (at least) the lowest byte of w that is
 * '"', '\\', below 0x20 or above 0x7f; 0 when there is none. Bits above the
 * lowest flagged byte may be spurious, so only its position is meaningful.
 */
// @ts-ignore: decorator
@inline
export function specialBytes(w: u64): u64 {
  const quote = w ^ 0x2222222222222222;
  const backslash = w ^ 0x5c5c5c5c5c5c5c5c;
  return (
    (((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | ((w - 0x2020202020202020) & ~w) | w) &
    HIGHS
  );
}

/** The byte index (0-7) of the lowest flagged byte of a non-zero mask. */
// @ts-ignore: decorator
@inline
export function firstFlagged(mask: u64): u32 {
  return <u32>ctz(mask) >> 3;
}
