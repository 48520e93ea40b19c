import type { RowBlock, UpdateParams } from '../update-factors.js';
import { runTaskHere, taskFailure } from '../pool/chunk-task.js';
import { paddedRank } from './kernel-exports.js';
import { KernelMemory, MemoryLayout } from './kernel-memory.js';
import { cgGatherCap, maxRowEntries, threadScratchBytes } from './scratch-size.js';
import { requireWasmKernels } from './load-kernels.js';
import { readPadded, writePadded } from './padded-rows.js';
import { costBounds } from './chunk-bounds.js';
import { ialsppCost, ialsppScratch } from './ialspp-cost.js';

/**
 * The WASM twin of kernels/update-factors.ts, same signature and semantics: solves rows
 * [rowStart, rowEnd) of `dst` from the fixed side `src` (Cholesky, CG or NNLS per `params`), on
 * the calling thread, copying the inputs into a fresh WASM memory. For tests and one-off use; a fit
 * keeps everything in one memory instead (WasmAls).
 */
export function updateFactorsWasm(
  block: RowBlock,
  src: Float32Array,
  dst: Float32Array,
  YtY: Float64Array | null,
  params: UpdateParams,
  rowStart: number,
  rowEnd: number,
): void {
  const module = requireWasmKernels();
  const k = params.rank;
  const kp = paddedRank(k);
  const { indptr, indices, values } = block;
  if (params.implicitPrefs && !YtY) throw new Error('updateFactors: implicit feedback needs YtY');
  const nSrc = src.length / k;
  const nDst = dst.length / k;
  const layout = new MemoryLayout();
  const control = layout.alloc(8);
  const ialspp = params.implicitPrefs && params.solver === 'ials++' && !params.nonnegative;
  const ials = ialsppScratch(maxRowEntries(indptr), kp);
  const gatherCap = ialspp
    ? ials.extraRows // gathered rows, then the predictions ŷ_i and c₁ of the longest row
    : params.implicitPrefs && params.solver === 'cg' && !params.nonnegative ? cgGatherCap(maxRowEntries(indptr), nSrc, kp) : 0;
  const scratchBytes = threadScratchBytes(module, kp, gatherCap);
  const scratch = layout.alloc(scratchBytes);
  // chunks of ~1e6 multiply-adds, so V8 runs its optimised code after the first few (see chunk-bounds.ts)
  const cg = params.implicitPrefs && params.solver === 'cg' && !params.nonnegative;
  const [perEntry, perRow] = cg ? [8 * kp, 4 * kp * kp] : ialspp ? ialsppCost(kp, params.blockSize) : [(kp * kp) / 2 + kp, (kp * kp * kp) / 6 + kp * kp];
  const chunkBounds = costBounds(indptr.subarray(rowStart), rowEnd - rowStart, perEntry, perRow).map((b) => b + rowStart);
  const bounds = layout.alloc(chunkBounds.length * 4);
  const ip = layout.alloc(indptr.length * 4);
  const ix = layout.alloc(indices.length * 4);
  const vs = layout.alloc(values.length * 4);
  const s = layout.alloc(nSrc * kp * 4);
  const d = layout.alloc(nDst * kp * 4);
  const g64 = layout.alloc(kp * kp * 8);
  const g32 = layout.alloc(kp * kp * 4);
  const mem = new KernelMemory(module, layout.bytes);
  const { i32, f32, f64 } = mem;
  i32.set(chunkBounds, bounds >> 2);
  i32.set(indptr, ip >> 2);
  i32.set(indices, ix >> 2);
  f32.set(values, vs >> 2);
  writePadded(f32, s >> 2, src, nSrc, k, kp);
  writePadded(f32, d >> 2, dst, nDst, k, kp);
  if (YtY) {
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < k; b++) {
        f64[(g64 >> 3) + a * kp + b] = YtY[a * k + b]!;
        f32[(g32 >> 2) + a * kp + b] = YtY[a * k + b]!;
      }
    }
  }
  const common = [ip, ix, vs, s, d];
  const task = {
    kernel: cg ? ('cgChunk' as const) : ialspp ? ('ialsppChunk' as const) : ('solveChunk' as const),
    numChunks: chunkBounds.length - 1,
    bounds,
    scratch,
    scratchBytes,
    control,
    args: cg
      ? [...common, g32, kp, k, params.regParam, params.alpha, params.cgSteps, gatherCap]
      : ialspp
      ? [...common, g32, kp, k, params.regParam, params.alpha, params.blockSize ?? 32, ials.gatherCap, ials.predCap]
      : [...common, g64, kp, k, params.regParam, params.alpha, params.implicitPrefs ? 1 : 0, params.nonnegative ? 1 : 0],
  };
  runTaskHere(mem.exports, i32, task);
  const r = taskFailure(i32, task);
  if (r >= 0) {
    throw new Error(
      `als: the normal equations of row ${r} (${indptr[r + 1]! - indptr[r]!} ratings) are not positive definite; ` +
        `increase regParam (now ${params.regParam}) or lower rank (now ${k})`,
    );
  }
  const solved = readPadded(f32, (d >> 2) + rowStart * kp, rowEnd - rowStart, k, kp);
  dst.set(solved, rowStart * k);
}
