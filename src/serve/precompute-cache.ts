import type { PlainInteractions } from './retrain.js';
import { runWorker } from './worker-boot.js';

export interface CacheJob {
  modelDir: string;
  k: number;
  train: PlainInteractions | null;
}

/** Every model user's top-k: `indices`/`scores` row j (k wide, −1 padded) belongs to model user row `queryRows[j]`. */
export interface CacheLists {
  queryRows: Int32Array;
  indices: Int32Array;
  scores: Float32Array;
}

/** The lists of cache-worker.ts, computed in a worker thread (the model is loaded there again from its directory). */
export function precomputeInWorker(job: CacheJob): Promise<CacheLists> {
  return runWorker<CacheLists>('cache-worker', job);
}
