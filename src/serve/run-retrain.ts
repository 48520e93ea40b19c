import type { RetrainJob, RetrainResult } from './retrain.js';
import { runWorker } from './worker-boot.js';

/** Runs `retrain(job)` (retrain.ts) in a worker thread and resolves with its result. */
export function runRetrainWorker(job: RetrainJob): Promise<RetrainResult> {
  return runWorker<RetrainResult>('retrain-worker', job);
}
