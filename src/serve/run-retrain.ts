import { Worker } from 'node:worker_threads';
import type { RetrainJob, RetrainResult } from './retrain.js';

/**
 * Runs `retrain(job)` in a worker thread and resolves with its result. From sources (.ts, under
 * tsx or vitest) the worker registers tsx's loader first, as node-threads/kernel-thread-host.ts does.
 */
export function runRetrainWorker(job: RetrainJob): Promise<RetrainResult> {
  const here = import.meta.url;
  let worker: Worker;
  if (here.endsWith('.ts')) {
    const entry = new URL('./retrain-worker.ts', here).href;
    let tsx = 'tsx/esm/api';
    try {
      tsx = import.meta.resolve('tsx/esm/api');
    } catch {
      // resolved from the working directory by the evaluated script
    }
    const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
    worker = new Worker(boot, { eval: true, workerData: job });
  } else {
    worker = new Worker(new URL('./retrain-worker.js', here), { workerData: job });
  }
  return new Promise((resolve, reject) => {
    worker.once('message', (m: { ok: true; result: RetrainResult } | { ok: false; message: string }) => {
      void worker.terminate();
      if (m.ok) resolve(m.result);
      else reject(new Error(`retrain: ${m.message}`));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`retrain: the worker exited with code ${code} before answering`)));
  });
}
