import { averagePrecision, averagePrecisionAtK } from './average-precision.js';
import { checkK } from './hits.js';
import { ndcgAtK } from './ndcg.js';
import { precisionAtK } from './precision.js';
import { recallAtK } from './recall.js';

/** The per-user ranking metrics averaged over `users` users, at cut-off `k`. */
export interface RankingMetrics {
  readonly precisionAtK: number;
  readonly recallAtK: number;
  readonly ndcgAtK: number;
  /** Σ j/r_j ÷ |G|, recommenders' `map` (the "MAP" of tables printed before late 2023). */
  readonly map: number;
  /** Σ j/r_j ÷ min(|G|, k), Spark's `meanAveragePrecisionAt`, recommenders' `map_at_k`. */
  readonly mapAtK: number;
  readonly k: number;
  /** Users averaged over: those with a non-empty list in both maps. */
  readonly users: number;
}

/**
 * Ranking metrics at k averaged over users, as Microsoft recommenders' python_evaluation does:
 *
 *   metric = (1 / |U|) Σ_{u ∈ U} metric_u(recommended[u], relevant[u], k)
 *   U = users with a non-empty recommendation list and a non-empty relevant set
 *
 * `recommended` maps a user index to item indices in rank order (best first, training items
 * already excluded); `relevant` maps a user index to their test items (relevancy 'top_k': every
 * test item counts, whatever its rating). A user in U without a hit counts as 0. A user with an
 * empty list or empty set is one recommenders never sees (no rows in its data frame), so is skipped.
 * With U empty every metric is NaN (JSON null): a mean over no user is undefined, and printing 0
 * would pass off a mismatch between model and test data as a bad model (recommenders returns 0).
 *
 * Differences with the references, all outside the usual workflow where every test user has
 * a list:
 * - recommenders' `ndcg_at_k` joins the test data with an outer merge, so test users without
 *   predictions count as 0 in its mean; here nDCG averages over U like the other metrics.
 * - Spark's `RankingMetrics` averages over every row it is given, scoring an empty relevant set
 *   as 0, and its `meanAveragePrecision` scores the whole list rather than the top k.
 */
export function rankingMetrics(
  recommended: ReadonlyMap<number, ArrayLike<number>>,
  relevant: ReadonlyMap<number, ReadonlySet<number>>,
  k: number,
): RankingMetrics {
  checkK(k, 'rankingMetrics');
  let users = 0;
  let precision = 0;
  let recall = 0;
  let ndcg = 0;
  let map = 0;
  let mapAtK = 0;
  for (const [user, ranked] of recommended) {
    const truth = relevant.get(user);
    if (truth === undefined || truth.size === 0 || ranked.length === 0) continue;
    users++;
    precision += precisionAtK(ranked, truth, k);
    recall += recallAtK(ranked, truth, k);
    ndcg += ndcgAtK(ranked, truth, k);
    map += averagePrecision(ranked, truth, k);
    mapAtK += averagePrecisionAtK(ranked, truth, k);
  }
  const mean = (s: number): number => (users === 0 ? Number.NaN : s / users);
  return {
    precisionAtK: mean(precision),
    recallAtK: mean(recall),
    ndcgAtK: mean(ndcg),
    map: mean(map),
    mapAtK: mean(mapAtK),
    k,
    users,
  };
}
