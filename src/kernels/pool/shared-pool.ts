import { threadHost } from './thread-host.js';
import { WorkerPool } from './worker-pool.js';

/**
 * One process-wide worker pool, grown on demand and handed to one job at a time (jobs queue), so
 * repeated fits (grid search, cross-validation) pay the worker start-up once.
 */
let pool: WorkerPool | null = null;
let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs `job` with a pool of at least `numWorkers` workers (null when numWorkers is 0 or no thread
 * host is registered: then it says so once). Jobs that need workers run one after the other.
 */
export function withWorkers<T>(numWorkers: number, job: (pool: WorkerPool | null) => Promise<T>): Promise<T> {
  if (numWorkers <= 0) return job(null);
  if (threadHost() === null) {
    noteNoThreads(numWorkers + 1);
    return job(null);
  }
  const run = queue.then(async () => {
    await ensurePool(numWorkers);
    return job(pool);
  });
  queue = run.catch(() => undefined);
  return run;
}

/**
 * Starts the workers a coming `withWorkers(numWorkers, …)` will need now, so that they boot (~30–60
 * ms each, on another core) while the caller prepares its job instead of after: a fit calls it
 * before its canonical order, initial factors and CSRs. Queued like a job, so it never changes
 * the pool under a running one; does nothing without a thread host.
 */
export function prestartWorkers(numWorkers: number): void {
  if (numWorkers <= 0 || threadHost() === null) return;
  queue = queue.then(() => ensurePool(numWorkers)).catch(() => undefined);
}

/** A healthy shared pool of at least `numWorkers` workers (replacing a broken one). */
async function ensurePool(numWorkers: number): Promise<void> {
  if (pool && !pool.healthy) {
    void pool.terminate();
    pool = null;
  }
  if (!pool) pool = await WorkerPool.start(numWorkers);
  else await pool.grow(numWorkers);
}

/** Stops the shared pool's workers (tests, or a host that wants its threads back). */
export async function closeSharedPool(): Promise<void> {
  await queue;
  const p = pool;
  pool = null;
  await p?.terminate();
}

let noted = false;

/** Says once per process that threads were asked for where none can be started. */
function noteNoThreads(threads: number): void {
  if (noted) return;
  noted = true;
  console.warn(
    `threads: numThreads ${threads} asked for, but no thread host is registered, so this runs on the calling thread ` +
      "(in Node import 'alsrec/node', which registers worker_threads; elsewhere call setThreadHost)",
  );
}
