/**
 * Solves A x = b for a symmetric positive definite k × k matrix A (row-major, float64) by Cholesky
 * factorisation A = L Lᵀ, then forward (L z = b) and back (Lᵀ x = z) substitution.
 * A is overwritten by L (lower triangle); b is overwritten by x. Returns false, leaving A and b in
 * an unspecified state, when A is not positive definite (a pivot ≤ 0): the caller reports it with
 * the row and the fix (raise regParam), as implicit's "posv failed" does.
 */
export function choleskySolve(A: Float64Array, b: Float64Array, k: number): boolean {
  for (let j = 0; j < k; j++) {
    const rj = j * k;
    let d = A[rj + j]!;
    for (let p = 0; p < j; p++) d -= A[rj + p]! * A[rj + p]!;
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    A[rj + j] = ljj;
    for (let i = j + 1; i < k; i++) {
      const ri = i * k;
      let s = A[ri + j]!;
      for (let p = 0; p < j; p++) s -= A[ri + p]! * A[rj + p]!;
      A[ri + j] = s / ljj;
    }
  }
  for (let i = 0; i < k; i++) {
    const ri = i * k;
    let s = b[i]!;
    for (let p = 0; p < i; p++) s -= A[ri + p]! * b[p]!;
    b[i] = s / A[ri + i]!;
  }
  for (let i = k - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let p = i + 1; p < k; p++) s -= A[p * k + i]! * b[p]!;
    b[i] = s / A[i * k + i]!;
  }
  return true;
}
