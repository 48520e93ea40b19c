/**
 * What the pool needs from a thread, whatever the platform: Node's worker_threads implement it in
 * node-threads.ts (the only file of the pool that imports node:*, loaded lazily and only in Node).
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
  spawn(): ThreadHandle;
  /** Logical cores available to this process. */
  cores(): number;
}

/** Messages from a worker. */
export type WorkerReply = { type: 'attached' } | { type: 'done' } | { type: 'error'; message: string };

let host: Promise<ThreadHost | null> | undefined;

/** The platform's threads: Node's worker_threads, or null where none are supported (browsers, for now). */
export function threadHost(): Promise<ThreadHost | null> {
  host ??= (async () => {
    const isNode = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';
    if (!isNode) return null;
    const m = await import('./node-threads.js');
    return m.nodeThreadHost;
  })();
  return host;
}

/**
 * Logical cores: Node's os.availableParallelism(), else navigator.hardwareConcurrency, else 1.
 * This is the default numThreads of a fit.
 */
export async function availableCores(): Promise<number> {
  const h = await threadHost();
  if (h) return h.cores();
  const hc = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return typeof hc === 'number' && hc >= 1 ? hc : 1;
}
