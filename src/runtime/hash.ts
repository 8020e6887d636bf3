// Hash functions (MurmurHash3's 32-bit mixing), used by object and set
// indexes. Hashes must agree with equality (see compare.ts).

// @ts-ignore: decorator
@inline
export function finalize(h: u32): u32 {
  h ^= h >> 16;
  h *= 0x85ebca6b;
  h ^= h >> 13;
  h *= 0xc2b2ae35;
  h ^= h >> 16;
  return h;
}

// @ts-ignore: decorator
@inline
function mixBlock(h: u32, k: u32): u32 {
  k *= 0xcc9e2d51;
  k = rotl<u32>(k, 15);
  k *= 0x1b873593;
  h ^= k;
  h = rotl<u32>(h, 13);
  return h * 5 + 0xe6546b64;
}

export function hashBytes(p: usize, n: u32, seed: u32): u32 {
  let h = seed;
  let i: u32 = 0;
  for (; i + 4 <= n; i += 4) h = mixBlock(h, load<u32>(p + i));
  let k: u32 = 0;
  switch (n & 3) {
    case 3:
      k ^= (<u32>load<u8>(p + i + 2)) << 16;
    case 2:
      k ^= (<u32>load<u8>(p + i + 1)) << 8;
    case 1:
      k ^= <u32>load<u8>(p + i);
      k *= 0xcc9e2d51;
      k = rotl<u32>(k, 15);
      k *= 0x1b873593;
      h ^= k;
  }
  return finalize(h ^ n);
}

export function hashU64(v: u64, seed: u32): u32 {
  let h = mixBlock(seed, <u32>v);
  h = mixBlock(h, <u32>(v >> 32));
  return finalize(h ^ 8);
}

/** Combines an ordered sequence of hashes (arrays). */
// @ts-ignore: decorator
@inline
export function combineOrdered(h: u32, x: u32): u32 {
  return mixBlock(h, x);
}
