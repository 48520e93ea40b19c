import { parentPort, workerData } from 'node:worker_threads';
import { IdMap } from '../data/id-map.js';
import { loadALSModel } from '../io/als-model-dir.js';
import { useNodeThreads } from '../node-threads/kernel-thread-host.js';
import type { CacheJob, CacheLists } from './precompute-cache.js';

/**
 * Builds a model's precomputed lists off the service's event loop: the threaded top-K uses the
 * calling thread as one of its threads, so it is called here, not in the service's thread.
 */
useNodeThreads();
const job = workerData as CacheJob;
(async (): Promise<CacheLists> => {
  const model = await loadALSModel(job.modelDir);
  const t = job.train;
  const exclude = t ? { users: t.users, items: t.items, ratings: t.ratings, userIds: IdMap.from(t.userIds), itemIds: IdMap.from(t.itemIds) } : undefined;
  const recs = await model.recommendForAllUsersAsync(job.k, { exclude });
  return { queryRows: recs.queryRows, indices: recs.indices, scores: recs.scores };
})().then(
  (result) => parentPort!.postMessage({ ok: true, result }, [result.queryRows.buffer, result.indices.buffer, result.scores.buffer] as ArrayBuffer[]),
  (e: Error) => parentPort!.postMessage({ ok: false, message: e.message }),
);
