/**
 * Factor matrices live in WASM memory with rows padded from k to kp (a multiple of 4) floats,
 * zeros in the padding, so SIMD loops need no scalar tail:
 *
 *   k = 3, kp = 4:   [a0 a1 a2 0 | b0 b1 b2 0 | …]
 */

/** Writes the n × k row-major `src` into `dst` from element `at` as n × kp, zero-padded. */
export function writePadded(dst: Float32Array, at: number, src: Float32Array, n: number, k: number, kp: number): void {
  if (k === kp) {
    dst.set(src.subarray(0, n * k), at);
    return;
  }
  for (let r = 0; r < n; r++) {
    const o = at + r * kp;
    dst.set(src.subarray(r * k, r * k + k), o);
    dst.fill(0, o + k, o + kp);
  }
}

/** Copies the n × kp matrix at element `at` of `src` out as a fresh n × k Float32Array. */
export function readPadded(src: Float32Array, at: number, n: number, k: number, kp: number): Float32Array {
  if (k === kp) return src.slice(at, at + n * k);
  const out = new Float32Array(n * k);
  for (let r = 0; r < n; r++) out.set(src.subarray(at + r * kp, at + r * kp + k), r * k);
  return out;
}
