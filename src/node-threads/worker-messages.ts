import type { ExternalId } from '../data/id-map.js';
import type { ScoreSpec } from '../tuning/score-fit.js';
import type { SearchTask } from '../tuning/search-runner.js';
import type { MetricValues } from '../tuning/tuning-metric.js';

/** What a fit worker starts with: the rows of the search (views of SharedArrayBuffers) and what to measure. */
export interface FitWorkerData {
  users: Int32Array;
  items: Int32Array;
  ratings: Float32Array;
  /** SplitPlan.fold: split s validates on the rows with fold[r] = s. */
  fold: Int32Array;
  /** The external ids of the rows' dense indices: a fit's initial factors are drawn per id. */
  userIds: ExternalId[];
  itemIds: ExternalId[];
  spec: ScoreSpec;
}

export type ToWorker = { type: 'task'; task: SearchTask };

export type ToMain =
  | { type: 'iteration'; index: number; iteration: number; maxIter: number }
  | { type: 'done'; index: number; metrics: MetricValues; fitSeconds: number; error?: string }
  | { type: 'error'; index: number; message: string };
