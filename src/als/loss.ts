import type { CSR } from '../data/csr.js';
import { gram } from '../kernels/gram.js';

/**
 * The objective ALS minimises, evaluated at the current factors (X users, Y items, k = rank):
 *
 * explicit:  L = Σ_(u,i) observed (r_ui − x_uᵀy_i)²  +  λ (Σ_u n_u‖x_u‖² + Σ_i n_i‖y_i‖²)
 * implicit:  L = Σ_all (u,i) c_ui (p_ui − x_uᵀy_i)²  +  λ (Σ_u n⁺_u‖x_u‖² + Σ_i n⁺_i‖y_i‖²)
 *
 * with Spark's ALS-WR weights n (ratings per row; positive ratings for implicit). The implicit sum
 * over all users × items is taken without visiting them: unobserved pairs have c = 1, p = 0, so
 *   Σ_all (x_uᵀy_i)² = tr((XᵀX)(YᵀY))
 * and each observed pair corrects its term: + c(p − s)² − s², s = x_uᵀy_i.
 * Cost: O(nnz·k + (m + n)·k²), a fraction of one iteration's O(nnz·k² + (m + n)·k³).
 */
export function alsLoss(
  userItems: CSR,
  X: Float32Array,
  Y: Float32Array,
  k: number,
  regParam: number,
  implicitPrefs: boolean,
  alpha: number,
): number {
  const { indptr, indices, values, numRows } = userItems;
  const numItems = userItems.numCols;
  let data = 0;
  const itemCounts = new Float64Array(numItems);
  let regUsers = 0;
  for (let u = 0; u < numRows; u++) {
    let nu = 0;
    for (let e = indptr[u]!; e < indptr[u + 1]!; e++) {
      const i = indices[e]!;
      const r = values[e]!;
      let s = 0;
      for (let a = 0; a < k; a++) s += X[u * k + a]! * Y[i * k + a]!;
      if (implicitPrefs) {
        const c = 1 + alpha * Math.abs(r);
        const p = r > 0 ? 1 : 0;
        data += c * (p - s) * (p - s) - s * s;
        if (r > 0) {
          nu++;
          itemCounts[i]!++;
        }
      } else {
        data += (r - s) * (r - s);
        nu++;
        itemCounts[i]!++;
      }
    }
    regUsers += nu * sqNorm(X, u, k);
  }
  if (implicitPrefs) {
    const XtX = new Float64Array(k * k);
    const YtY = new Float64Array(k * k);
    gram(X, numRows, k, XtX);
    gram(Y, numItems, k, YtY);
    for (let j = 0; j < k * k; j++) data += XtX[j]! * YtY[j]!;
  }
  let regItems = 0;
  for (let i = 0; i < numItems; i++) regItems += itemCounts[i]! * sqNorm(Y, i, k);
  return data + regParam * (regUsers + regItems);
}

function sqNorm(F: Float32Array, row: number, k: number): number {
  let s = 0;
  for (let a = 0; a < k; a++) s += F[row * k + a]! * F[row * k + a]!;
  return s;
}
