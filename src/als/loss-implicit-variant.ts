import type { CSR } from '../data/csr.js';
import { gram } from '../kernels/gram.js';
import { rowLambda, type UpdateParams } from '../kernels/update-factors.js';

/**
 * The objective of Rendle's implicit variant (options unobservedWeight α₀, regScaling), the one its
 * half-steps minimise (kernels/update-factors.ts), at factors X (users), Y (items):
 *
 *   L = Σ_observed c_ui (p_ui − s_ui)² + α₀ Σ_unobserved s_ui² + Σ_u λ_u ‖x_u‖² + Σ_i λ_i ‖y_i‖²
 *
 * s = x_uᵀy_i, c = 1 + α|r|, p = [r > 0], λ_r = rowLambda(n⁺_r, N) (N: the other side's size).
 * As in als/loss.ts the unobserved sum is taken as α₀·tr((XᵀX)(YᵀY)) minus the observed pairs'
 * α₀ s², so the cost is O(nnz·k + (m + n)·k²).
 */
export function implicitVariantLoss(userItems: CSR, X: Float32Array, Y: Float32Array, params: UpdateParams): number {
  const k = params.rank;
  const a0 = params.unobservedWeight ?? 1;
  const { indptr, indices, values, numRows, numCols } = userItems;
  const itemPositives = new Float64Array(numCols);
  let data = 0;
  let reg = 0;
  for (let u = 0; u < numRows; u++) {
    let positives = 0;
    for (let e = indptr[u]!; e < indptr[u + 1]!; e++) {
      const i = indices[e]!;
      const r = values[e]!;
      let s = 0;
      for (let a = 0; a < k; a++) s += X[u * k + a]! * Y[i * k + a]!;
      const p = r > 0 ? 1 : 0;
      data += (1 + params.alpha * Math.abs(r)) * (p - s) ** 2 - a0 * s * s;
      if (r > 0) {
        positives++;
        itemPositives[i]!++;
      }
    }
    reg += rowLambda(params, positives, numCols) * sqNorm(X, u, k);
  }
  for (let i = 0; i < numCols; i++) reg += rowLambda(params, itemPositives[i]!, numRows) * sqNorm(Y, i, k);
  const XtX = new Float64Array(k * k);
  const YtY = new Float64Array(k * k);
  gram(X, numRows, k, XtX);
  gram(Y, numCols, k, YtY);
  for (let j = 0; j < k * k; j++) data += a0 * XtX[j]! * YtY[j]!;
  return data + reg;
}

function sqNorm(F: Float32Array, row: number, k: number): number {
  let s = 0;
  for (let a = 0; a < k; a++) s += F[row * k + a]! * F[row * k + a]!;
  return s;
}
