/**
 * The functions exported by build/alsrec-kernels.wasm (sources in assembly/). Pointers are byte
 * offsets into the shared memory; `kp` is the rank rounded up to a multiple of 4 (the row stride
 * of every factor matrix in WASM memory, zero-padded). Chunk kernels process the rows
 * [bounds[chunk], bounds[chunk+1]) and return −1, or the first failing row.
 */
export interface KernelExports {
  scratchBytes(kp: number): number;
  choleskySolve(A: number, b: number, k: number, stride: number): number;
  /** Initial factor rows from per-row seeds (assembly/init-rows.ts; twin of als/init-factors.ts). */
  initRows(seeds: number, n: number, rank: number, out: number, std: number): void;
  /** Two systems at once, each as choleskySolve, bit for bit; a mask of the failed ones (1: first, 2: second). */
  choleskySolvePair(A: number, b: number, A2: number, b2: number, k: number, stride: number): number;
  nnlsSolve(A: number, b: number, k: number, stride: number, x: number, work: number, kp: number): number;
  nnlsWorkBytes(kp: number): number;
  gramChunk(chunk: number, scratch: number, bounds: number, Y: number, kp: number, k: number, partials: number): number;
  gramReduce(partials: number, numChunks: number, kp: number, k: number, out64: number, out32: number): void;
  solveChunk(
    chunk: number, scratch: number, bounds: number,
    indptr: number, indices: number, values: number, src: number, dst: number, YtY64: number,
    kp: number, k: number, regParam: number, alpha: number, implicit: number, nonnegative: number,
  ): number;
  cgChunk(
    chunk: number, scratch: number, bounds: number,
    indptr: number, indices: number, values: number, src: number, dst: number, YtY32: number,
    kp: number, k: number, regParam: number, alpha: number, steps: number, gatherCap: number,
  ): number;
  ialsppChunk(
    chunk: number, scratch: number, bounds: number,
    indptr: number, indices: number, values: number, src: number, dst: number, YtY32: number,
    kp: number, k: number, regParam: number, alpha: number, blockSize: number, gatherCap: number, predCap: number,
  ): number;
  lossChunk(
    chunk: number, scratch: number, bounds: number,
    indptr: number, indices: number, values: number, F: number, G: number,
    kp: number, implicit: number, alpha: number, withData: number, out: number,
  ): number;
  topKChunk(
    chunk: number, scratch: number, bounds: number,
    queryRows: number, Q: number, T: number, numTargets: number, kp: number, K: number,
    seenIndptr: number, seenIndices: number, outIdx: number, outScore: number,
    perm: number, inv: number, qnorm: number, tnorm: number, boundScale: number,
  ): number;
  topKScratchBytes(K: number, numTargets: number): number;
  /** Top-K through an inverted file: topKChunk's arguments, then the list centroids, their count, the list starts and nprobe (assembly/ivf-scan.ts). */
  ivfChunk(
    chunk: number, scratch: number, bounds: number,
    queryRows: number, Q: number, T: number, numTargets: number, kp: number, K: number,
    seenIndptr: number, seenIndices: number, outIdx: number, outScore: number,
    perm: number, inv: number, qnorm: number, tnorm: number, boundScale: number,
    C: number, numLists: number, listStart: number, nprobe: number,
  ): number;
  ivfScratchBytes(K: number, numTargets: number, numLists: number): number;
}

/** Names of the chunk kernels, the units of work a thread pool hands out. */
export type ChunkKernel = 'gramChunk' | 'solveChunk' | 'cgChunk' | 'ialsppChunk' | 'lossChunk' | 'topKChunk' | 'ivfChunk';

/** Rank rounded up to a multiple of 4: the padded row length of factors in WASM memory. */
export function paddedRank(k: number): number {
  return (k + 3) & ~3;
}
