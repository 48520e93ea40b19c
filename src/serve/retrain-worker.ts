import { parentPort, workerData } from 'node:worker_threads';
import { useNodeThreads } from '../node-threads/kernel-thread-host.js';
import { retrain, type RetrainJob } from './retrain.js';

// A retrain in its own thread, so the service's event loop keeps answering (retrain.ts).
useNodeThreads();
retrain(workerData as RetrainJob).then(
  (result) => parentPort!.postMessage({ ok: true, result }),
  (e: Error) => parentPort!.postMessage({ ok: false, message: e.message }),
);
