import { buildCSR } from '../data/csr.js';
import { cooccurrenceIndex, itemSimilarity } from './item-similarity.js';
import { meanDefined } from './mean-defined.js';
import { checkPairs, groupInputs, type RecommendationRows, type UserItemPairs } from './user-item-pairs.js';

/**
 * Serendipity of each recommendation row (Zhang et al., Auralist, WSDM 2012; recommenders'
 * `user_item_serendipity`): how unlike the user's history the item is, when it is relevant,
 *
 *   serendipity(u, i) = (1 − mean_{j ∈ train_u} sim(i, j)) × relevance(u, i)
 *
 * with sim the training co-occurrence cosine (item-similarity.ts) and relevance from
 * `recommendations.relevance` (default 1 on every row, recommenders' default; `relevanceFromTest`
 * gives 1 for test pairs, 0 otherwise). NaN for rows of a user with no training item, whom
 * recommenders' inner join drops.
 *
 *   train_u = {1, 2}, i = 0, sim(0,1) = 0, sim(0,2) = 1/2, relevance 1  →  1 − 1/4 = 0.75
 *
 * Pair by pair, each similarity a sorted-list intersection: the readable definition, fine at
 * MovieLens-100k size; `beyondAccuracy` computes the same numbers faster for large data.
 */
export function userItemSerendipity(training: UserItemPairs, recommendations: RecommendationRows): Float64Array {
  const { userItems } = groupInputs(training, recommendations, 'serendipity');
  const index = cooccurrenceIndex(userItems);
  const { users, items, relevance } = recommendations;
  const out = new Float64Array(users.length);
  for (let r = 0; r < users.length; r++) {
    const u = users[r]!;
    const start = userItems.indptr[u]!;
    const end = userItems.indptr[u + 1]!;
    if (end === start) {
      out[r] = NaN;
      continue;
    }
    let sum = 0;
    for (let p = start; p < end; p++) sum += itemSimilarity(index, items[r]!, userItems.indices[p]!);
    out[r] = (1 - sum / (end - start)) * (relevance === undefined ? 1 : relevance[r]!);
  }
  return out;
}

/**
 * serendipity(u) = mean of serendipity(u, i) over u's recommendation rows (recommenders'
 * `user_serendipity`); NaN for users without recommendations or without training items.
 */
export function userSerendipity(training: UserItemPairs, recommendations: RecommendationRows): Float64Array {
  const perRow = userItemSerendipity(training, recommendations);
  const sums = new Float64Array(training.numUsers);
  const counts = new Int32Array(training.numUsers);
  for (let r = 0; r < perRow.length; r++) {
    if (Number.isNaN(perRow[r]!)) continue;
    const u = recommendations.users[r]!;
    sums[u] += perRow[r]!;
    counts[u]!++;
  }
  const out = new Float64Array(training.numUsers);
  for (let u = 0; u < out.length; u++) out[u] = counts[u] === 0 ? NaN : sums[u]! / counts[u]!;
  return out;
}

/** serendipity = mean of serendipity(u) over the users it is defined for (recommenders' `serendipity`). */
export function serendipity(training: UserItemPairs, recommendations: RecommendationRows): number {
  return meanDefined(userSerendipity(training, recommendations));
}

/**
 * relevance(u, i) = 1 when (u, i) is a pair of `test`, else 0, for each recommendation row: the
 * relevance recommenders' serendipity takes from a `col_relevance` column when one is given.
 * `test` uses the same dense indices as the recommendations.
 */
export function relevanceFromTest(
  recommendations: Pick<RecommendationRows, 'users' | 'items'>,
  test: UserItemPairs,
): Float32Array {
  checkPairs(test, 'relevanceFromTest', 'test');
  const asPairs = { ...recommendations, numUsers: test.numUsers, numItems: test.numItems };
  checkPairs(asPairs, 'relevanceFromTest', 'recommendation');
  const byUser = buildCSR(test.users, test.items, new Float32Array(test.users.length), test.numUsers, test.numItems);
  const n = recommendations.users.length;
  const rowNumbers = new Int32Array(n);
  for (let r = 0; r < n; r++) rowNumbers[r] = r;
  const recoRows = buildCSR(recommendations.users, rowNumbers, new Float32Array(n), test.numUsers, n);
  const mark = new Int32Array(test.numItems);
  const out = new Float32Array(n);
  for (let u = 0; u < test.numUsers; u++) {
    for (let p = byUser.indptr[u]!; p < byUser.indptr[u + 1]!; p++) mark[byUser.indices[p]!] = u + 1;
    for (let p = recoRows.indptr[u]!; p < recoRows.indptr[u + 1]!; p++) {
      const r = recoRows.indices[p]!;
      if (mark[recommendations.items[r]!] === u + 1) out[r] = 1;
    }
  }
  return out;
}
