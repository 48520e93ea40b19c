import type { Interactions } from '../data/interactions.js';
import type { GridSpec, ParamMap } from './param-grid.js';
import { runSearch, type SearchOptions, type TuningResult } from './run-search.js';
import { crossValidationPlan } from './split-plan.js';

export interface CrossValidateOptions extends SearchOptions {
  /** Number of folds k ≥ 2. Default 3, as Spark's CrossValidator. */
  numFolds?: number;
}

/**
 * k-fold cross-validation of ALS over a grid, after Spark's CrossValidator:
 *
 *   const cv = await crossValidate(ratings, { rank: [10, 20], regParam: [0.01, 0.1], maxIter: 15 },
 *                                  { numFolds: 5, metric: 'ndcg@10' });
 *   cv.best.params; cv.bestModel.recommendForAllUsers(10);
 *
 * The rows are dealt into k folds with the seed (kFoldAssignment: exact sizes, where Spark draws
 * each row's fold independently); each configuration is fitted k times, on all folds but j, and
 * scored on fold j; its metric is the mean of the k scores; the best configuration (by the metric's
 * direction) is refitted on all of `data`.
 */
export function crossValidate(
  data: Interactions,
  grid: GridSpec | readonly ParamMap[],
  opts: CrossValidateOptions = {},
): Promise<TuningResult> {
  const plan = crossValidationPlan(data, opts.numFolds ?? 3, opts.seed ?? 42);
  return runSearch(plan, grid, opts, 'crossValidate');
}
