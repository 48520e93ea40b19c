import { hitRanks } from './hits.js';

/**
 * Precision at k (Spark's `precisionAt`, recommenders' `precision_at_k`):
 *
 *   precision@k = |hits in the top k| / k
 *
 * Divides by k even when the list or the relevant set is shorter, so a user with fewer than k
 * relevant items cannot reach 1. An empty relevant set gives 0.
 *
 *   ranked [5, 1, 8], relevant {1, 8, 9}, k 4  →  2 / 4 = 0.5
 */
export function precisionAtK(ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number {
  return hitRanks(ranked, relevant, k, 'precisionAtK').length / k;
}
