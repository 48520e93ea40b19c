/**
 * Rows scaled to unit Euclidean length, for cosine similarity as a dot product:
 * cos(a, b) = aᵀb / (‖a‖‖b‖) = âᵀb̂ with â = a / ‖a‖. A zero row stays zero (its cosine with
 * anything is then 0, as implicit does by flooring the norm); a row holding NaN stays NaN (never
 * ranked). Norms are summed in float64.
 */
export function unitRows(F: Float32Array, rank: number): Float32Array {
  const n = F.length / rank;
  const out = new Float32Array(F.length);
  for (let r = 0; r < n; r++) {
    const o = r * rank;
    let s = 0;
    for (let a = 0; a < rank; a++) s += F[o + a]! * F[o + a]!;
    const inv = s > 0 ? 1 / Math.sqrt(s) : s === 0 ? 0 : NaN;
    for (let a = 0; a < rank; a++) out[o + a] = F[o + a]! * inv;
  }
  return out;
}

const cache = new WeakMap<Float32Array, Float32Array>();

/**
 * `unitRows(F)` computed once per factor array and kept while `F` lives (factor arrays are not
 * changed in place once a model holds them), so repeated similar-item calls skip the O(n·rank) pass.
 */
export function cachedUnitRows(F: Float32Array, rank: number): Float32Array {
  let u = cache.get(F);
  if (!u) {
    u = unitRows(F, rank);
    cache.set(F, u);
  }
  return u;
}
