import { runTaskHere, taskFailure, type ChunkTask } from '../pool/chunk-task.js';
import type { UpdateParams } from '../update-factors.js';
import { paddedRank } from './kernel-exports.js';
import { KernelMemory, MemoryLayout } from './kernel-memory.js';
import { readPadded, writePadded } from './padded-rows.js';
import { threadScratchBytes } from './scratch-size.js';
import type { WasmModule } from './wasm-api.js';

/**
 * The WASM row solve (`updateFactorsWasm`'s Cholesky/NNLS kernel, assembly/solve-rows.ts) with the
 * fixed side copied into WASM memory once — padded, with its YᵀY — so that solving one row (a
 * fold-in per request) copies only that row's entries: the fold-in twin of PreparedTopK. Same
 * normal equations as kernels/update-factors.ts (float32 SIMD accumulation flushed to float64, as
 * in a WASM fit). A row may list each fixed row at most once (so at most `numFixed` entries).
 */
export class PreparedSolve {
  readonly rank: number;
  readonly numFixed: number;
  private readonly mem: KernelMemory;
  private readonly kp: number;
  private readonly task: ChunkTask;
  private readonly at: Record<'ip' | 'ix' | 'vs' | 'd', number>;

  constructor(module: WasmModule, fixed: Float32Array, rank: number, YtY: Float64Array | null, params: UpdateParams) {
    if (params.implicitPrefs && !YtY) throw new Error('PreparedSolve: implicit feedback needs YtY');
    if (params.solver !== 'cholesky') throw new Error(`PreparedSolve: solves exactly (solver 'cholesky'), got '${params.solver}'`);
    const kp = paddedRank(rank);
    const n = fixed.length / rank;
    const layout = new MemoryLayout();
    const control = layout.alloc(8);
    const scratchBytes = threadScratchBytes(module, kp);
    const scratch = layout.alloc(scratchBytes);
    const bounds = layout.alloc(8);
    const ip = layout.alloc(8);
    const ix = layout.alloc(Math.max(n, 1) * 4);
    const vs = layout.alloc(Math.max(n, 1) * 4);
    const s = layout.alloc(n * kp * 4);
    const d = layout.alloc(kp * 4);
    const g64 = layout.alloc(kp * kp * 8);
    this.mem = new KernelMemory(module, layout.bytes);
    const { i32, f32, f64 } = this.mem;
    i32[bounds >> 2] = 0;
    i32[(bounds >> 2) + 1] = 1;
    i32[ip >> 2] = 0;
    writePadded(f32, s >> 2, fixed, n, rank, kp);
    if (YtY) for (let a = 0; a < rank; a++) for (let b = 0; b < rank; b++) f64[(g64 >> 3) + a * kp + b] = YtY[a * rank + b]!;
    this.task = {
      kernel: 'solveChunk',
      numChunks: 1,
      bounds,
      scratch,
      scratchBytes,
      control,
      args: [ip, ix, vs, s, d, g64, kp, rank, params.regParam, params.alpha, params.implicitPrefs ? 1 : 0, params.nonnegative ? 1 : 0],
    };
    this.at = { ip, ix, vs, d };
    this.rank = rank;
    this.numFixed = n;
    this.kp = kp;
  }

  /** Bytes of WASM memory held (mostly the padded fixed factors). */
  get memoryBytes(): number {
    return this.mem.memory.buffer.byteLength;
  }

  /** The factor solving the normal equations of one row with entries `indices` (fixed rows, each once) and `values`. */
  solve(indices: Int32Array, values: Float32Array): Float32Array {
    const m = indices.length;
    if (m > this.numFixed) throw new Error(`PreparedSolve: a row lists each of the ${this.numFixed} fixed rows at most once, got ${m} entries`);
    const { i32, f32 } = this.mem;
    i32[(this.at.ip >> 2) + 1] = m;
    i32.set(indices, this.at.ix >> 2);
    f32.set(values, this.at.vs >> 2);
    runTaskHere(this.mem.exports, i32, this.task);
    if (taskFailure(i32, this.task) >= 0) {
      throw new Error(`als: the normal equations of the row (${m} ratings) are not positive definite; increase regParam (now ${this.task.args[8]}) or lower rank (now ${this.rank})`);
    }
    return readPadded(f32, this.at.d >> 2, 1, this.rank, this.kp);
  }
}
