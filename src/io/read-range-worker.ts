import { parentPort } from 'node:worker_threads';
import { readRange, type RangeTask } from './read-range.js';

/**
 * Worker entry of the parallel reader (read-parallel.ts): reads the range it is sent and posts the
 * rows back, moving (not copying) the column buffers.
 */
parentPort!.on('message', (task: RangeTask) => {
  readRange(task).then(
    (r) => {
      if ('fallback' in r) return parentPort!.postMessage(r);
      const moved = [r.users, r.items, r.ratings, r.timestamps, r.userKeys, r.itemKeys].filter((a) => a !== null).map((a) => a!.buffer as ArrayBuffer);
      parentPort!.postMessage(r, moved);
    },
    (e: Error) => parentPort!.postMessage({ fallback: e.message }),
  );
});
