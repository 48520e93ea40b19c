import type { TopKResult } from '../kernels/top-k.js';
import type { PreparedQuery } from '../kernels/wasm/top-k-prepared.js';
import { paddedRank } from '../kernels/wasm/kernel-exports.js';

/** Targets between two stop tests: the WASM kernel's tile (assembly/top-k.ts TARGET_TILE). */
export const NORM_SCAN_TILE = 256;

/**
 * The targets ordered by decreasing norm (ties to the lower index) with their norms, as the WASM
 * top-K stores them (src/kernels/wasm/top-k-prepared.ts): the norm in float64 from float32 rows.
 */
export interface NormOrder {
  order: Int32Array;
  norms: Float64Array;
}

export function normOrder(targets: Float32Array, rank: number): NormOrder {
  const n = targets.length / rank;
  const byRow = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let a = 0; a < rank; a++) s += targets[r * rank + a]! * targets[r * rank + a]!;
    byRow[r] = Math.sqrt(s);
  }
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => byRow[b]! - byRow[a]! || a - b);
  return { order, norms: Float64Array.from(order, (o) => byRow[o]!) };
}

/**
 * Norm-ordered top-K with a relaxed stop (the TypeScript reference of the WASM kernel's scan with
 * boundScale c, assembly/top-k.ts): targets are scored in decreasing norm, NORM_SCAN_TILE at a
 * time, and before each tile starting at position p the scan stops for a query once it holds K
 * scores and c·‖q‖·‖y_p‖·(1 + δ) < the K-th (δ = kp·2⁻²³ covers float32 rounding, kp the padded
 * rank). Since qᵀy ≤ ‖q‖‖y‖·cos(q, y), no target from p on can beat the K-th unless its cosine
 * with q exceeds c: c = 1 is exact (the bound of Cauchy–Schwarz), and a smaller c stops sooner on
 * the assumption that the long tail of short vectors holds no target that well aligned — the
 * early-termination side of norm-ranging MIPS (Yan et al. 2018 partition by norm for the same
 * reason: most of the top inner products come from the few longest vectors).
 *
 * Lists as the exact top-K's: best first, ties to the lower target index, seen targets and NaN
 * scores skipped, −1 / NaN past the candidates.
 */
export function normScanTopK(query: PreparedQuery, targets: Float32Array, rank: number, sorted: NormOrder, c: number): TopKResult {
  const { queries, k, seen } = query;
  const rows = query.queryRows ?? Int32Array.from({ length: queries.length / rank }, (_, i) => i);
  const n = sorted.order.length;
  const slack = (1 + paddedRank(rank) / 8388608) * c;
  const indices = new Int32Array(rows.length * k).fill(-1);
  const scores = new Float32Array(rows.length * k).fill(NaN);
  const topS = new Float32Array(k);
  const topI = new Int32Array(k);
  for (let j = 0; j < rows.length; j++) {
    const row = rows[j]!;
    const q = queries.subarray(row * rank, row * rank + rank);
    let qq = 0;
    for (let a = 0; a < rank; a++) qq += q[a]! * q[a]!;
    const qn = Math.sqrt(qq);
    const skip = seen ? new Set(seen.indices.subarray(seen.indptr[row]!, seen.indptr[row + 1]!)) : null;
    let size = 0;
    for (let p0 = 0; p0 < n; p0 += NORM_SCAN_TILE) {
      if (size === k && qn * (sorted.norms[p0]! * slack) < topS[k - 1]!) break;
      for (let p = p0; p < Math.min(n, p0 + NORM_SCAN_TILE); p++) {
        const t = sorted.order[p]!;
        if (skip?.has(t)) continue;
        let d = 0;
        for (let a = 0; a < rank; a++) d += q[a]! * targets[t * rank + a]!;
        const s = Math.fround(d);
        if (s !== s) continue;
        // insert into the sorted top list (score descending, ties to the lower index)
        let at = size;
        while (at > 0 && (topS[at - 1]! < s || (topS[at - 1] === s && topI[at - 1]! > t))) at--;
        if (at >= k) continue;
        for (let m = Math.min(size, k - 1); m > at; m--) {
          topS[m] = topS[m - 1]!;
          topI[m] = topI[m - 1]!;
        }
        topS[at] = s;
        topI[at] = t;
        if (size < k) size++;
      }
    }
    indices.set(topI.subarray(0, size), j * k);
    scores.set(topS.subarray(0, size), j * k);
  }
  return { indices, scores, k };
}
