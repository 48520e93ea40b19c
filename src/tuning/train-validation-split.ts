import type { Interactions } from '../data/interactions.js';
import type { GridSpec, ParamMap } from './param-grid.js';
import { runSearch, type SearchOptions, type TuningResult } from './run-search.js';
import { explicitValidationPlan, trainValidationPlan } from './split-plan.js';

export interface TrainValidationSplitOptions extends SearchOptions {
  /** Share of the rows that train when `data` is split here, in (0, 1). Default 0.75, as Spark. */
  trainRatio?: number;
}

/**
 * Train/validation search of ALS over a grid, after Spark's TrainValidationSplit. Two forms:
 *
 * - `trainValidationSplit(data, grid, { trainRatio: 0.75, seed: 42 })`: `data` is split as
 *   randomSplit(data, trainRatio, seed) would; every configuration is fitted on the training part
 *   and scored on the rest; the best is refitted on all of `data` (Spark's behaviour).
 * - `trainValidationSplit({ train, validation }, grid)`: the seed workflow's given split (a test
 *   file cut off beforehand); the best is refitted on `train` only — the same model as its search
 *   fit, since fits are seeded — and `validation` never trains.
 */
export function trainValidationSplit(
  data: Interactions | { train: Interactions; validation: Interactions },
  grid: GridSpec | readonly ParamMap[],
  opts: TrainValidationSplitOptions = {},
): Promise<TuningResult> {
  const plan = isGivenSplit(data)
    ? explicitValidationPlan(data.train, data.validation)
    : trainValidationPlan(data, opts.trainRatio ?? 0.75, opts.seed ?? 42);
  return runSearch(plan, grid, opts, 'trainValidationSplit');
}

function isGivenSplit(d: unknown): d is { train: Interactions; validation: Interactions } {
  const o = d as { train?: Interactions; validation?: Interactions; users?: unknown };
  if (o.users !== undefined) return false;
  if (o.train === undefined || o.validation === undefined) {
    throw new TypeError('trainValidationSplit: pass Interactions, or { train, validation } with both sets');
  }
  return true;
}
