/**
 * Conjugate-gradient steps on the implicit normal equations of one row, without forming the k × k
 * matrix (the fast path of Takács et al. 2011, as benfred/implicit does it):
 *
 *   A x = YᵀY x + Σ_i c₁_i (y_iᵀx) y_i + λ x,     b = Σ_{r_i > 0} (1 + c₁_i) y_i
 *
 * with c₁_i = α|r_i|. Starts from the current x (warm start from the previous iteration), runs
 * `steps` iterations (3 is plenty when warm) and writes x back. O(steps · (k² + n_u·k)) per row
 * instead of Cholesky's O(n_u·k² + k³).
 *
 * `work` needs 4k float64: r, p, Ap, x. `unobservedWeight` α₀ (Rendle's variant, default 1 =
 * Spark's) turns A into α₀·YᵀY + Σ_i (c_i − α₀) y_i y_iᵀ + λ I with c_i = 1 + α|r_i|.
 */
export function cgImplicitRow(
  YtY: Float64Array,
  src: Float32Array,
  indices: Int32Array,
  values: Float32Array,
  start: number,
  end: number,
  k: number,
  alpha: number,
  lambda: number,
  dst: Float32Array,
  dstOff: number,
  steps: number,
  work: Float64Array,
  unobservedWeight = 1,
): void {
  const r = work.subarray(0, k);
  const p = work.subarray(k, 2 * k);
  const Ap = work.subarray(2 * k, 3 * k);
  const x = work.subarray(3 * k, 4 * k);
  for (let a = 0; a < k; a++) x[a] = dst[dstOff + a]!;
  // r = b − A x
  applyImplicit(YtY, src, indices, values, start, end, k, alpha, lambda, x, r, unobservedWeight);
  for (let a = 0; a < k; a++) r[a] = -r[a]!;
  for (let e = start; e < end; e++) {
    const rating = values[e]!;
    if (rating > 0) {
      const c = 1 + alpha * Math.abs(rating);
      const o = indices[e]! * k;
      for (let a = 0; a < k; a++) r[a]! += c * src[o + a]!;
    }
  }
  for (let a = 0; a < k; a++) p[a] = r[a]!;
  let rsold = dot(r, r, k);
  for (let s = 0; s < steps && rsold > 1e-20; s++) {
    applyImplicit(YtY, src, indices, values, start, end, k, alpha, lambda, p, Ap, unobservedWeight);
    const pAp = dot(p, Ap, k);
    if (!(pAp > 0)) break;
    const step = rsold / pAp;
    for (let a = 0; a < k; a++) {
      x[a]! += step * p[a]!;
      r[a]! -= step * Ap[a]!;
    }
    const rsnew = dot(r, r, k);
    const beta = rsnew / rsold;
    for (let a = 0; a < k; a++) p[a] = r[a]! + beta * p[a]!;
    rsold = rsnew;
  }
  for (let a = 0; a < k; a++) dst[dstOff + a] = x[a]!;
}

/** out = (α₀·YᵀY + Σ (c − α₀) y yᵀ + λ I) v, c = 1 + α|r| (α₀ = 1: Σ c₁ y yᵀ with c₁ = α|r|) */
function applyImplicit(
  YtY: Float64Array,
  src: Float32Array,
  indices: Int32Array,
  values: Float32Array,
  start: number,
  end: number,
  k: number,
  alpha: number,
  lambda: number,
  v: Float64Array,
  out: Float64Array,
  a0: number,
): void {
  for (let a = 0; a < k; a++) {
    let s = lambda * v[a]!;
    const row = a * k;
    for (let j = 0; j < k; j++) s += a0 * YtY[row + j]! * v[j]!;
    out[a] = s;
  }
  for (let e = start; e < end; e++) {
    const c1 = alpha * Math.abs(values[e]!) + (1 - a0);
    if (c1 === 0) continue;
    const o = indices[e]! * k;
    let yv = 0;
    for (let a = 0; a < k; a++) yv += src[o + a]! * v[a]!;
    const w = c1 * yv;
    for (let a = 0; a < k; a++) out[a]! += w * src[o + a]!;
  }
}

function dot(a: Float64Array, b: Float64Array, k: number): number {
  let s = 0;
  for (let i = 0; i < k; i++) s += a[i]! * b[i]!;
  return s;
}
