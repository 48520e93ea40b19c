import { buildCSR } from '../data/csr.js';
import { catalogCoverageOf, distributionalCoverageOf } from './coverage.js';
import { cooccurrenceIndex, cooccurrenceRow, itemUserCounts } from './item-similarity.js';
import { meanDefined } from './mean-defined.js';
import { noveltyOf } from './novelty.js';
import { groupInputs, type RecommendationRows, type UserItemPairs } from './user-item-pairs.js';

/** The five beyond-accuracy metrics of recommenders' python_evaluation, and who they cover. */
export interface BeyondAccuracyMetrics {
  readonly catalogCoverage: number;
  readonly distributionalCoverage: number;
  readonly novelty: number;
  readonly diversity: number;
  readonly serendipity: number;
  /** Users averaged over by diversity: those with at least two recommendations. */
  readonly diversityUsers: number;
  /** Users averaged over by serendipity: those with recommendations and training items. */
  readonly serendipityUsers: number;
}

/**
 * catalogCoverage, distributionalCoverage, novelty, diversity and serendipity in one pass, with
 * the definitions of coverage.ts, novelty.ts, diversity.ts and serendipity.ts (same numbers, to
 * rounding) but without their pair-by-pair similarity walk.
 *
 * Recommendation rows are taken grouped by item. For each recommended item i, one sweep over
 * item → users → items fills c[j] = |U_i ∩ U_j| for all j at once (cost Σ_{v ∈ U_i} |I_v|); then
 * each row (u, i) reads from c what it needs:
 *
 *   serendipity: mean_{j ∈ train_u} sim(i, j) = (1/|train_u|) Σ_j c[j] / sqrt(n_i n_j)
 *   diversity:   Σ_{j ∈ list_u, j ≠ i} c[j] / sqrt(n_i n_j)  (each pair reached from both ends, so halved)
 *
 * with n_i = |U_i|. Memory O(rows + numUsers + numItems); no per-row objects, no items × items matrix.
 */
export function beyondAccuracy(training: UserItemPairs, recommendations: RecommendationRows): BeyondAccuracyMetrics {
  const { numUsers, numItems } = training;
  const { userItems, recoRows } = groupInputs(training, recommendations, 'beyondAccuracy');
  const index = cooccurrenceIndex(userItems);
  const { users: recoUsers, items: recoItems, relevance } = recommendations;
  const nReco = recoUsers.length;

  const invSqrtCount = new Float64Array(numItems);
  const counts = itemUserCounts(index);
  for (let i = 0; i < numItems; i++) invSqrtCount[i] = counts[i]! > 0 ? 1 / Math.sqrt(counts[i]!) : 0;

  const rowNumbers = new Int32Array(nReco);
  for (let r = 0; r < nReco; r++) rowNumbers[r] = r;
  const rowsByItem = buildCSR(recoItems, rowNumbers, new Float32Array(nReco), numItems, nReco);

  const pairSimSum = new Float64Array(numUsers); // Σ over ordered pairs (i, j), i ≠ j: each pair twice
  const serendipitySum = new Float64Array(numUsers);
  const serendipityRows = new Int32Array(numUsers);
  const c = new Int32Array(numItems);
  const touched = new Int32Array(numItems);

  for (let i = 0; i < numItems; i++) {
    const rowStart = rowsByItem.indptr[i]!;
    const rowEnd = rowsByItem.indptr[i + 1]!;
    if (rowStart === rowEnd) continue;
    const t = cooccurrenceRow(index, i, c, touched);
    const wi = invSqrtCount[i]!;
    for (let p = rowStart; p < rowEnd; p++) {
      const r = rowsByItem.indices[p]!;
      const u = recoUsers[r]!;
      const trainStart = userItems.indptr[u]!;
      const trainEnd = userItems.indptr[u + 1]!;
      if (trainEnd > trainStart) {
        let s = 0;
        for (let q = trainStart; q < trainEnd; q++) {
          const j = userItems.indices[q]!;
          s += c[j]! * invSqrtCount[j]!;
        }
        const meanSim = (wi * s) / (trainEnd - trainStart);
        serendipitySum[u] += (1 - meanSim) * (relevance === undefined ? 1 : relevance[r]!);
        serendipityRows[u]!++;
      }
      let d = 0;
      for (let q = recoRows.indptr[u]!; q < recoRows.indptr[u + 1]!; q++) {
        const j = recoItems[recoRows.indices[q]!]!;
        if (j !== i) d += c[j]! * invSqrtCount[j]!;
      }
      pairSimSum[u] += wi * d;
    }
    for (let q = 0; q < t; q++) c[touched[q]!] = 0;
  }

  const userDiversity = new Float64Array(numUsers).fill(NaN);
  const userSerendipity = new Float64Array(numUsers).fill(NaN);
  for (let u = 0; u < numUsers; u++) {
    const m = recoRows.indptr[u + 1]! - recoRows.indptr[u]!;
    if (m >= 2) userDiversity[u] = 1 - pairSimSum[u]! / (m * (m - 1));
    if (serendipityRows[u]! > 0) userSerendipity[u] = serendipitySum[u]! / serendipityRows[u]!;
  }
  return {
    catalogCoverage: catalogCoverageOf(training.items, recoItems, numItems, 'beyondAccuracy'),
    distributionalCoverage: distributionalCoverageOf(recoItems, numItems),
    novelty: noveltyOf(training.items, recoItems, numItems),
    diversity: meanDefined(userDiversity),
    serendipity: meanDefined(userSerendipity),
    diversityUsers: countDefined(userDiversity),
    serendipityUsers: countDefined(userSerendipity),
  };
}

function countDefined(x: Float64Array): number {
  let n = 0;
  for (let p = 0; p < x.length; p++) if (!Number.isNaN(x[p]!)) n++;
  return n;
}
