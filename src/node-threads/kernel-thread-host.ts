import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { setThreadHost, threadHost, type ThreadHandle, type ThreadHost, type WorkerReply } from '../kernels/pool/thread-host.js';

/**
 * Node's worker_threads behind the pool's ThreadHost. The worker entry sits beside this file:
 * kernel-worker.js when running from dist/ (compiled), kernel-worker.ts from sources (vitest, tsx).
 * Node 20 workers ignore `--import tsx` in execArgv, so a TypeScript entry is started by a small
 * evaluated script that registers tsx's loader in the worker and then imports the entry.
 */
function spawn(): ThreadHandle {
  const here = import.meta.url;
  let worker: Worker;
  if (here.endsWith('.ts')) {
    const entry = new URL('./kernel-worker.ts', here).href;
    const tsx = resolveTsxApi();
    const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
    worker = new Worker(boot, { eval: true });
  } else {
    worker = new Worker(new URL('./kernel-worker.js', here));
  }
  return {
    postMessage: (m) => worker.postMessage(m),
    onMessage: (listener) => worker.on('message', (m: WorkerReply) => listener(m)),
    onError: (listener) => {
      worker.on('error', listener);
      worker.on('exit', (code) => listener(new Error(`kernel worker exited with code ${code}`)));
    },
    ref: () => worker.ref(),
    unref: () => worker.unref(),
    terminate: () => worker.terminate(),
  };
}

/** tsx's loader API, resolved from this file when the host supports import.meta.resolve. */
function resolveTsxApi(): string {
  try {
    return import.meta.resolve('tsx/esm/api');
  } catch {
    return 'tsx/esm/api'; // resolved from the working directory by the evaluated script
  }
}

export const nodeThreadHost: ThreadHost = { spawn, cores: () => availableParallelism() };

/**
 * Lets fits and top-K use Node's worker threads (the core runs on one thread until a host is
 * registered). Importing 'alsrec/node' calls it; so does the CLI. Keeps a host already registered.
 */
export function useNodeThreads(): void {
  if (threadHost() === null) setThreadHost(nodeThreadHost);
}
