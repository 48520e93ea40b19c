import { parentPort, workerData } from 'node:worker_threads';
import { shareTrainingSetUp } from '../als/shared-set-up.js';
import { IdMap } from '../data/id-map.js';
import type { Interactions } from '../data/interactions.js';
import { scoreTask, type SearchTask } from '../tuning/search-runner.js';
import { splitParts } from '../tuning/split-plan.js';
import type { FitWorkerData, ToMain, ToWorker } from './worker-messages.js';

/**
 * A worker thread of the search: it receives the rows once (shared memory, no copy) and then fits
 * and scores the tasks it is sent, one at a time, reporting each iteration. Each fit runs on this
 * thread alone (numThreads 1): the parallelism of a search is across configurations.
 *
 * Ids: the worker gets the real external ids, since each initial factor row is drawn from
 * (seed, its id): the fits are then the same as in-process (tests compare with that runner).
 */
const init = workerData as FitWorkerData;
const data: Interactions = {
  users: init.users,
  items: init.items,
  ratings: init.ratings,
  userIds: IdMap.from(init.userIds),
  itemIds: IdMap.from(init.itemIds),
};
let cachedSplit = -1;
let parts: ReturnType<typeof splitParts> | undefined;

parentPort!.on('message', async (message: ToWorker) => {
  const task: SearchTask = message.task;
  try {
    if (parts === undefined || cachedSplit !== task.split) {
      parts = splitParts({ data, fold: init.fold }, task.split);
      shareTrainingSetUp(parts.train); // numbering and CSRs once per split, not once per fit
      cachedSplit = task.split;
    }
    const onIteration = (info: { iteration: number; maxIter: number }) =>
      post({ type: 'iteration', index: task.index, iteration: info.iteration, maxIter: info.maxIter });
    const result = await scoreTask(parts.train, parts.validation, { ...task.options, numThreads: 1, onIteration }, init.spec);
    post({ type: 'done', index: task.index, ...result });
  } catch (e) {
    post({ type: 'error', index: task.index, message: (e as Error).message ?? String(e) });
  }
});

function post(m: ToMain): void {
  parentPort!.postMessage(m);
}
