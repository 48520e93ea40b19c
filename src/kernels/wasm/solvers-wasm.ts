import { paddedRank } from './kernel-exports.js';
import { KernelMemory, MemoryLayout, kernelSizes } from './kernel-memory.js';
import { requireWasmKernels } from './load-kernels.js';

/**
 * The WASM twin of kernels/cholesky.ts, same contract: solves A x = b (A k × k SPD, row-major),
 * overwriting A's lower triangle with L and b with x; false when A is not positive definite.
 */
export function choleskySolveWasm(A: Float64Array, b: Float64Array, k: number): boolean {
  const layout = new MemoryLayout();
  const a = layout.alloc(k * k * 8);
  const v = layout.alloc(k * 8);
  const mem = new KernelMemory(requireWasmKernels(), layout.bytes);
  mem.f64.set(A.subarray(0, k * k), a >> 3);
  mem.f64.set(b.subarray(0, k), v >> 3);
  const ok = mem.exports.choleskySolve(a, v, k, k) !== 0;
  A.set(mem.f64.subarray(a >> 3, (a >> 3) + k * k));
  b.set(mem.f64.subarray(v >> 3, (v >> 3) + k));
  return ok;
}

/**
 * choleskySolveWasm on two systems at once (the pair kernel the WASM fit solves its rows with):
 * each system as choleskySolveWasm would, bit for bit. Returns which are not positive definite.
 */
export function choleskySolvePairWasm(
  A: Float64Array, b: Float64Array, A2: Float64Array, b2: Float64Array, k: number,
): { first: boolean; second: boolean } {
  const layout = new MemoryLayout();
  const at = [layout.alloc(k * k * 8), layout.alloc(k * 8), layout.alloc(k * k * 8), layout.alloc(k * 8)];
  const arrays = [A, b, A2, b2];
  const sizes = [k * k, k, k * k, k];
  const mem = new KernelMemory(requireWasmKernels(), layout.bytes);
  arrays.forEach((x, j) => mem.f64.set(x.subarray(0, sizes[j]), at[j]! >> 3));
  const failed = mem.exports.choleskySolvePair(at[0]!, at[1]!, at[2]!, at[3]!, k, k);
  arrays.forEach((x, j) => x.set(mem.f64.subarray(at[j]! >> 3, (at[j]! >> 3) + sizes[j]!)));
  return { first: (failed & 1) === 0, second: (failed & 2) === 0 };
}

/**
 * The WASM twin of kernels/nnls.ts: min ½ xᵀA x − bᵀx subject to x ≥ 0, solution in x; false when
 * a free subsystem is not positive definite.
 */
export function nnlsSolveWasm(A: Float64Array, b: Float64Array, k: number, x: Float64Array): boolean {
  const module = requireWasmKernels();
  const kp = paddedRank(k);
  const layout = new MemoryLayout();
  const a = layout.alloc(k * k * 8);
  const v = layout.alloc(k * 8);
  const out = layout.alloc(k * 8);
  const work = layout.alloc(kernelSizes(module).nnlsWorkBytes(kp));
  const mem = new KernelMemory(module, layout.bytes);
  mem.f64.set(A.subarray(0, k * k), a >> 3);
  mem.f64.set(b.subarray(0, k), v >> 3);
  const ok = mem.exports.nnlsSolve(a, v, k, k, out, work, kp) !== 0;
  x.set(mem.f64.subarray(out >> 3, (out >> 3) + k));
  return ok;
}
