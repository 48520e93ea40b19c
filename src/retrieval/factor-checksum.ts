/**
 * A 64-bit checksum (hex) of a factor table's bytes and shape, saved beside an index so that an
 * index built from other factors (a retrained model in the same directory) is detected as stale.
 * Two 32-bit multiply–rotate hashes (murmur3's mixing constants) over the float32 words, each with
 * its own seed; not cryptographic — it guards against accidents, not attackers.
 */
export function factorChecksum(F: Float32Array, rank: number): string {
  const words = new Uint32Array(F.buffer, F.byteOffset, F.length);
  let h1 = 0x9747b28c ^ rank;
  let h2 = 0x85ebca6b ^ F.length;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    let k = Math.imul(w, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h1 = Math.imul(((h1 ^ Math.imul(k, 0x1b873593)) << 13) | ((h1 ^ Math.imul(k, 0x1b873593)) >>> 19), 5) + 0xe6546b64;
    h2 = Math.imul(h2 ^ w, 0x2c1b3c6d) + i;
    h2 = (h2 << 11) | (h2 >>> 21);
  }
  return hex(fmix(h1 ^ F.length)) + hex(fmix(h2 ^ rank));
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function hex(h: number): string {
  return (h >>> 0).toString(16).padStart(8, '0');
}
