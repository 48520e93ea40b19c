import { choleskySolve } from './cholesky.js';

/**
 * iALS++ (Rendle, Krichene, Zhang, Koren 2021, "iALS++: Speeding up Matrix Factorization with
 * Subspace Optimization"): one sweep of subspace block coordinate descent over the implicit normal
 * equations of one row,
 *
 *   A x = b,   A = YᵀY + Σ_i c₁_i y_i y_iᵀ + λ I,   b = Σ_{r_i > 0} (1 + c₁_i) y_i,   c₁_i = α|r_i|
 *
 * (the system of update-factors.ts). The k coordinates are cut into blocks B of `blockSize`; each
 * block in turn is solved exactly with the others held, x_B += A_BB⁻¹ (b − A x)_B, by a Cholesky
 * factorisation of the |B| × |B| matrix
 *
 *   A_BB = (YᵀY)_BB + Σ_i c₁_i y_i[B] y_i[B]ᵀ + λ I,
 *   (b − A x)_B = Σ_i ([r_i > 0](1 + c₁_i) − c₁_i ŷ_i) y_i[B] − (YᵀY x)_B − λ x_B,
 *
 * keeping the predictions ŷ_i = y_iᵀx and g = YᵀY x current after each block (O(n·|B|) and
 * O(k·|B|)). A sweep costs O(n·k·|B| + k·|B|² ) against Cholesky's O(n·k² + k³); with |B| = k it
 * is the exact solve, with |B| = 1 coordinate descent (iCD). Each block step lowers the row's
 * quadratic objective (an exact minimisation over a subspace of a convex quadratic).
 *
 * Starts from the current row of `dst` (warm start) and writes it back. `work` needs
 * n + 2k + b² + b float64 (n = end − start, b = blockSize): predictions, x, g, A_BB, rhs.
 * Returns false when an A_BB is not positive definite.
 */
export function ialsppImplicitRow(
  YtY: Float64Array,
  src: Float32Array,
  indices: Int32Array,
  values: Float32Array,
  start: number,
  end: number,
  k: number,
  alpha: number,
  lambda: number,
  blockSize: number,
  dst: Float32Array,
  dstOff: number,
  work: Float64Array,
): boolean {
  const n = end - start;
  const b = Math.min(blockSize, k);
  const pred = work.subarray(0, n);
  const x = work.subarray(n, n + k);
  const g = work.subarray(n + k, n + 2 * k);
  const A = work.subarray(n + 2 * k, n + 2 * k + b * b);
  const rhs = work.subarray(n + 2 * k + b * b, n + 2 * k + b * b + b);
  for (let a = 0; a < k; a++) x[a] = dst[dstOff + a]!;
  for (let e = start; e < end; e++) {
    const o = indices[e]! * k;
    let s = 0;
    for (let a = 0; a < k; a++) s += src[o + a]! * x[a]!;
    pred[e - start] = s;
  }
  for (let a = 0; a < k; a++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += YtY[a * k + j]! * x[j]!;
    g[a] = s;
  }
  for (let j0 = 0; j0 < k; j0 += b) {
    const bs = Math.min(b, k - j0);
    for (let p = 0; p < bs; p++) {
      for (let q = 0; q < bs; q++) A[p * bs + q] = YtY[(j0 + p) * k + j0 + q]! + (p === q ? lambda : 0);
      rhs[p] = -g[j0 + p]! - lambda * x[j0 + p]!;
    }
    for (let e = start; e < end; e++) {
      const rating = values[e]!;
      const c1 = alpha * Math.abs(rating);
      const w = (rating > 0 ? 1 + c1 : 0) - c1 * pred[e - start]!;
      const o = indices[e]! * k + j0;
      for (let p = 0; p < bs; p++) {
        const yp = src[o + p]!;
        rhs[p]! += w * yp;
        if (c1 === 0) continue;
        for (let q = 0; q <= p; q++) A[p * bs + q]! += c1 * yp * src[o + q]!;
      }
    }
    if (!choleskySolve(A, rhs, bs)) return false;
    // rhs now holds δ_B
    for (let p = 0; p < bs; p++) x[j0 + p]! += rhs[p]!;
    for (let e = start; e < end; e++) {
      const o = indices[e]! * k + j0;
      let s = 0;
      for (let p = 0; p < bs; p++) s += src[o + p]! * rhs[p]!;
      pred[e - start]! += s;
    }
    for (let a = 0; a < k; a++) {
      let s = 0;
      for (let p = 0; p < bs; p++) s += YtY[a * k + j0 + p]! * rhs[p]!;
      g[a]! += s;
    }
  }
  for (let a = 0; a < k; a++) dst[dstOff + a] = x[a]!;
  return true;
}

/** Float64 values `ialsppImplicitRow` needs in `work` for a row of `n` entries. */
export function ialsppWorkLength(n: number, k: number, blockSize: number): number {
  const b = Math.min(blockSize, k);
  return n + 2 * k + b * b + b;
}
