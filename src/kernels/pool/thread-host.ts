/**
 * What the pool needs from a thread, whatever the platform. The core never starts threads itself:
 * a host is injected with `setThreadHost`. The Node entry ('alsrec/node', src/node.ts) registers
 * Node's worker_threads (src/node-threads/kernel-thread-host.ts) when it is imported; a browser page
 * may register Web Workers the same way. Without a host every fit and top-K runs on the calling
 * thread (numThreads 'auto' resolves to 1; an explicit numThreads > 1 says so once).
 */
export interface ThreadHandle {
  postMessage(message: unknown): void;
  onMessage(listener: (message: WorkerReply) => void): void;
  onError(listener: (error: Error) => void): void;
  /** Keep the process alive while work is pending (ref), or let it exit when idle (unref). */
  ref(): void;
  unref(): void;
  terminate(): Promise<unknown>;
}

export interface ThreadHost {
  /** A new thread running the kernel worker (kernels/pool/kernel-worker.ts `kernelWorker`). */
  spawn(): ThreadHandle;
  /** Logical cores available to this process: the default numThreads. */
  cores(): number;
}

/** Messages from a worker. */
export type WorkerReply = { type: 'attached' } | { type: 'done' } | { type: 'error'; message: string };

let host: ThreadHost | null = null;

/** Registers the platform's threads (null: none, run on the calling thread). Returns the previous host. */
export function setThreadHost(next: ThreadHost | null): ThreadHost | null {
  const previous = host;
  host = next;
  return previous;
}

/** The registered thread host, or null. */
export function threadHost(): ThreadHost | null {
  return host;
}

/** Threads a job may use: the host's cores, or 1 without a host. */
export function availableCores(): number {
  return host ? Math.max(1, host.cores()) : 1;
}
