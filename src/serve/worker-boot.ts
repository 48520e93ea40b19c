import { Worker } from 'node:worker_threads';

/**
 * Starts `./<name>.js` (compiled) or `./<name>.ts` (sources, under tsx or vitest) beside this file
 * as a worker thread with `workerData`. Node 20 workers ignore `--import tsx`, so a TypeScript entry
 * is started by a small evaluated script that registers tsx's loader first (as
 * node-threads/kernel-thread-host.ts does), and resolves with the worker's one answer.
 */
export function runWorker<T>(name: string, workerData: unknown, transferList: ArrayBuffer[] = []): Promise<T> {
  const here = import.meta.url;
  let worker: Worker;
  if (here.endsWith('.ts')) {
    const entry = new URL(`./${name}.ts`, here).href;
    let tsx = 'tsx/esm/api';
    try {
      tsx = import.meta.resolve('tsx/esm/api');
    } catch {
      // resolved from the working directory by the evaluated script
    }
    const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
    worker = new Worker(boot, { eval: true, workerData, transferList });
  } else {
    worker = new Worker(new URL(`./${name}.js`, here), { workerData, transferList });
  }
  return new Promise((resolve, reject) => {
    worker.once('message', (m: { ok: true; result: T } | { ok: false; message: string }) => {
      void worker.terminate();
      if (m.ok) resolve(m.result);
      else reject(new Error(`${name}: ${m.message}`));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`${name}: the worker exited with code ${code} before answering`)));
  });
}
