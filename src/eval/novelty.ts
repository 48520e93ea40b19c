import { groupInputs, type RecommendationRows, type UserItemPairs } from './user-item-pairs.js';

/**
 * Novelty of each item under the item choice model (Castells, Vargas & Wang, ECIR 2011;
 * recommenders' `historical_item_novelty`):
 *
 *   novelty(i) = −log₂( count_train(i) / |training rows| )
 *
 * in bits: 0 for an item in every training row, high for the long tail. An item with no training
 * row has no novelty (NaN): recommenders has no row for it.
 *
 *   6 training rows, item seen twice  →  −log₂(2/6) = log₂ 3 ≈ 1.585
 */
export function itemNovelty(trainItems: Int32Array, numItems: number): Float64Array {
  const counts = new Int32Array(numItems);
  for (let r = 0; r < trainItems.length; r++) counts[trainItems[r]!]!++;
  const n = trainItems.length;
  const out = new Float64Array(numItems);
  for (let i = 0; i < numItems; i++) {
    const c = counts[i]!;
    out[i] = c === 0 ? NaN : c === n ? 0 : -Math.log2(c / n);
  }
  return out;
}

/**
 * Mean novelty of the recommendation rows (recommenders' `novelty`):
 *
 *   novelty = Σ_i count_reco(i) · novelty(i) / |recommendation rows|
 *
 * A recommended item with no training row adds nothing to the sum but still counts in the
 * denominator, as recommenders' inner merge does. No recommendations give NaN (0/0).
 */
export function novelty(training: UserItemPairs, recommendations: RecommendationRows): number {
  groupInputs(training, recommendations, 'novelty');
  return noveltyOf(training.items, recommendations.items, training.numItems);
}

/** novelty on item columns already checked to lie in 0 .. numItems−1. */
export function noveltyOf(trainItems: Int32Array, recoItems: Int32Array, numItems: number): number {
  const nov = itemNovelty(trainItems, numItems);
  let s = 0;
  for (let r = 0; r < recoItems.length; r++) {
    const v = nov[recoItems[r]!]!;
    if (!Number.isNaN(v)) s += v;
  }
  return s / recoItems.length;
}
