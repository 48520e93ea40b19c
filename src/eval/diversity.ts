import { cooccurrenceIndex, itemSimilarity } from './item-similarity.js';
import { meanDefined } from './mean-defined.js';
import { groupInputs, type RecommendationRows, type UserItemPairs } from './user-item-pairs.js';

/**
 * Diversity of each user's list (Zhang et al., Auralist, WSDM 2012, eq. 3; recommenders'
 * `user_diversity`): one minus the intra-list similarity (Ziegler et al. 2005),
 *
 *   diversity(u) = 1 − mean_{i < j in list_u} sim(i, j)
 *
 * with sim the training co-occurrence cosine (item-similarity.ts). NaN for a user with fewer than
 * two recommendations: no pair, and recommenders has no row for them.
 *
 *   list [1, 2, 3], sim(1,2) = sim(2,3) = 1/√2, sim(1,3) = 0  →  1 − (√2 / 3) ≈ 0.529
 *
 * This walks pair by pair, each similarity a sorted-list intersection: the readable definition,
 * fine at MovieLens-100k size. `beyondAccuracy` computes the same numbers in one pass per
 * recommended item, for large data.
 */
export function userDiversity(training: UserItemPairs, recommendations: RecommendationRows): Float64Array {
  const { userItems, recoRows } = groupInputs(training, recommendations, 'diversity');
  const index = cooccurrenceIndex(userItems);
  const out = new Float64Array(training.numUsers).fill(NaN);
  const { indptr, indices: rows } = recoRows;
  const items = recommendations.items;
  for (let u = 0; u < training.numUsers; u++) {
    const start = indptr[u]!;
    const m = indptr[u + 1]! - start;
    if (m < 2) continue;
    let sum = 0;
    for (let a = 0; a < m; a++) {
      for (let b = a + 1; b < m; b++) {
        sum += itemSimilarity(index, items[rows[start + a]!]!, items[rows[start + b]!]!);
      }
    }
    out[u] = 1 - sum / ((m * (m - 1)) / 2);
  }
  return out;
}

/**
 * diversity = mean of diversity(u) over users with at least two recommendations (recommenders'
 * `diversity`); NaN when there is no such user.
 */
export function diversity(training: UserItemPairs, recommendations: RecommendationRows): number {
  return meanDefined(userDiversity(training, recommendations));
}
