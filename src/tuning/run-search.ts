import { ALS } from '../als/als.js';
import type { ALSModel } from '../als/als-model.js';
import { size } from '../data/interactions.js';
import { paramGrid, type GridSpec, type ParamMap } from './param-grid.js';
import { checkConfigs, fitOptions } from './search-config.js';
import { inProcessRunner, type SearchEvents, type SearchRunner, type SearchTask, type TaskResult } from './search-runner.js';
import type { SplitPlan } from './split-plan.js';
import {
  bestIndex,
  isLargerBetter,
  metricFamily,
  metricLabel,
  parseMetric,
  type MetricChoice,
  type MetricFamily,
  type MetricName,
  type MetricValues,
} from './tuning-metric.js';

/** Options shared by crossValidate and trainValidationSplit. */
export interface SearchOptions {
  /**
   * Metric to optimise, in the right direction (isLargerBetter): 'rmse', 'ndcgAtK', 'ndcg@10', …
   * (see parseMetric). Default 'rmse', as Spark's RegressionEvaluator.
   */
  metric?: MetricName | string;
  /** Cut-off of the ranking metrics when `metric` carries no '@k'. Default 10. */
  k?: number;
  /** Seed of the folds or of the train/validation split (not of the factors: grid key `seed`). Default 42. */
  seed?: number;
  /** Who runs the fits. Default: inProcessRunner, one fit at a time. In Node, a worker runner runs several. */
  runner?: SearchRunner;
  /**
   * Parameters the refit of the best configuration adds to it (not searched), e.g.
   * `{ ensembleSize: 8 }` to refit the chosen setting as an average of 8 seeds. Default none.
   */
  refitWith?: ParamMap;
  /**
   * Metric families to score on every fit. Default ['rating', 'ranking'] (and 'beyondAccuracy' when
   * the metric is one): every result then carries both families. The optimised metric's family is
   * always scored; give only it (e.g. ['rating'] for rmse) to skip the ranking metrics, which rank
   * every validation user's items and cost more than a small fit's rating metrics.
   */
  families?: readonly MetricFamily[];
  /** Progress callbacks: fits starting, iterating and finishing, and the refit of the best configuration. */
  events?: SearchEvents & { onRefitIteration?(info: { iteration: number; maxIter: number }): void };
}

/** One configuration of the grid and how it scored. */
export interface ConfigResult {
  readonly params: ParamMap;
  /** Each metric averaged over the folds (cross-validation) or on the validation set. */
  readonly metrics: MetricValues;
  /** Wall time of one fit, in seconds (averaged over the folds for cross-validation). */
  readonly fitSeconds: number;
  /** Set when a fit of this configuration failed (its metrics are then NaN); the first fold's error. */
  readonly error?: string;
  /** Cross-validation only: each fold's metrics and fit time, fold 0 first. */
  readonly folds?: readonly TaskResult[];
}

export interface TuningResult {
  readonly kind: SplitPlan['kind'];
  /** The optimised metric, its cut-off and its direction. */
  readonly metric: MetricName;
  readonly k: number;
  readonly largerIsBetter: boolean;
  /** 'rmse', 'ndcg@10'… */
  readonly label: string;
  /** One entry per configuration, in grid order. */
  readonly results: readonly ConfigResult[];
  readonly best: { readonly index: number; readonly params: ParamMap; readonly metric: number };
  /** The best configuration refitted on the full training data (SplitPlan.full), with SearchOptions.refitWith. */
  readonly bestModel: ALSModel;
  /** Rows of each split's training and validation sets. */
  readonly splits: readonly { train: number; validation: number }[];
  readonly seed: number;
  /** Wall times: all the search fits (with evaluation), and the refit of the best configuration. */
  readonly seconds: { readonly search: number; readonly refit: number };
}

const FAMILIES: readonly MetricFamily[] = ['rating', 'ranking', 'beyondAccuracy'];

/**
 * Fits every configuration on every split of `plan`, scores each on its validation rows,
 * averages the metric over the splits (Spark: `foldMetrics.transpose.map(_.sum / numFolds)`),
 * picks the best (smallest or largest by isLargerBetter; the first on ties; NaN never wins), and
 * refits it on `plan.full` as Spark's CrossValidator and TrainValidationSplit do. A fit that fails
 * is recorded in its result's `error` and scores NaN; the search fails only when every one does.
 *
 * Tasks go to the runner split by split (all configurations of split 0, then split 1, …), so a
 * runner rebuilds each split's rows once per lane. Every fit uses the seed of its configuration
 * (grid key `seed`, default ALS's), so the results do not depend on the runner or its parallelism.
 */
export async function runSearch(plan: SplitPlan, grid: GridSpec | readonly ParamMap[], opts: SearchOptions, who: string): Promise<TuningResult> {
  const configs = Array.isArray(grid) ? (grid as readonly ParamMap[]) : paramGrid(grid as GridSpec);
  const scored = await scoreConfigs(plan, configs, opts, who);
  return finishSearch(plan, scored.results, scored.seconds, opts, who);
}

/**
 * The search fits of `configs` on every split of `plan`, scored and averaged over the splits (no
 * choice, no refit): what runSearch and the budgeted searches (budgeted-search.ts) share.
 */
export async function scoreConfigs(plan: SplitPlan, configs: readonly ParamMap[], opts: SearchOptions, who: string): Promise<{ results: ConfigResult[]; seconds: number }> {
  checkConfigs(configs, who);
  const choice: MetricChoice = parseMetric(opts.metric ?? 'rmse', opts.k ?? 10);
  for (const f of opts.families ?? []) {
    if (!FAMILIES.includes(f)) throw new RangeError(`${who}: families lists '${String(f)}'; known: ${FAMILIES.join(', ')}`);
  }
  const families: MetricFamily[] = opts.families ? [...new Set(opts.families)] : ['rating', 'ranking'];
  if (!families.includes(metricFamily(choice.metric))) families.push(metricFamily(choice.metric));
  const tasks: SearchTask[] = [];
  for (let split = 0; split < plan.splits; split++) {
    configs.forEach((params, config) => tasks.push({ index: tasks.length, config, split, options: fitOptions(params) }));
  }
  const runner = opts.runner ?? inProcessRunner;
  const t0 = performance.now();
  const taskResults = await runner.run(plan, tasks, { families, k: choice.k }, opts.events ?? {});
  const seconds = (performance.now() - t0) / 1000;
  const names = [...new Set(taskResults.flatMap((t) => Object.keys(t.metrics) as MetricName[]))];
  const results: ConfigResult[] = configs.map((params, config) => {
    const folds = Array.from({ length: plan.splits }, (_, split) => taskResults[split * configs.length + config]!);
    const metrics = meanMetrics(folds.map((f) => f.metrics), names);
    const fitSeconds = folds.reduce((s, f) => s + f.fitSeconds, 0) / folds.length;
    const error = folds.find((f) => f.error !== undefined)?.error;
    return { params, metrics, fitSeconds, ...(error === undefined ? {} : { error }), ...(plan.kind === 'cross-validation' ? { folds } : {}) };
  });
  return { results, seconds };
}

/**
 * Picks the best of `results` by the metric of `opts` — among `candidates` (indices into
 * results; default all of them) — and refits it on `plan.full`: the end of every search.
 */
export async function finishSearch(
  plan: SplitPlan,
  results: readonly ConfigResult[],
  searchSeconds: number,
  opts: SearchOptions,
  who: string,
  candidates?: readonly number[],
): Promise<TuningResult> {
  const choice: MetricChoice = parseMetric(opts.metric ?? 'rmse', opts.k ?? 10);
  const largerIsBetter = isLargerBetter(choice.metric);
  const values = results.map((r) => r.metrics[choice.metric] ?? NaN);
  const eligible = candidates ? values.map((v, j) => (candidates.includes(j) ? v : NaN)) : values;
  const index = bestIndex(eligible, largerIsBetter);
  if (index < 0) {
    const failed = results.find((r) => r.error !== undefined);
    throw new Error(
      failed
        ? `${who}: no configuration could be scored; the first failure: ${failed.error}`
        : `${who}: every configuration scored NaN on ${choice.metric}; the validation data has no pair the models can score (cold start?) — check the split`,
    );
  }
  if (opts.refitWith) checkConfigs([{ ...results[index]!.params, ...opts.refitWith }], `${who} refit`);
  const t1 = performance.now();
  const onIteration = opts.events?.onRefitIteration;
  const bestModel = await new ALS({ ...fitOptions({ ...results[index]!.params, ...opts.refitWith }), computeLoss: true, onIteration }).fit(plan.full);
  const refitSeconds = (performance.now() - t1) / 1000;
  return {
    kind: plan.kind,
    metric: choice.metric,
    k: choice.k,
    largerIsBetter,
    label: metricLabel(choice),
    results,
    best: { index, params: results[index]!.params, metric: values[index]! },
    bestModel,
    splits: Array.from({ length: plan.splits }, (_, s) => splitSizes(plan, s)),
    seed: opts.seed ?? 42,
    seconds: { search: searchSeconds, refit: refitSeconds },
  };
}

/**
 * Metric by metric (`names`: every metric the search measured), the mean over the splits. NaN in
 * any split, or a split whose fit failed, gives NaN (as Spark's sum would), so it never wins.
 */
function meanMetrics(perSplit: readonly MetricValues[], names: readonly MetricName[]): MetricValues {
  const out: MetricValues = {};
  for (const name of names) {
    out[name] = perSplit.reduce((s, m) => s + (m[name] ?? NaN), 0) / perSplit.length;
  }
  return out;
}

function splitSizes(plan: SplitPlan, s: number): { train: number; validation: number } {
  let validation = 0;
  for (let r = 0; r < plan.fold.length; r++) if (plan.fold[r] === s) validation++;
  return { train: size(plan.data) - validation, validation };
}
