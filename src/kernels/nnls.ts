/**
 * Non-negative least squares on the normal equations: minimise ½ xᵀA x − bᵀx subject to x ≥ 0,
 * for symmetric positive definite A (k × k, row-major, float64) — the problem Spark's NNLS solves
 * when `nonnegative` is set. Lawson–Hanson active-set method: move the variable with the most
 * positive gradient component (b − A x)_j into the free set, solve the free subsystem exactly by
 * Cholesky, and step back along the segment whenever a free variable would turn negative.
 * Writes the solution into `x` and returns true; returns false, with `x` unspecified, when a free
 * subsystem cannot be factored (A is not positive definite): the caller reports it with the row and
 * the fix, as for the unconstrained solve. `work` needs room for 2k² + 3k float64 values.
 */
import { choleskySolve } from './cholesky.js';

export function nnlsSolve(A: Float64Array, b: Float64Array, k: number, x: Float64Array, work?: Float64Array): boolean {
  const w = work ?? new Float64Array(2 * k * k + 3 * k);
  const sub = w.subarray(0, k * k);
  const rhs = w.subarray(k * k, k * k + k);
  const z = w.subarray(k * k + k, k * k + 2 * k);
  const grad = w.subarray(k * k + 2 * k, k * k + 3 * k);
  const free = new Uint8Array(k);
  const freeIdx = new Int32Array(k);
  x.fill(0, 0, k);
  const maxOuter = 3 * k + 10;
  for (let outer = 0; outer < maxOuter; outer++) {
    // gradient of the negative objective: b − A x
    let best = -1;
    let bestVal = 1e-12;
    for (let i = 0; i < k; i++) {
      let s = b[i]!;
      for (let j = 0; j < k; j++) s -= A[i * k + j]! * x[j]!;
      grad[i] = s;
      if (!free[i] && s > bestVal) {
        bestVal = s;
        best = i;
      }
    }
    if (best < 0) return true;
    free[best] = 1;
    for (let inner = 0; inner <= k; inner++) {
      let m = 0;
      for (let i = 0; i < k; i++) if (free[i]) freeIdx[m++] = i;
      for (let p = 0; p < m; p++) {
        const i = freeIdx[p]!;
        rhs[p] = b[i]!;
        for (let q = 0; q < m; q++) sub[p * m + q] = A[i * k + freeIdx[q]!]!;
      }
      if (!choleskySolve(sub, rhs, m)) return false;
      z.fill(0, 0, k);
      let feasible = true;
      for (let p = 0; p < m; p++) {
        z[freeIdx[p]!] = rhs[p]!;
        if (rhs[p]! <= 0) feasible = false;
      }
      if (feasible) {
        for (let i = 0; i < k; i++) x[i] = z[i]!;
        break;
      }
      // step from x towards z as far as feasibility allows, then drop variables that hit zero
      let alpha = 1;
      for (let p = 0; p < m; p++) {
        const i = freeIdx[p]!;
        if (z[i]! <= 0) {
          const a = x[i]! / (x[i]! - z[i]!);
          if (a < alpha) alpha = a;
        }
      }
      for (let i = 0; i < k; i++) {
        x[i] = x[i]! + alpha * (z[i]! - x[i]!);
        if (free[i] && x[i]! <= 1e-15) {
          x[i] = 0;
          free[i] = 0;
        }
      }
    }
  }
  return true;
}
