import { parentPort } from 'node:worker_threads';
import { instantiate } from '../wasm/kernel-memory.js';
import type { KernelExports } from '../wasm/kernel-exports.js';
import type { WasmMemory, WasmModule } from '../wasm/wasm-api.js';
import { runChunks, type ChunkTask } from './chunk-task.js';

/**
 * Entry of a kernel worker thread. 'attach' instantiates the compiled kernels on a job's shared
 * memory (thread ids start at 1; the main thread is 0); 'run' works through a task's chunks
 * alongside the other threads; 'detach' drops the job's memory.
 */
type Message =
  | { type: 'attach'; module: WasmModule; memory: WasmMemory; thread: number }
  | { type: 'run'; task: ChunkTask }
  | { type: 'detach' };

const port = parentPort!;
let exports: KernelExports | null = null;
let i32: Int32Array | null = null;
let thread = 0;

port.on('message', (m: Message) => {
  try {
    if (m.type === 'attach') {
      exports = instantiate(m.module, m.memory);
      i32 = new Int32Array(m.memory.buffer);
      thread = m.thread;
      port.postMessage({ type: 'attached' });
    } else if (m.type === 'run') {
      runChunks(exports!, i32!, m.task, thread);
      port.postMessage({ type: 'done' });
    } else {
      exports = null;
      i32 = null;
    }
  } catch (e) {
    port.postMessage({ type: 'error', message: (e as Error).message });
  }
});
