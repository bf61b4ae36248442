/**
 * 32-bit murmur3 (x86 variant, seed 0) exactly as Guava's Hashing.murmur3_32 computes it, which
 * is what Iceberg's bucket transform uses (spec Appendix B). Results are signed 32-bit ints.
 */
const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

function mixK1(k: number): number {
  let k1 = Math.imul(k, C1);
  k1 = (k1 << 15) | (k1 >>> 17);
  return Math.imul(k1, C2);
}

function mixH1(h: number, k1: number): number {
  let h1 = h ^ k1;
  h1 = (h1 << 13) | (h1 >>> 19);
  return (Math.imul(h1, 5) + 0xe6546b64) | 0;
}

function fmix(h: number, length: number): number {
  let h1 = h ^ length;
  h1 ^= h1 >>> 16;
  h1 = Math.imul(h1, 0x85ebca6b);
  h1 ^= h1 >>> 13;
  h1 = Math.imul(h1, 0xc2b2ae35);
  h1 ^= h1 >>> 16;
  return h1 | 0;
}

export function murmur3Hash32(bytes: Uint8Array): number {
  let h1 = 0;
  const blocks = bytes.length >>> 2;
  for (let i = 0; i < blocks; i++) {
    const o = i * 4;
    const k =
      (bytes[o] as number) |
      ((bytes[o + 1] as number) << 8) |
      ((bytes[o + 2] as number) << 16) |
      ((bytes[o + 3] as number) << 24);
    h1 = mixH1(h1, mixK1(k));
  }
  const tail = blocks * 4;
  const rest = bytes.length & 3;
  if (rest > 0) {
    let k1 = 0;
    if (rest === 3) k1 ^= (bytes[tail + 2] as number) << 16;
    if (rest >= 2) k1 ^= (bytes[tail + 1] as number) << 8;
    k1 ^= bytes[tail] as number;
    h1 ^= mixK1(k1);
  }
  return fmix(h1, bytes.length);
}

/** Hash of a long as its 8 little-endian bytes (ints and dates are hashed as longs). */
export function murmur3HashLong(value: bigint): number {
  const buf = Buffer.alloc(8);
  buf.writeBigInt64LE(BigInt.asIntN(64, value));
  return murmur3Hash32(buf);
}
