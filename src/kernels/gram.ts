/**
 * Gram matrix of the rows of a factor matrix: G = YᵀY = Σ_r y_r y_rᵀ, where Y is `n × k` row-major.
 * Used once per half-iteration by implicit ALS (the "all unobserved entries" term of Hu et al.).
 * Accumulates in float64; writes the full symmetric k × k matrix into `out`.
 */
export function gram(Y: Float32Array, n: number, k: number, out: Float64Array): void {
  out.fill(0, 0, k * k);
  for (let r = 0; r < n; r++) {
    const o = r * k;
    for (let a = 0; a < k; a++) {
      const ya = Y[o + a]!;
      if (ya === 0) continue;
      const row = a * k;
      for (let b = 0; b <= a; b++) out[row + b]! += ya * Y[o + b]!;
    }
  }
  for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) out[b * k + a] = out[a * k + b]!;
}
