import type { ThreadHandle, ThreadHost, WorkerReply } from './thread-host.js';

/** The part of the Web Worker API the host uses (the project compiles without the DOM library). */
interface WebWorker {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: WorkerReply }) => void): void;
  addEventListener(type: 'error', listener: (event: { message?: string }) => void): void;
  terminate(): void;
}
type WebWorkerConstructor = new (url: string | URL, options: { type: 'module' }) => WebWorker;

/**
 * Web Workers as the core's threads, for a browser page (or Deno):
 *
 *   setThreadHost(webWorkerHost(new URL('./alsrec-kernel-worker.js', import.meta.url)));
 *
 * where the worker module is the kernel worker body on the worker's port:
 *
 *   import { kernelWorker } from 'alsrec';
 *   const handle = kernelWorker((m) => self.postMessage(m));
 *   self.onmessage = (e) => handle(e.data);
 *
 * The WASM memory the threads share is a SharedArrayBuffer, so the page must be cross-origin
 * isolated (COOP/COEP headers), as for the WASM kernels on one thread. `cores` defaults to
 * navigator.hardwareConcurrency. Web Workers cannot be unref'd: ref/unref do nothing.
 */
export function webWorkerHost(workerUrl: string | URL, cores?: number): ThreadHost {
  const Worker = (globalThis as { Worker?: WebWorkerConstructor }).Worker;
  if (!Worker) throw new Error('webWorkerHost: this host has no Worker (Web Workers); in Node import \'alsrec/node\' instead');
  const hardware = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return {
    cores: () => cores ?? (typeof hardware === 'number' && hardware >= 1 ? hardware : 1),
    spawn(): ThreadHandle {
      const worker = new Worker(workerUrl, { type: 'module' });
      return {
        postMessage: (m) => worker.postMessage(m),
        onMessage: (listener) => worker.addEventListener('message', (e) => listener(e.data)),
        onError: (listener) => worker.addEventListener('error', (e) => listener(new Error(`kernel worker ${String(workerUrl)}: ${e.message ?? 'failed to start'}`))),
        ref: () => undefined,
        unref: () => undefined,
        terminate: async () => worker.terminate(),
      };
    },
  };
}
