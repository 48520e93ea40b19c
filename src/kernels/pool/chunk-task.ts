import type { ChunkKernel, KernelExports } from '../wasm/kernel-exports.js';

/**
 * A unit of parallel work: call `kernel(chunk, scratch_t, bounds, ...args)` for every chunk in
 * [0, numChunks). Threads (the calling one and any workers, all on one shared memory) take chunks
 * from an atomic counter until none is left, so a slow chunk never holds up the others; which
 * thread runs a chunk does not change its result, because every chunk reads only its own rows and
 * the thread's own scratch block.
 */
export interface ChunkTask {
  kernel: ChunkKernel;
  numChunks: number;
  /** Byte offset of the chunk boundaries (numChunks + 1 int32). */
  bounds: number;
  /** Byte offset of thread 0's scratch block; thread t uses scratch + t · scratchBytes. */
  scratch: number;
  scratchBytes: number;
  /** Byte offset of two int32 control cells: the next chunk, and the smallest failing row. */
  control: number;
  args: number[];
}

const NO_FAILURE = 0x7fffffff;

/** Prepares the control cells; call before the threads start on `task`. */
export function resetTask(i32: Int32Array, task: ChunkTask): void {
  Atomics.store(i32, task.control >> 2, 0);
  Atomics.store(i32, (task.control >> 2) + 1, NO_FAILURE);
}

/** Runs chunks of `task` on this thread until the counter passes the last one. */
export function runChunks(exports: KernelExports, i32: Int32Array, task: ChunkTask, thread: number): void {
  const fn = exports[task.kernel] as (...args: number[]) => number;
  const scratch = task.scratch + thread * task.scratchBytes;
  const counter = task.control >> 2;
  for (;;) {
    const chunk = Atomics.add(i32, counter, 1);
    if (chunk >= task.numChunks) return;
    const failed = fn(chunk, scratch, task.bounds, ...task.args);
    if (failed >= 0) atomicMin(i32, counter + 1, failed);
  }
}

/** The smallest row a chunk reported as failing, or −1. */
export function taskFailure(i32: Int32Array, task: ChunkTask): number {
  const v = Atomics.load(i32, (task.control >> 2) + 1);
  return v === NO_FAILURE ? -1 : v;
}

function atomicMin(i32: Int32Array, index: number, value: number): void {
  let old = Atomics.load(i32, index);
  while (value < old) {
    const seen = Atomics.compareExchange(i32, index, old, value);
    if (seen === old) return;
    old = seen;
  }
}

/** Runs `task` entirely on the calling thread. */
export function runTaskHere(exports: KernelExports, i32: Int32Array, task: ChunkTask): void {
  resetTask(i32, task);
  runChunks(exports, i32, task, 0);
}
