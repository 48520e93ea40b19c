import { instantiate } from '../wasm/kernel-memory.js';
import type { KernelExports } from '../wasm/kernel-exports.js';
import type { WasmMemory, WasmModule } from '../wasm/wasm-api.js';
import { runChunks, type ChunkTask } from './chunk-task.js';
import type { WorkerReply } from './thread-host.js';

/** Messages to a kernel worker. */
export type WorkerMessage =
  /**
   * `readyCell` (a byte offset in `memory`): the worker stores 1 there once its kernels are
   * instantiated, and replies only when `reply` is set — a caller that does not wait lets it join
   * from its next task (WorkerPool.attachWhenReady).
   */
  | { type: 'attach'; module: WasmModule; memory: WasmMemory; thread: number; readyCell?: number; reply?: boolean }
  | { type: 'run'; task: ChunkTask }
  | { type: 'detach' };

/**
 * The body of a kernel worker thread, whatever the platform (a thread host's entry wires it to
 * its message port). 'attach' instantiates the compiled kernels on a job's shared memory (thread
 * ids start at 1; the calling thread is 0); 'run' works through a task's chunks alongside the other
 * threads; 'detach' drops the job's memory.
 */
export function kernelWorker(reply: (m: WorkerReply) => void): (m: WorkerMessage) => void {
  let exports: KernelExports | null = null;
  let i32: Int32Array | null = null;
  let thread = 0;
  return (m) => {
    try {
      if (m.type === 'attach') {
        exports = instantiate(m.module, m.memory);
        i32 = new Int32Array(m.memory.buffer);
        thread = m.thread;
        if (m.readyCell !== undefined) Atomics.store(i32, m.readyCell >> 2, 1);
        if (m.readyCell === undefined || m.reply) reply({ type: 'attached' });
      } else if (m.type === 'run') {
        runChunks(exports!, i32!, m.task, thread);
        reply({ type: 'done' });
      } else {
        exports = null;
        i32 = null;
      }
    } catch (e) {
      reply({ type: 'error', message: (e as Error).message });
    }
  };
}
