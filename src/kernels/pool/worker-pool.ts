import type { KernelExports } from '../wasm/kernel-exports.js';
import type { WasmMemory, WasmModule } from '../wasm/wasm-api.js';
import { resetTask, runChunks, type ChunkTask } from './chunk-task.js';
import { threadHost, type ThreadHandle, type WorkerReply } from './thread-host.js';

/**
 * Worker threads that run chunk tasks with the calling thread on one shared WebAssembly memory.
 * A job (a fit, a top-K call) attaches its memory, runs tasks, detaches. The calling thread is
 * thread 0 and works too, so `numThreads` threads means numThreads − 1 workers. Idle workers are
 * unref'd: they never keep the process alive.
 */
export class WorkerPool {
  private readonly threads: ThreadHandle[] = [];
  private readonly waiting: ({ resolve: () => void; reject: (e: Error) => void } | null)[] = [];
  /** Whether worker i has answered anything yet (then it has booted). */
  private readonly heard: boolean[] = [];
  private broken: Error | null = null;

  private constructor() {}

  /** A pool of `numWorkers` workers, or null when no thread host is registered (see thread-host.ts). */
  static async start(numWorkers: number): Promise<WorkerPool | null> {
    const host = threadHost();
    if (!host) return null;
    const pool = new WorkerPool();
    for (let i = 0; i < numWorkers; i++) pool.add(host.spawn());
    return pool;
  }

  get size(): number {
    return this.threads.length;
  }

  /** False once a worker has died; such a pool must be replaced. */
  get healthy(): boolean {
    return this.broken === null;
  }

  /** Adds workers until there are `numWorkers`. */
  async grow(numWorkers: number): Promise<void> {
    const host = threadHost();
    while (host && this.threads.length < numWorkers) this.add(host.spawn());
  }

  private add(t: ThreadHandle): void {
    const index = this.threads.length;
    this.threads.push(t);
    this.waiting.push(null);
    this.heard.push(false);
    t.unref();
    t.onMessage((m: WorkerReply) => {
      this.heard[index] = true;
      const w = this.waiting[index];
      this.waiting[index] = null;
      if (!w) return;
      if (m.type === 'error') w.reject(new Error(`kernel worker ${index + 1}: ${m.message}`));
      else w.resolve();
    });
    t.onError((e) => {
      this.broken ??= e;
      const w = this.waiting[index];
      this.waiting[index] = null;
      w?.reject(e);
    });
  }

  /** Sends `message` to the first `count` workers and waits for each to answer. */
  private async roundTrip(count: number, message: (i: number) => unknown): Promise<void> {
    if (this.broken) throw new Error(`kernel worker pool is broken (${this.broken.message}); start a new one`);
    const replies: Promise<void>[] = [];
    for (let i = 0; i < count; i++) {
      replies.push(new Promise<void>((resolve, reject) => (this.waiting[i] = { resolve, reject })));
      this.threads[i]!.ref();
      this.threads[i]!.postMessage(message(i));
    }
    try {
      await Promise.all(replies);
    } finally {
      for (let i = 0; i < count; i++) this.threads[i]!.unref();
    }
  }

  /** Instantiates the kernels on `memory` in the first `count` workers (thread ids 1..count). */
  attach(module: WasmModule, memory: WasmMemory, count = this.size): Promise<void> {
    return this.roundTrip(count, (i) => ({ type: 'attach', module, memory, thread: i + 1 }));
  }

  /**
   * `attach` that does not wait for a worker's start-up: the first `count` workers instantiate
   * the kernels on `memory` as soon as they have booted, and worker i then stores 1 in the int32
   * cell at byte offset `readyCells + 4·i` of `memory` (which the caller zeroes beforehand). Until
   * `ready` counts a worker, the caller runs its tasks without it — results do not depend on the
   * thread count — so a small job in a fresh process does not wait ~50–100 ms for its workers.
   * Workers that have booted already (answered before) are waited for, as `attach` does: the
   * returned promise resolves when they are attached (a message round trip).
   */
  attachWhenReady(module: WasmModule, memory: WasmMemory, readyCells: number, count = this.size): Promise<void> {
    if (this.broken) throw new Error(`kernel worker pool is broken (${this.broken.message}); start a new one`);
    const replies: Promise<void>[] = [];
    for (let i = 0; i < count; i++) {
      const reply = this.heard[i]!;
      if (reply) replies.push(new Promise<void>((resolve, reject) => (this.waiting[i] = { resolve, reject })));
      this.threads[i]!.ref();
      this.threads[i]!.postMessage({ type: 'attach', module, memory, thread: i + 1, readyCell: readyCells + 4 * i, reply });
    }
    return Promise.all(replies).then(() => undefined).finally(() => {
      for (let i = 0; i < count; i++) this.threads[i]!.unref();
    });
  }

  /** How many of the first `count` workers attachWhenReady has made ready (a prefix: 0, 1, …). */
  static ready(i32: Int32Array, readyCells: number, count: number): number {
    let n = 0;
    while (n < count && Atomics.load(i32, (readyCells >> 2) + n) === 1) n++;
    return n;
  }

  /**
   * Runs `task` on the first `count` workers and the calling thread (whose kernels `main` share
   * the workers' memory, viewed by `i32`); resolves when every chunk is done.
   */
  async run(task: ChunkTask, main: KernelExports, i32: Int32Array, count = this.size): Promise<void> {
    resetTask(i32, task);
    const done = this.roundTrip(count, () => ({ type: 'run', task }));
    let mainError: unknown = null;
    try {
      runChunks(main, i32, task, 0);
    } catch (e) {
      mainError = e;
    }
    await done;
    if (mainError) throw mainError;
  }

  /** Lets the first `count` workers drop the job's memory. */
  detach(count = this.size): void {
    for (let i = 0; i < count; i++) this.threads[i]!.postMessage({ type: 'detach' });
  }

  async terminate(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.terminate()));
    this.threads.length = 0;
  }
}
