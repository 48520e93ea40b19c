import { groupInputs, type RecommendationRows, type UserItemPairs } from './user-item-pairs.js';

/**
 * Catalog coverage (Shani & Gunawardana 2010; recommenders' `catalog_coverage`):
 *
 *   catalogCoverage = |distinct recommended items| / |distinct items in training|
 *
 * A recommended item absent from training still counts in the numerator, as in recommenders
 * (it counts distinct items of each table separately). Throws when training is empty.
 *
 *   training items {0, 1, 2, 3}, recommended items {1, 2, 3}  →  3 / 4
 */
export function catalogCoverage(training: UserItemPairs, recommendations: RecommendationRows): number {
  groupInputs(training, recommendations, 'catalogCoverage');
  return catalogCoverageOf(training.items, recommendations.items, training.numItems, 'catalogCoverage');
}

/**
 * Distributional coverage (Shani & Gunawardana 2010, eq. 21; recommenders'
 * `distributional_coverage`): the entropy, in bits, of how recommendation rows spread over items,
 *
 *   distributionalCoverage = −Σ_i p(i) log₂ p(i),   p(i) = |rows recommending i| / |rows|
 *
 * 0 when every row recommends the same item, log₂ m when m items are recommended equally often.
 * No recommendations give 0.
 */
export function distributionalCoverage(training: UserItemPairs, recommendations: RecommendationRows): number {
  groupInputs(training, recommendations, 'distributionalCoverage');
  return distributionalCoverageOf(recommendations.items, training.numItems);
}

/** catalogCoverage on item columns already checked to lie in 0 .. numItems−1. */
export function catalogCoverageOf(
  trainItems: Int32Array,
  recoItems: Int32Array,
  numItems: number,
  where = 'catalogCoverage',
): number {
  const inTraining = countDistinct(trainItems, numItems);
  if (inTraining === 0) throw new RangeError(`${where}: training has no rows, so catalog coverage is undefined`);
  return countDistinct(recoItems, numItems) / inTraining;
}

/** distributionalCoverage on an item column already checked to lie in 0 .. numItems−1. */
export function distributionalCoverageOf(recoItems: Int32Array, numItems: number): number {
  const n = recoItems.length;
  const counts = new Int32Array(numItems);
  for (let r = 0; r < n; r++) counts[recoItems[r]!]!++;
  let h = 0;
  for (let i = 0; i < numItems; i++) {
    const c = counts[i]!;
    if (c > 0) h -= (c / n) * Math.log2(c / n);
  }
  return h === 0 ? 0 : h; // no −0
}

function countDistinct(items: Int32Array, numItems: number): number {
  const seen = new Uint8Array(numItems);
  let d = 0;
  for (let r = 0; r < items.length; r++) {
    const i = items[r]!;
    if (seen[i] === 0) {
      seen[i] = 1;
      d++;
    }
  }
  return d;
}
