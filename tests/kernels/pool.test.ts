import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src/kernels/pool/worker-pool.js';
import { runTaskHere, taskFailure, type ChunkTask } from '../../src/kernels/pool/chunk-task.js';
import { KernelMemory, MemoryLayout, kernelSizes } from '../../src/kernels/wasm/kernel-memory.js';
import type { KernelExports } from '../../src/kernels/wasm/kernel-exports.js';
import { loadWasmKernels } from '../../src/kernels/wasm/load-kernels.js';
import type { WasmModule } from '../../src/kernels/wasm/wasm-api.js';
import { useNodeThreads } from '../../src/node-threads/kernel-thread-host.js';

useNodeThreads(); // the core starts no thread without a host

let module: WasmModule;
let pool: WorkerPool;

beforeAll(async () => {
  module = (await loadWasmKernels())!;
  expect(module).not.toBeNull();
  const p = await WorkerPool.start(2);
  expect(p, 'Node has worker threads').not.toBeNull();
  pool = p!;
});
afterAll(() => pool.terminate());

/** Gram blocks of a 40 × 4 matrix of ones, one chunk per 2 rows: every partial is [[2, …]]. */
function gramJob(chunks: number) {
  const kp = 4;
  const layout = new MemoryLayout();
  const control = layout.alloc(8);
  const scratchBytes = kernelSizes(module).scratchBytes(kp);
  const scratch = layout.alloc(3 * scratchBytes);
  const bounds = layout.alloc((chunks + 1) * 4);
  const y = layout.alloc(2 * chunks * kp * 4);
  const partials = layout.alloc(chunks * kp * kp * 8);
  const mem = new KernelMemory(module, layout.bytes);
  for (let c = 0; c <= chunks; c++) mem.i32[(bounds >> 2) + c] = 2 * c;
  mem.f32.fill(1, y >> 2, (y >> 2) + 2 * chunks * kp);
  const task: ChunkTask = { kernel: 'gramChunk', numChunks: chunks, bounds, scratch, scratchBytes, control, args: [y, kp, kp, partials] };
  /** The (0, 0) entry of chunk c's partial Gram block: 2 when computed, 0 when not. */
  const first = (c: number) => mem.f64[(partials >> 3) + c * kp * kp]!;
  return { mem, task, first };
}

/** Two int32 ready cells in the last cache line of a job's memory (the jobs here use its start). */
function lastLine(mem: KernelMemory): number {
  const layout = new MemoryLayout();
  layout.alloc(mem.memory.buffer.byteLength - 64 * 1024 - 64);
  return layout.alloc(8);
}

/** Kernels for the calling thread that take chunks but only note them (and stall, so workers get some). */
function idleMain(taken: Set<number>): KernelExports {
  return {
    gramChunk: (chunk: number) => {
      taken.add(chunk);
      const until = performance.now() + 5;
      while (performance.now() < until);
      return -1;
    },
  } as unknown as KernelExports;
}

describe('WorkerPool', () => {
  it('has workers compute the chunks the calling thread does not take, on the shared memory', async () => {
    const { mem, task, first } = gramJob(40);
    await pool.attach(module, mem.memory);
    const taken = new Set<number>();
    await pool.run(task, idleMain(taken), mem.i32);
    pool.detach();
    expect(taken.size).toBeLessThan(40); // the workers took part
    for (let c = 0; c < 40; c++) expect(first(c)).toBe(taken.has(c) ? 0 : 2);
  });

  it('runs every chunk exactly once with the calling thread working too', async () => {
    const { mem, task, first } = gramJob(64);
    await pool.attach(module, mem.memory);
    await pool.run(task, mem.exports, mem.i32);
    pool.detach();
    for (let c = 0; c < 64; c++) expect(first(c)).toBe(2);
    expect(mem.i32[task.control >> 2]).toBeGreaterThanOrEqual(64); // the counter went past the last chunk
  });

  it('attachWhenReady: workers not yet booted flag themselves ready later, and join the runs that count them', async () => {
    const fresh = (await WorkerPool.start(2))!;
    try {
      const { mem, task, first } = gramJob(40);
      const cells = lastLine(mem);
      expect(WorkerPool.ready(mem.i32, cells, 2)).toBe(0);
      const attaching = fresh.attachWhenReady(module, mem.memory, cells, 2);
      await attaching; // nothing to wait for: neither worker has booted (answered) yet
      // A run that counts no worker is the calling thread's alone.
      const alone = new Set<number>();
      await fresh.run(task, idleMain(alone), mem.i32, 0);
      expect(alone.size).toBe(40);
      const until = performance.now() + 5000;
      while (WorkerPool.ready(mem.i32, cells, 2) < 2 && performance.now() < until) await new Promise((r) => setTimeout(r, 5));
      expect(WorkerPool.ready(mem.i32, cells, 2)).toBe(2);
      const taken = new Set<number>();
      await fresh.run(task, idleMain(taken), mem.i32, WorkerPool.ready(mem.i32, cells, 2));
      fresh.detach();
      expect(taken.size).toBeLessThan(40); // the workers took part this time
      for (let c = 0; c < 40; c++) expect(first(c)).toBe(taken.has(c) ? 0 : 2);
    } finally {
      await fresh.terminate();
    }
  });

  it('attachWhenReady waits for workers that have booted already: they are ready when it resolves', async () => {
    const { mem } = gramJob(8);
    await pool.attach(module, mem.memory); // both workers of the shared test pool have answered
    pool.detach();
    const cells = lastLine(mem);
    await pool.attachWhenReady(module, mem.memory, cells, 2);
    expect(WorkerPool.ready(mem.i32, cells, 2)).toBe(2);
    pool.detach();
  });

  it('reports a kernel trap in a worker as a rejected run naming the worker', async () => {
    const { mem, task } = gramJob(8);
    await pool.attach(module, mem.memory);
    const bad = { ...task, args: [2 ** 31, 4, 4, task.args[3]!] }; // Y far past the end of memory
    await expect(pool.run(bad, idleMain(new Set()), mem.i32)).rejects.toThrow(/kernel worker \d: .*out of bounds/);
    pool.detach();
    expect(pool.healthy).toBe(true); // a trap is an error reply, not a dead worker
  });
});

describe('runTaskHere', () => {
  it('runs every chunk and records the smallest failing row any chunk reported', () => {
    const { mem, task } = gramJob(6);
    const seen: number[] = [];
    const failing = { gramChunk: (c: number) => (seen.push(c), c === 2 || c === 4 ? 100 - c : -1) } as unknown as KernelExports;
    runTaskHere(failing, mem.i32, task);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5]); // a failure does not stop the other chunks
    expect(taskFailure(mem.i32, task)).toBe(96); // chunks 2 and 4 reported rows 98 and 96
    runTaskHere(mem.exports, mem.i32, task);
    expect(taskFailure(mem.i32, task)).toBe(-1); // reset for the next run
  });
});
