import type { ALSModel } from '../als/als-model.js';
import type { Recommendations } from '../als/recommendations.js';
import type { Interactions } from '../data/interactions.js';
import { translateIds } from '../data/id-translation.js';
import type { ExternalId } from '../data/id-map.js';
import { idOverlap, noOverlapError } from './id-overlap.js';
import { beyondAccuracy, type BeyondAccuracyMetrics } from './beyond-accuracy.js';
import { ratingMetrics, type RatingMetrics } from './rating-metrics.js';
import { rankingMetrics, type RankingMetrics } from './ranking-metrics.js';

export interface EvaluateOptions {
  /** Cut-off of the ranking metrics. Default 10. */
  k?: number;
  /**
   * Training data: its pairs are excluded from each user's ranking, as the seed workflow does, and
   * the beyond-accuracy metrics (coverage, novelty, diversity, serendipity) are computed against it.
   */
  train?: Interactions;
}

export interface Evaluation extends Omit<RatingMetrics, 'count'>, RankingMetrics, Partial<BeyondAccuracyMetrics> {
  /** Test pairs with a prediction (users and items both known to the model): the rating metrics' n. */
  ratedPairs: number;
  /** Test pairs left out of the rating metrics because the model cannot score them (cold start). */
  coldStartPairs: number;
}

/**
 * The seed workflow's evaluation of a model on held-out data:
 * - rating metrics on the test pairs the model can score (coldStartStrategy 'drop', as the seed does);
 * - ranking metrics at k: each test user the model knows gets its top k over all items with the
 *   `train` pairs excluded; relevant = that user's test items (recommenders' relevancy 'top_k').
 * Throws when no test pair can be scored (a wrong model, or ids read differently), naming the
 * counts and an example id from each side (eval/id-overlap.ts).
 */
export function evaluateModel(model: ALSModel, test: Interactions, opts: EvaluateOptions = {}): Evaluation {
  const k = opts.k ?? 10;
  if (!(Number.isInteger(k) && k >= 1)) throw new Error(`evaluateModel: k must be an integer >= 1, got ${JSON.stringify(k)}`);
  const mismatch = noOverlapError(idOverlap(model, test), 'evaluateModel');
  if (mismatch) throw mismatch;
  const recommendations = model.recommendForUserSubset(testUsers(test), k, { exclude: opts.train });
  const ranking = evaluateRanking(model, test, { ...opts, recommendations });
  const beyond = opts.train ? evaluateBeyondAccuracy(model, opts.train, recommendations) : {};
  return { ...evaluateRatings(model, test), ...ranking, ...beyond };
}

/** External ids of the users with test rows, in order of first appearance. */
export function testUsers(test: Interactions): ExternalId[] {
  const seen = new Uint8Array(test.userIds.size);
  const out: ExternalId[] = [];
  for (const u of test.users) {
    if (seen[u]) continue;
    seen[u] = 1;
    out.push(test.userIds.toExternal(u));
  }
  return out;
}

/**
 * Beyond-accuracy metrics of the recommendation lists against the training data they exclude
 * (docs/metrics.md): catalog and distributional coverage, novelty, diversity, serendipity (with
 * relevance 1 on every row, recommenders' default).
 */
export function evaluateBeyondAccuracy(
  model: ALSModel,
  train: Interactions,
  recommendations: Recommendations,
): BeyondAccuracyMetrics {
  const itemToTrain = translateIds(model.itemIds, train.itemIds);
  const userToTrain = translateIds(model.userIds, train.userIds);
  const users: number[] = [];
  const items: number[] = [];
  for (let j = 0; j < recommendations.length; j++) {
    const u = userToTrain[recommendations.queryRows[j]!]!;
    for (const row of recommendations.list(j)) {
      users.push(u);
      items.push(itemToTrain[row]!);
    }
  }
  return beyondAccuracy(
    { users: train.users, items: train.items, numUsers: train.userIds.size, numItems: train.itemIds.size },
    { users: Int32Array.from(users), items: Int32Array.from(items) },
  );
}

/** Rating metrics on the test pairs the model can score; the others are counted as cold start. */
export function evaluateRatings(
  model: ALSModel,
  test: Interactions,
): Omit<RatingMetrics, 'count'> & Pick<Evaluation, 'ratedPairs' | 'coldStartPairs'> {
  const { rows, prediction } = model.transform(test, 'drop');
  const truth = new Float32Array(rows.length);
  for (let j = 0; j < rows.length; j++) truth[j] = test.ratings[rows[j]!]!;
  const { rmse, mae, rsquared, explainedVariance } =
    rows.length > 0 ? ratingMetrics(truth, prediction) : { rmse: NaN, mae: NaN, rsquared: NaN, explainedVariance: NaN };
  return { rmse, mae, rsquared, explainedVariance, ratedPairs: rows.length, coldStartPairs: test.users.length - rows.length };
}

/**
 * Ranking metrics at k: each test user the model knows gets its top k (`train` pairs excluded);
 * relevant = the user's test items. Pass `recommendations` to score lists computed elsewhere.
 */
export function evaluateRanking(
  model: ALSModel,
  test: Interactions,
  opts: EvaluateOptions & { recommendations?: Recommendations } = {},
): RankingMetrics {
  const k = opts.k ?? 10;
  const recs = opts.recommendations ?? model.recommendForUserSubset(testUsers(test), k, { exclude: opts.train });
  const { recommended, relevant } = rankingInputs(model, test, recs);
  return rankingMetrics(recommended, relevant, k);
}

/**
 * Ranking metrics at every cut-off 1 … K from one set of top-K lists (a list's top k is its first
 * k entries), for precision/recall/NDCG-against-k plots.
 */
export function rankingMetricsByK(model: ALSModel, test: Interactions, recommendations: Recommendations): RankingMetrics[] {
  const { recommended, relevant } = rankingInputs(model, test, recommendations);
  return Array.from({ length: recommendations.k }, (_, j) => rankingMetrics(recommended, relevant, j + 1));
}

/**
 * The pure metrics' inputs in the test data's dense indices: each user's ranked items and relevant
 * set. Recommended items the test data never mentions become distinct negative keys, so they stay
 * in the ranked list as misses.
 */
function rankingInputs(
  model: ALSModel,
  test: Interactions,
  recs: Recommendations,
): { recommended: Map<number, Int32Array>; relevant: Map<number, Set<number>> } {
  const relevant = new Map<number, Set<number>>();
  for (let r = 0; r < test.users.length; r++) {
    const u = test.users[r]!;
    let set = relevant.get(u);
    if (!set) relevant.set(u, (set = new Set()));
    set.add(test.items[r]!);
  }
  const itemToTest = translateIds(model.itemIds, test.itemIds);
  const userToTest = translateIds(model.userIds, test.userIds);
  const recommended = new Map<number, Int32Array>();
  for (let j = 0; j < recs.length; j++) {
    const list = recs.list(j);
    const mapped = new Int32Array(list.length);
    for (let p = 0; p < list.length; p++) {
      const t = itemToTest[list[p]!]!;
      mapped[p] = t >= 0 ? t : -1 - list[p]!;
    }
    const u = userToTest[recs.queryRows[j]!]!;
    if (u >= 0) recommended.set(u, mapped);
  }
  return { recommended, relevant };
}
