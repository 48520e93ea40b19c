import { ALS } from '../als/als.js';
import type { ALSModel } from '../als/als-model.js';
import type { ALSOptions } from '../als/options.js';
import { translateIds } from '../data/id-translation.js';
import type { Interactions } from '../data/interactions.js';
import { beyondAccuracy } from '../eval/beyond-accuracy.js';
import { evaluateRanking, evaluateRatings } from '../eval/evaluate.js';
import type { MetricFamily, MetricValues } from './tuning-metric.js';

/** What to measure on a validation set. */
export interface ScoreSpec {
  /** Metric families to compute; 'rating' is cheap, 'ranking' ranks every validation user's items. */
  families: readonly MetricFamily[];
  /** Cut-off of the ranking metrics and length of the lists the beyond-accuracy metrics read. */
  k: number;
}

export interface FitScore {
  metrics: MetricValues;
  /** Wall time of ALS.fit alone, in seconds. */
  fitSeconds: number;
  model: ALSModel;
}

/**
 * Fits ALS with `options` on `train` and measures it on `validation`, as the seed workflow does:
 * - rating metrics on the validation pairs the model can score (coldStartStrategy 'drop');
 * - ranking metrics at k: each validation user the model knows gets its top k over all items,
 *   the `train` pairs excluded; relevant = the user's validation items;
 * - beyond-accuracy metrics on those same top-k lists, against the `train` pairs.
 * A metric with nothing to average (no scorable pair) is NaN.
 */
export async function fitAndScore(train: Interactions, validation: Interactions, options: ALSOptions, spec: ScoreSpec): Promise<FitScore> {
  const t0 = performance.now();
  const model = await new ALS(options).fit(train);
  const fitSeconds = (performance.now() - t0) / 1000;
  const metrics: MetricValues = {};
  if (spec.families.includes('rating')) {
    const { rmse, mae, rsquared, explainedVariance } = evaluateRatings(model, validation);
    Object.assign(metrics, { rmse, mae, rsquared, explainedVariance });
  }
  const wantsRanking = spec.families.includes('ranking');
  const wantsBeyond = spec.families.includes('beyondAccuracy');
  if (wantsRanking || wantsBeyond) {
    const users = [...new Set(validation.users)].map((u) => validation.userIds.toExternal(u));
    const recommendations = model.recommendForUserSubset(users, spec.k, { exclude: train });
    if (wantsRanking) {
      const { precisionAtK, recallAtK, ndcgAtK, map, mapAtK } = evaluateRanking(model, validation, { k: spec.k, recommendations });
      Object.assign(metrics, { precisionAtK, recallAtK, ndcgAtK, map, mapAtK });
    }
    if (wantsBeyond) {
      // Recommendation rows in the dense indices of `train` (which shares its id maps with the data).
      const userOf = translateIds(model.userIds, train.userIds);
      const itemOf = translateIds(model.itemIds, train.itemIds);
      const recoUsers: number[] = [];
      const recoItems: number[] = [];
      for (let j = 0; j < recommendations.length; j++) {
        for (const row of recommendations.list(j)) {
          recoUsers.push(userOf[recommendations.queryRows[j]!]!);
          recoItems.push(itemOf[row]!);
        }
      }
      const b = beyondAccuracy(
        { users: train.users, items: train.items, numUsers: train.userIds.size, numItems: train.itemIds.size },
        { users: Int32Array.from(recoUsers), items: Int32Array.from(recoItems) },
      );
      const { catalogCoverage, distributionalCoverage, novelty, diversity, serendipity } = b;
      Object.assign(metrics, { catalogCoverage, distributionalCoverage, novelty, diversity, serendipity });
    }
  }
  return { metrics, fitSeconds, model };
}
