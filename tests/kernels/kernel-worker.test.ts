import { beforeAll, describe, expect, it } from 'vitest';
import { kernelWorker } from '../../src/kernels/pool/kernel-worker.js';
import type { WorkerReply } from '../../src/kernels/pool/thread-host.js';
import type { ChunkTask } from '../../src/kernels/pool/chunk-task.js';
import { KernelMemory, MemoryLayout, kernelSizes } from '../../src/kernels/wasm/kernel-memory.js';
import { loadWasmKernels } from '../../src/kernels/wasm/load-kernels.js';
import type { WasmModule } from '../../src/kernels/wasm/wasm-api.js';

let module: WasmModule;
beforeAll(async () => {
  module = (await loadWasmKernels())!;
  expect(module).not.toBeNull();
});

/** Gram of a 4 × 4 block of ones in one chunk: the (0, 0) entry of the partial is 4. */
function onesGram() {
  const kp = 4;
  const layout = new MemoryLayout();
  const control = layout.alloc(8);
  const scratchBytes = kernelSizes(module).scratchBytes(kp);
  const scratch = layout.alloc(2 * scratchBytes);
  const bounds = layout.alloc(8);
  const y = layout.alloc(4 * kp * 4);
  const partials = layout.alloc(kp * kp * 8);
  const mem = new KernelMemory(module, layout.bytes);
  mem.i32[(bounds >> 2) + 1] = 4;
  mem.f32.fill(1, y >> 2, (y >> 2) + 4 * kp);
  const task: ChunkTask = { kernel: 'gramChunk', numChunks: 1, bounds, scratch, scratchBytes, control, args: [y, kp, kp, partials] };
  return { mem, task, first: () => mem.f64[partials >> 3]! };
}

describe('kernelWorker (the platform-free body of a kernel thread)', () => {
  it('attaches to a shared memory, runs a task on it, and answers each step', () => {
    const replies: WorkerReply[] = [];
    const handle = kernelWorker((m) => replies.push(m));
    const { mem, task, first } = onesGram();
    handle({ type: 'attach', module, memory: mem.memory, thread: 1 });
    handle({ type: 'run', task });
    expect(replies).toEqual([{ type: 'attached' }, { type: 'done' }]);
    expect(first()).toBe(4);
  });

  it('answers an error, not a crash, when asked to run after detaching', () => {
    const replies: WorkerReply[] = [];
    const handle = kernelWorker((m) => replies.push(m));
    const { mem, task } = onesGram();
    handle({ type: 'attach', module, memory: mem.memory, thread: 1 });
    handle({ type: 'detach' });
    handle({ type: 'run', task });
    expect(replies[1]?.type).toBe('error');
  });
});
