import { NormalEquation } from './normal-equation.js';
import { choleskySolve } from './cholesky.js';
import { nnlsSolve } from './nnls.js';
import { cgImplicitRow } from './conjugate-gradient.js';

/** How one half-iteration solves its rows. */
export interface UpdateParams {
  rank: number;
  regParam: number;
  implicitPrefs: boolean;
  alpha: number;
  nonnegative: boolean;
  solver: 'cholesky' | 'cg';
  cgSteps: number;
  /**
   * Rendle's implicit variant (TypeScript kernels only; absent = Spark's): α₀, the weight of every
   * unobserved pair (default 1), and the regulariser 'frequency' λ·(n⁺ + α₀·N)^ν (N = `numCols`,
   * the size of the fixed side) instead of 'spark' λ·n⁺.
   */
  unobservedWeight?: number;
  regScaling?: 'spark' | 'frequency';
  regExponent?: number;
}

/**
 * The regulariser of a row with `count` entries (n, or n⁺ for implicit) over `numCols` columns:
 * Spark's λ·count (ALS-WR), or Rendle's λ·(count + α₀·numCols)^ν.
 */
export function rowLambda(params: UpdateParams, count: number, numCols: number): number {
  if (params.regScaling !== 'frequency') return params.regParam * count;
  return params.regParam * Math.pow(count + (params.unobservedWeight ?? 1) * numCols, params.regExponent ?? 1);
}

/** The rows being updated, as CSR over the fixed side: row r's entries are indices[indptr[r]..indptr[r+1]). */
export interface RowBlock {
  indptr: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

/**
 * One half-step of ALS for rows [rowStart, rowEnd): each destination row x_r is the solution of
 *
 *   explicit:  (Σ_i y_i y_iᵀ + λ·n_r·I) x_r = Σ_i r_ri y_i                      (ALS-WR)
 *   implicit:  (YᵀY + Σ_i c₁_ri y_i y_iᵀ + λ·n⁺_r·I) x_r = Σ_{r_ri>0} (1 + c₁_ri) y_i
 *
 * With Rendle's unobserved weight α₀ (params.unobservedWeight, implicit only) the implicit system is
 *   (α₀·YᵀY + Σ_i (c_ri − α₀) y_i y_iᵀ + λ_r·I) x_r = Σ_{r_ri>0} c_ri y_i,   c = 1 + α|r|
 * (α₀ = 1 gives the line above), and λ_r is `rowLambda` (λ·n⁺_r, or λ·(n⁺_r + α₀·N)^ν).
 *
 * where y_i are rows of `src` (the fixed side), c₁ = α|r|, n_r the row's count of ratings and n⁺_r
 * its count of positive ratings (Spark's `numExplicits`). `YtY` (k × k) is needed for implicit.
 * Cholesky solves exactly; 'cg' (implicit only) refines the current `dst` row in `cgSteps`
 * conjugate-gradient steps; `nonnegative` solves the same system under x ≥ 0 (NNLS).
 *
 * Throws naming the row when a system is not positive definite (regParam 0 with too few ratings),
 * for NNLS too (its free subsystems are solved by Cholesky).
 */
export function updateFactors(
  block: RowBlock,
  src: Float32Array,
  dst: Float32Array,
  YtY: Float64Array | null,
  params: UpdateParams,
  rowStart: number,
  rowEnd: number,
): void {
  const k = params.rank;
  const { indptr, indices, values } = block;
  const { implicitPrefs, alpha, regParam } = params;
  if (implicitPrefs && !YtY) throw new Error('updateFactors: implicit feedback needs YtY');
  const a0 = implicitPrefs ? (params.unobservedWeight ?? 1) : 1;
  const numCols = src.length / k;
  if (implicitPrefs && params.solver === 'cg' && !params.nonnegative) {
    const work = new Float64Array(4 * k);
    for (let r = rowStart; r < rowEnd; r++) {
      const start = indptr[r]!;
      const end = indptr[r + 1]!;
      let positives = 0;
      for (let e = start; e < end; e++) if (values[e]! > 0) positives++;
      cgImplicitRow(YtY!, src, indices, values, start, end, k, alpha, rowLambda(params, positives, numCols), dst, r * k, params.cgSteps, work, a0);
    }
    return;
  }
  const ne = new NormalEquation(k);
  const x = new Float64Array(k);
  const nnlsWork = params.nonnegative ? new Float64Array(2 * k * k + 3 * k) : undefined;
  for (let r = rowStart; r < rowEnd; r++) {
    ne.reset();
    if (implicitPrefs) ne.merge(YtY!, a0);
    let numExplicits = 0;
    for (let e = indptr[r]!; e < indptr[r + 1]!; e++) {
      const off = indices[e]! * k;
      const rating = values[e]!;
      if (implicitPrefs) {
        // c₁ = c − α₀ written as α|r| + (1 − α₀): exactly Spark's α|r| when α₀ = 1
        const c1 = alpha * Math.abs(rating) + (1 - a0);
        if (rating > 0) numExplicits++;
        ne.add(src, off, rating > 0 ? 1 + alpha * Math.abs(rating) : 0, c1);
      } else {
        ne.add(src, off, rating, 1);
        numExplicits++;
      }
    }
    ne.finish(rowLambda(params, numExplicits, numCols));
    const solved = params.nonnegative ? nnlsSolve(ne.ata, ne.atb, k, x, nnlsWork) : choleskySolve(ne.ata, ne.atb, k);
    if (!solved) {
      throw new Error(
        `als: the normal equations of row ${r} (${indptr[r + 1]! - indptr[r]!} ratings) are not positive definite; ` +
          `increase regParam (now ${regParam}) or lower rank (now ${k})`,
      );
    }
    const solution = params.nonnegative ? x : ne.atb;
    for (let a = 0; a < k; a++) dst[r * k + a] = solution[a]!;
  }
}
