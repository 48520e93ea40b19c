import type { ALSOptions } from '../als/options.js';
import { shareTrainingSetUp } from '../als/shared-set-up.js';
import type { Interactions } from '../data/interactions.js';
import { fitAndScore, type ScoreSpec } from './score-fit.js';
import { splitParts, type SplitPlan } from './split-plan.js';
import type { MetricValues } from './tuning-metric.js';

/** One fit of a search: configuration `config` trained on split `split`. */
export interface SearchTask {
  /** Position in the task list; results come back at the same position. */
  readonly index: number;
  readonly config: number;
  readonly split: number;
  /** Plain ALS options (no callbacks), so a task can be posted to a worker as it is. */
  readonly options: Omit<ALSOptions, 'onIteration'>;
}

export interface TaskResult {
  /** Empty when the fit failed. */
  readonly metrics: MetricValues;
  /** NaN when the fit failed. */
  readonly fitSeconds: number;
  /** Why the fit failed (e.g. normal equations not positive definite); the search goes on. */
  readonly error?: string;
}

/** Progress of a search; `slot` says which of the runner's parallel lanes the task runs in. */
export interface SearchEvents {
  onTaskStart?(task: SearchTask, slot: number): void;
  onIteration?(task: SearchTask, slot: number, info: { iteration: number; maxIter: number }): void;
  onTaskDone?(task: SearchTask, slot: number, result: TaskResult): void;
}

/**
 * Runs the fits of a search. Every task is independent and seeded, so a runner may run them in
 * any order and in parallel: the results depend on the tasks only, never on the runner.
 */
export interface SearchRunner {
  /** How many fits run at once. */
  readonly parallelism: number;
  /** Runs every task; result i belongs to tasks[i]. */
  run(plan: SplitPlan, tasks: readonly SearchTask[], spec: ScoreSpec, events: SearchEvents): Promise<TaskResult[]>;
}

/**
 * Fits one after the other on the calling thread (works everywhere, browsers included). Each
 * split's rows, and their numbering and CSRs (als/shared-set-up.ts), are built once, since tasks
 * come ordered split by split.
 */
export const inProcessRunner: SearchRunner = {
  parallelism: 1,
  async run(plan, tasks, spec, events) {
    const results: TaskResult[] = new Array(tasks.length);
    let cachedSplit = -1;
    let parts: { train: Interactions; validation: Interactions } | undefined;
    for (const task of tasks) {
      if (parts === undefined || cachedSplit !== task.split) {
        parts = splitParts(plan, task.split);
        shareTrainingSetUp(parts.train); // numbering and CSRs once per split, not once per fit
        cachedSplit = task.split;
      }
      const { train, validation } = parts;
      events.onTaskStart?.(task, 0);
      const onIteration = (info: { iteration: number; maxIter: number }) => events.onIteration?.(task, 0, info);
      results[task.index] = await scoreTask(train, validation, { ...task.options, onIteration }, spec);
      events.onTaskDone?.(task, 0, results[task.index]!);
      await new Promise((resolve) => setTimeout(resolve, 0)); // let timers and I/O (progress bars) run between fits
    }
    return results;
  },
};

/**
 * fitAndScore for a runner: a configuration that cannot be fitted (an error of ALS, such as normal
 * equations that are not positive definite under an extreme parameter) is recorded, not thrown,
 * so one bad corner of a grid does not lose the rest of the search.
 */
export async function scoreTask(train: Interactions, validation: Interactions, options: ALSOptions, spec: ScoreSpec): Promise<TaskResult> {
  try {
    const { metrics, fitSeconds } = await fitAndScore(train, validation, options, spec);
    return { metrics, fitSeconds };
  } catch (e) {
    return { metrics: {}, fitSeconds: NaN, error: (e as Error).message ?? String(e) };
  }
}
