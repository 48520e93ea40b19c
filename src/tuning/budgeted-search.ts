import { ALS_DEFAULTS } from '../als/options.js';
import type { ParamMap } from './param-grid.js';
import { sampleConfigs, type ParamRange } from './random-search.js';
import { finishSearch, scoreConfigs, type ConfigResult, type SearchOptions, type TuningResult } from './run-search.js';
import type { SplitPlan } from './split-plan.js';
import { isLargerBetter, parseMetric } from './tuning-metric.js';

/**
 * How much a search may spend: `fits` — configurations at full maxIter (a fit of m iterations costs
 * m / maxIter of one; under k-fold cross-validation one configuration fitted on all k folds counts
 * as one) — or wall-clock `seconds`
 * of search fits (the refit of the best is extra). A fits budget is reproducible; a seconds budget
 * depends on the machine and its load.
 */
export type SearchBudget = { readonly fits: number } | { readonly seconds: number };

/** 'random': independent draws from the ranges. 'halving': successive halving over maxIter. */
export type SearchStrategy = 'random' | 'halving';

/** Parses `30` (fits), `120s`, `2m` (seconds). */
export function parseBudget(text: string): SearchBudget {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|m|fits)?\s*$/.exec(text);
  const value = m ? Number(m[1]) : NaN;
  if (!m || !(value > 0)) throw new RangeError(`budget '${text}': write a number of fits (30) or a duration (120s, 2m), greater than 0`);
  if (m[2] === 's') return { seconds: value };
  if (m[2] === 'm') return { seconds: value * 60 };
  if (!Number.isInteger(value)) throw new RangeError(`budget '${text}': a number of fits must be a whole number; write e.g. 30, or 45s for seconds`);
  return { fits: value };
}

/** 'budget 30 fits', 'budget 120 s'. */
export function describeBudget(b: SearchBudget): string {
  return 'fits' in b ? `${b.fits} fits` : `${b.seconds} s`;
}

export interface BudgetedSearchOptions extends SearchOptions {
  /** Default 'random'. */
  strategy?: SearchStrategy;
  /** Halving: the share 1/η of each rung promoted to η times the iterations. Default 3. */
  eta?: number;
  /** Halving: the fewest iterations of the first rung. Default 1. */
  minIter?: number;
}

export interface BudgetedResult extends TuningResult {
  readonly strategy: SearchStrategy;
  /** The rungs run: configurations fitted at each maxIter (random search: one rung). */
  readonly rungs: readonly { readonly maxIter: number; readonly configs: number }[];
  /** What was spent, in fits at full maxIter (a configuration on all splits counting once). */
  readonly fitsUsed: number;
}

/**
 * The successive-halving schedule (Jamieson & Talwalkar 2016) for a budget of `fits` at `maxIter`
 * R: rungs at r_j = round(R / η^(s−j)) iterations (r_0 ≥ minIter, the last rung R), n_0 settings in
 * the first and ⌊n_j / η⌋ promoted to the next. The most rungs s that leave at least one setting in
 * the last, with the largest n_0 whose cost Σ_j n_j·r_j / R fits the budget; s = 0 is random search.
 */
export function halvingSchedule(fits: number, maxIter: number, eta = 3, minIter = 1): { maxIter: number; configs: number }[] {
  if (!(Number.isInteger(fits) && fits >= 1)) throw new RangeError(`halving: the budget must be an integer >= 1 fits, got ${fits}`);
  if (!(eta >= 2)) throw new RangeError(`halving: eta must be >= 2, got ${eta}`);
  for (let s = halvingIterations(maxIter, eta, minIter).length - 1; s >= 0; s--) {
    const iters = halvingIterations(maxIter, eta, minIter).slice(-(s + 1));
    const counts = (n0: number) => iters.map((_, j) => Math.floor(n0 / eta ** j));
    const cost = (n0: number) => counts(n0).reduce((c, n, j) => c + (n * iters[j]!) / maxIter, 0);
    let n0 = Math.ceil(eta ** s);
    if (cost(n0) > fits + 1e-9) continue;
    while (cost(n0 + 1) <= fits + 1e-9) n0++;
    return iters.map((r, j) => ({ maxIter: r, configs: counts(n0)[j]! }));
  }
  return [{ maxIter, configs: fits }];
}

/** The iterations of the most rungs maxIter allows: round(R / η^(s−j)) for j = 0 … s, the first ≥ minIter. */
export function halvingIterations(maxIter: number, eta = 3, minIter = 1): number[] {
  const s = Math.max(0, Math.floor(Math.log(maxIter / Math.max(1, minIter)) / Math.log(eta) + 1e-9));
  return Array.from({ length: s + 1 }, (_, j) => Math.max(1, Math.round(maxIter / eta ** (s - j))));
}

/**
 * Searches `ranges` (over the `fixed` parameters) on `plan` within `budget`, then refits the best
 * on plan.full (finishSearch). Random: settings drawn in order from sampleConfigs(ranges, fixed, ·,
 * seed) — a fits budget tries that many; a seconds budget goes on in batches of the runner's
 * parallelism until the time is spent (at least one batch). Halving: the first rung's settings are
 * fitted at few iterations, the best 1/η refitted at η times as many, and so on up to maxIter; the
 * best of the last rung wins. With a seconds budget the first rung runs in batches for 1/(s+1) of
 * the time (each rung costs about the same), and the rungs after it follow from its size.
 */
export async function budgetedSearch(
  plan: SplitPlan,
  ranges: readonly ParamRange[],
  fixed: ParamMap,
  budget: SearchBudget,
  opts: BudgetedSearchOptions,
  who: string,
): Promise<BudgetedResult> {
  const strategy = opts.strategy ?? 'random';
  const seed = opts.seed ?? 42;
  const R = typeof fixed.maxIter === 'number' ? fixed.maxIter : ALS_DEFAULTS.maxIter;
  const batch = Math.max(1, opts.runner?.parallelism ?? 1);
  const draw = (from: number, count: number) => sampleConfigs(ranges, fixed, from + count, seed).slice(from);
  const results: ConfigResult[] = [];
  let seconds = 0;
  const run = async (configs: readonly ParamMap[]) => {
    const scored = await scoreConfigs(plan, configs, opts, who);
    seconds += scored.seconds;
    const start = results.length;
    results.push(...scored.results);
    return Array.from({ length: configs.length }, (_, j) => start + j);
  };
  /** Settings drawn and fitted in batches until `limit` seconds of search have passed. */
  const untilSeconds = async (limit: number, withIter: (c: ParamMap) => ParamMap) => {
    const indices: number[] = [];
    do indices.push(...(await run(draw(indices.length, batch).map(withIter))));
    while (seconds < limit);
    return indices;
  };
  if (strategy === 'random') {
    const indices = 'fits' in budget ? await run(draw(0, budget.fits)) : await untilSeconds(budget.seconds, (c) => c);
    const tuned = await finishSearch(plan, results, seconds, opts, who);
    return { ...tuned, strategy, rungs: [{ maxIter: R, configs: indices.length }], fitsUsed: indices.length };
  }
  if (ranges.some((r) => r.key === 'maxIter')) {
    throw new RangeError(`${who}: successive halving spends maxIter as its resource, so maxIter cannot be a searched range; fix it (e.g. maxIter 15) or use the random search`);
  }
  const eta = opts.eta ?? 3;
  const plannedRungs =
    'fits' in budget
      ? halvingSchedule(budget.fits, R, eta, opts.minIter ?? 1)
      : halvingIterations(R, eta, opts.minIter ?? 1).map((maxIter) => ({ maxIter, configs: 0 }));
  const metric = parseMetric(opts.metric ?? 'rmse', opts.k ?? 10).metric;
  const larger = isLargerBetter(metric);
  const rungs: { maxIter: number; configs: number }[] = [];
  let survivors: ParamMap[] = [];
  let last: number[] = [];
  for (let j = 0; j < plannedRungs.length; j++) {
    const iters = plannedRungs[j]!.maxIter;
    const withIter = (c: ParamMap): ParamMap => ({ ...c, maxIter: iters });
    if (j === 0) {
      last = 'fits' in budget ? await run(draw(0, plannedRungs[0]!.configs).map(withIter)) : await untilSeconds(budget.seconds / plannedRungs.length, withIter);
    } else {
      last = await run(survivors.map(withIter));
    }
    rungs.push({ maxIter: iters, configs: last.length });
    if (j + 1 === plannedRungs.length) break;
    const keep = Math.max(1, Math.floor(last.length / eta));
    const order = [...last].sort((a, b) => compare(results[a]!.metrics[metric], results[b]!.metrics[metric], larger) || a - b);
    survivors = order.slice(0, keep).map((i) => results[i]!.params);
  }
  const tuned = await finishSearch(plan, results, seconds, opts, who, last);
  const fitsUsed = rungs.reduce((c, r) => c + (r.configs * r.maxIter) / R, 0);
  return { ...tuned, strategy, rungs, fitsUsed };
}

/** Best first: the larger (or smaller) value; NaN and missing last. */
function compare(a: number | undefined, b: number | undefined, larger: boolean): number {
  const na = a === undefined || Number.isNaN(a);
  const nb = b === undefined || Number.isNaN(b);
  if (na || nb) return na === nb ? 0 : na ? 1 : -1;
  return larger ? b - a : a - b;
}
