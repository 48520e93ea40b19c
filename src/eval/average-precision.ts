import { hitRanks } from './hits.js';

/**
 * Average precision over the top k, summed over the hits: the j-th hit, at rank r, adds the
 * precision at its rank, j / r.
 *
 *   S = Σ_{j-th hit at rank r ≤ k} j / r
 *
 *   ranked [5, 1, 8, 2], relevant {1, 2, 9}, k 4:  hits at ranks 2 and 4  →  S = 1/2 + 2/4 = 1
 *
 * Two normalisations are in use; report both (see METRICS.md):
 * - averagePrecision   = S / |G|            recommenders' `map` (the "MAP" of notebooks and tables
 *                                           before late 2023). Cut at k, unlike Spark's
 *                                           `meanAveragePrecision`, which scores the whole list.
 * - averagePrecisionAtK = S / min(|G|, k)   Spark's `meanAveragePrecisionAt`, recommenders' `map_at_k`.
 * Since min(|G|, k) ≤ |G|, averagePrecisionAtK ≥ averagePrecision. An empty relevant set gives 0.
 */
export function averagePrecision(ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number {
  const s = precisionSum(hitRanks(ranked, relevant, k, 'averagePrecision'));
  return relevant.size === 0 ? 0 : s / relevant.size;
}

/** S / min(|G|, k); see averagePrecision. */
export function averagePrecisionAtK(ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number {
  const s = precisionSum(hitRanks(ranked, relevant, k, 'averagePrecisionAtK'));
  return relevant.size === 0 ? 0 : s / Math.min(relevant.size, k);
}

/** S = Σ_j j / r_j over the hit ranks r_1 < r_2 < …. */
function precisionSum(ranks: readonly number[]): number {
  let s = 0;
  for (let j = 0; j < ranks.length; j++) s += (j + 1) / ranks[j]!;
  return s;
}
