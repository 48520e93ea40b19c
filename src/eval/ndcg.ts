import { hitRanks } from './hits.js';

/**
 * Normalised discounted cumulative gain at k, binary gain (recommenders' `ndcg_at_k` with
 * score_type 'binary', Spark's `ndcgAt`):
 *
 *   DCG  = Σ_{hit ranks r ≤ k} 1 / log(1 + r)
 *   IDCG = Σ_{r = 1}^{min(|G|, k)} 1 / log(1 + r)      (all relevant items ranked first)
 *   nDCG@k = DCG / IDCG
 *
 * The base of the logarithm cancels; base 2 is used. IDCG counts min(|G|, k) ideal hits even when
 * the list is shorter than k. An empty relevant set gives 0.
 *
 *   hits at ranks 1 and 3, |G| = 2:  (1 + 1/log₂4) / (1 + 1/log₂3) = 1.5 / 1.6309 ≈ 0.9197
 */
export function ndcgAtK(ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number {
  const ranks = hitRanks(ranked, relevant, k, 'ndcgAtK');
  if (relevant.size === 0) return 0;
  let dcg = 0;
  for (const r of ranks) dcg += 1 / Math.log2(1 + r);
  const ideal = Math.min(relevant.size, k);
  let idcg = 0;
  for (let r = 1; r <= ideal; r++) idcg += 1 / Math.log2(1 + r);
  return dcg / idcg;
}
