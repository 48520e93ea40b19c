import { hitRanks } from './hits.js';

/**
 * Recall at k (recommenders' `recall_at_k`, Spark's `recallAt`):
 *
 *   recall@k = |hits in the top k| / |G|,   G = the relevant set
 *
 * Reaches 1 when every relevant item is in the top k, which needs |G| ≤ k. An empty relevant
 * set gives 0 (recommenders never meets one: such a user is not in the test data; Spark returns 0).
 *
 *   ranked [5, 1, 8], relevant {1, 8, 9}, k 4  →  2 / 3
 */
export function recallAtK(ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number {
  const hits = hitRanks(ranked, relevant, k, 'recallAtK').length;
  return relevant.size === 0 ? 0 : hits / relevant.size;
}
