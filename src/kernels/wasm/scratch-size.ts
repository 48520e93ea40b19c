import { kernelSizes } from './kernel-memory.js';
import type { WasmModule } from './wasm-api.js';

/**
 * Per-thread scratch of the row kernels (assembly/scratch.ts): a fixed part for the k × k normal
 * equations and vectors, then, for conjugate gradient, a gather buffer into which a row's y_i are
 * copied so that the 1 + cgSteps matrix-vector products read them sequentially. The buffer holds
 * two of the longest rows (a pair), up to GATHER_LIMIT bytes; longer rows are read in place. The limit is per
 * thread and resident once a long row has used it, so it is part of a fit's peak memory: 16 MiB
 * (65,536 entries at rank 64; it was 64 MiB, 128 MB of the 25M fit's peak on two threads). Rows
 * past it lose little by being read in place: their indices ascend, so the reads sweep the fixed
 * factors in order, and such a row touches a large share of them anyway.
 */
const GATHER_LIMIT = 16 * 2 ** 20;

/**
 * Gathering pays when the fixed side's factors do not sit in cache (measured on synthetic 10M,
 * rank 64: the item half-step, reading 70,000 × 64 user factors, ran 1.25× faster; the user
 * half-step, reading 10,000 × 64 item factors, 5% slower).
 */
const GATHER_FROM_BYTES = 8 * 2 ** 20;

/**
 * Entries a thread's CG gather buffer holds when solving rows (the longest has `maxRowEntries`)
 * against `fixedRows` fixed factor rows: the two longest rows (cgChunk solves rows in pairs and
 * packs both into the buffer while they fit), within GATHER_LIMIT; 0 (no gathering) when the fixed
 * factors are small enough to stay in cache.
 */
export function cgGatherCap(maxRowEntries: number, fixedRows: number, kp: number): number {
  if (fixedRows * kp * 4 < GATHER_FROM_BYTES) return 0;
  return Math.min(2 * maxRowEntries, Math.floor(GATHER_LIMIT / (kp * 4)));
}

/** Bytes of one thread's scratch block, a multiple of 64. */
export function threadScratchBytes(module: WasmModule, kp: number, gatherCap = 0): number {
  return Math.ceil((kernelSizes(module).scratchBytes(kp) + gatherCap * kp * 4) / 64) * 64;
}

/** The most entries in any row of a CSR with this indptr. */
export function maxRowEntries(indptr: Int32Array): number {
  let m = 0;
  for (let r = 0; r + 1 < indptr.length; r++) m = Math.max(m, indptr[r + 1]! - indptr[r]!);
  return m;
}
