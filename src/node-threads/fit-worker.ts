import { parentPort } from 'node:worker_threads';
import { shareTrainingSetUp } from '../als/shared-set-up.js';
import { IdMap } from '../data/id-map.js';
import type { Interactions } from '../data/interactions.js';
import { scoreTask, type SearchTask } from '../tuning/search-runner.js';
import { splitParts } from '../tuning/split-plan.js';
import type { ToMain, ToWorker } from './worker-messages.js';

/**
 * A worker thread of the search. It boots before the search is ready (the caller may start it
 * while reading the data), then receives the rows once (shared memory, no copy) with every task,
 * and takes tasks from the shared counter until none is left, fitting and scoring each one,
 * reporting its start, its iterations and its result. Each fit runs on this thread alone
 * (numThreads 1): the parallelism of a search is across configurations.
 *
 * Ids: the worker gets the real external ids, since each initial factor row is drawn from
 * (seed, its id): the fits are then the same as in-process (tests compare with that runner).
 */
parentPort!.on('message', (message: ToWorker) => {
  void search(message);
});

async function search({ data: init, tasks, next }: ToWorker): Promise<void> {
  const data: Interactions = {
    users: init.users,
    items: init.items,
    ratings: init.ratings,
    userIds: IdMap.from(init.userIds),
    itemIds: IdMap.from(init.itemIds),
  };
  let cachedSplit = -1;
  let parts: ReturnType<typeof splitParts> | undefined;
  for (let index = Atomics.add(next, 0, 1); index < tasks.length; index = Atomics.add(next, 0, 1)) {
    const task: SearchTask = tasks[index]!;
    post({ type: 'start', index });
    try {
      if (parts === undefined || cachedSplit !== task.split) {
        parts = splitParts({ data, fold: init.fold }, task.split);
        shareTrainingSetUp(parts.train); // numbering and CSRs once per split, not once per fit
        cachedSplit = task.split;
      }
      const onIteration = (info: { iteration: number; maxIter: number }) =>
        post({ type: 'iteration', index, iteration: info.iteration, maxIter: info.maxIter });
      const result = await scoreTask(parts.train, parts.validation, { ...task.options, numThreads: 1, onIteration }, init.spec);
      post({ type: 'done', index, ...result });
    } catch (e) {
      post({ type: 'error', index, message: (e as Error).message ?? String(e) });
      return;
    }
  }
}

function post(m: ToMain): void {
  parentPort!.postMessage(m);
}
