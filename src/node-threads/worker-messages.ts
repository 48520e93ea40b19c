import type { ExternalId } from '../data/id-map.js';
import type { ScoreSpec } from '../tuning/score-fit.js';
import type { SearchTask } from '../tuning/search-runner.js';
import type { MetricValues } from '../tuning/tuning-metric.js';

/** What a fit worker is sent for a search: the rows (views of SharedArrayBuffers) and what to measure. */
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

/**
 * A search for a worker: its rows, every task, and the shared counter of tasks handed out. Every
 * lane (the calling thread and each worker) takes the next task with Atomics.add on `next`, so
 * no lane waits for a message to get work.
 */
export type ToWorker = { type: 'search'; data: FitWorkerData; tasks: readonly SearchTask[]; next: Int32Array };

export type ToMain =
  | { type: 'start'; index: number }
  | { type: 'iteration'; index: number; iteration: number; maxIter: number }
  | { type: 'done'; index: number; metrics: MetricValues; fitSeconds: number; error?: string }
  | { type: 'error'; index: number; message: string };
