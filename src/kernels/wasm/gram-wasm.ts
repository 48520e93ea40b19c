import { runTaskHere } from '../pool/chunk-task.js';
import { paddedRank } from './kernel-exports.js';
import { KernelMemory, MemoryLayout, kernelSizes } from './kernel-memory.js';
import { requireWasmKernels } from './load-kernels.js';
import { evenBounds, gramChunkCount } from './chunk-bounds.js';
import { writePadded } from './padded-rows.js';

/**
 * The WASM twin of kernels/gram.ts, same signature: out (k × k, full symmetric) = YᵀY for the
 * n × k row-major Y. Runs the fit's Gram path — fixed row blocks, each summed in f32x4 with f64
 * flushes, blocks added in order — on the calling thread. Needs `await loadWasmKernels()` first.
 */
export function gramWasm(Y: Float32Array, n: number, k: number, out: Float64Array): void {
  const module = requireWasmKernels();
  const kp = paddedRank(k);
  const bounds = evenBounds(n, gramChunkCount(n));
  const chunks = bounds.length - 1;
  const layout = new MemoryLayout();
  const control = layout.alloc(8);
  const scratchBytes = kernelSizes(module).scratchBytes(kp);
  const scratch = layout.alloc(scratchBytes);
  const boundsAt = layout.alloc(bounds.length * 4);
  const y = layout.alloc(n * kp * 4);
  const partials = layout.alloc(chunks * kp * kp * 8);
  const out64 = layout.alloc(kp * kp * 8);
  const out32 = layout.alloc(kp * kp * 4);
  const mem = new KernelMemory(module, layout.bytes);
  mem.i32.set(bounds, boundsAt >> 2);
  writePadded(mem.f32, y >> 2, Y, n, k, kp);
  runTaskHere(mem.exports, mem.i32, {
    kernel: 'gramChunk', numChunks: chunks, bounds: boundsAt, scratch, scratchBytes, control, args: [y, kp, k, partials],
  });
  mem.exports.gramReduce(partials, chunks, kp, k, out64, out32);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) out[a * k + b] = mem.f64[(out64 >> 3) + a * kp + b]!;
}
