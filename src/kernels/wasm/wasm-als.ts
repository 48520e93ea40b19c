import type { UpdateParams } from '../update-factors.js';
import { taskFailure, type ChunkTask } from '../pool/chunk-task.js';
import { KernelMemory, MemoryLayout } from './kernel-memory.js';
import { cgGatherCap, maxRowEntries, threadScratchBytes } from './scratch-size.js';
import { paddedRank } from './kernel-exports.js';
import type { WasmModule } from './wasm-api.js';
import { canonicalCsrPair, csrIndptr, type RowColumn } from './csr-into-memory.js';
import { costBounds, evenBounds, gramChunkCount } from './chunk-bounds.js';
import { readPadded, writePadded } from './padded-rows.js';
import { ialsppCost, ialsppScratch } from './ialspp-cost.js';

export interface WasmAlsInput {
  numUsers: number;
  numItems: number;
  /**
   * Training rows as user and item indices with their ratings, in any order: each CSR row lists its
   * entries by ascending index (csr-into-memory.ts canonicalCsrPair), so the fit does not depend on
   * the row order. With `userIndex`/`itemIndex`, row r's user is userIndex[users[r]] (likewise
   * items); without, users[r] itself. Every resulting index must be in range.
   */
  users: Int32Array;
  items: Int32Array;
  ratings: Float32Array;
  userIndex?: Int32Array;
  itemIndex?: Int32Array;
  /** Called as columns of the rows are copied into WASM memory and not read again (to free them). */
  releaseRows?: (columns: readonly RowColumn[]) => void;
  /** Initial factors, numUsers × rank and numItems × rank. */
  userFactors: Float32Array;
  itemFactors: Float32Array;
  params: UpdateParams;
  /** Threads that will run the tasks (each needs its own scratch block). */
  threads: number;
}

/** One side (users or items): its CSR over the other side, factors and Gram matrix, as byte offsets. */
interface Side {
  n: number;
  counts: Int32Array;
  indptr: number;
  indices: number;
  values: number;
  factors: number;
  gram64: number;
  gram32: number;
  gramFresh: boolean;
  gramBounds: number;
  gramChunks: number;
  solveBounds: number;
  solveChunks: number;
  /** CG: rows of at most this many entries are gathered before solving (scratch-size.ts). */
  gatherCap: number;
  /** ials++: rows gathered and predictions held per thread (ialspp-cost.ts). */
  ialspp?: { gatherCap: number; predCap: number };
}

/**
 * ALS on the WASM kernels: the whole fit's data — both CSRs, both factor matrices (rows padded to
 * kp), Gram matrices, per-thread scratch — sits in one shared memory for the whole fit, so no
 * large array is copied per call. The class only plans: `halfStep` and `loss` yield chunk tasks,
 * which the caller runs on the calling thread (runTaskHere) or on a worker pool (WorkerPool.run)
 * before pulling the next one. The semantics are those of kernels/update-factors.ts and
 * als/loss.ts.
 */
export class WasmAls {
  readonly mem: KernelMemory;
  readonly params: UpdateParams;
  /** The objective after the last completed `loss()` sequence. */
  lastLoss = NaN;
  private readonly k: number;
  private readonly kp: number;
  private readonly users: Side;
  private readonly items: Side;
  private readonly control: number;
  private readonly scratch: number;
  private readonly scratchBytes: number;
  private readonly partials: number;
  private readonly lossPartials: number;

  constructor(module: WasmModule, input: WasmAlsInput) {
    const { params, numUsers, numItems } = input;
    const k = params.rank;
    const kp = paddedRank(k);
    this.k = k;
    this.kp = kp;
    this.params = params;
    const userOf = input.userIndex ?? null;
    const itemOf = input.itemIndex ?? null;
    const userIndptr = csrIndptr(input.users, numUsers, userOf);
    const itemIndptr = csrIndptr(input.items, numItems, itemOf);
    const nnz = input.users.length;
    const cg = params.implicitPrefs && params.solver === 'cg' && !params.nonnegative;
    const ialspp = params.implicitPrefs && params.solver === 'ials++' && !params.nonnegative;
    const [perEntry, perRow] = cg
      ? [(params.cgSteps + 1) * 2 * kp, (params.cgSteps + 1) * kp * kp]
      : ialspp
      ? ialsppCost(kp, params.blockSize)
      : [(kp * kp) / 2 + kp, (kp * kp * kp) / 6 + kp * kp];
    const userBounds = costBounds(userIndptr, numUsers, perEntry, perRow);
    const itemBounds = costBounds(itemIndptr, numItems, perEntry, perRow);
    const userGram = evenBounds(numUsers, gramChunkCount(numUsers));
    const itemGram = evenBounds(numItems, gramChunkCount(numItems));

    const layout = new MemoryLayout();
    this.control = layout.alloc(64);
    // ials++: room for the predictions of the longest row (ialsppChunk)
    const userIals = ialsppScratch(maxRowEntries(userIndptr), kp);
    const itemIals = ialsppScratch(maxRowEntries(itemIndptr), kp);
    const userGather = cg ? cgGatherCap(maxRowEntries(userIndptr), numItems, kp) : ialspp ? userIals.extraRows : 0;
    const itemGather = cg ? cgGatherCap(maxRowEntries(itemIndptr), numUsers, kp) : ialspp ? itemIals.extraRows : 0;
    this.scratchBytes = threadScratchBytes(module, kp, Math.max(userGather, itemGather));
    this.scratch = layout.alloc(this.scratchBytes * input.threads);
    const gramChunks = Math.max(userGram.length, itemGram.length) - 1;
    this.partials = layout.alloc(gramChunks * kp * kp * 8);
    this.lossPartials = layout.alloc(Math.max(userBounds.length, itemBounds.length) * 16);
    const side = (n: number, counts: Int32Array, solve: Int32Array, gram: Int32Array, gatherCap: number): Side => ({
      n,
      counts,
      indptr: layout.alloc((n + 1) * 4),
      indices: layout.alloc(nnz * 4),
      values: layout.alloc(nnz * 4),
      factors: layout.alloc(n * kp * 4),
      gram64: layout.alloc(kp * kp * 8),
      gram32: layout.alloc(kp * kp * 4),
      gramFresh: false,
      gramBounds: layout.alloc(gram.length * 4),
      gramChunks: gram.length - 1,
      solveBounds: layout.alloc(solve.length * 4),
      solveChunks: solve.length - 1,
      gatherCap,
    });
    this.users = side(numUsers, userIndptr, userBounds, userGram, userGather);
    this.items = side(numItems, itemIndptr, itemBounds, itemGram, itemGather);
    this.users.ialspp = userIals;
    this.items.ialspp = itemIals;
    this.mem = new KernelMemory(module, layout.bytes);

    const { i32, f32 } = this.mem;
    const u = this.users;
    const it = this.items;
    // The CSRs first, so the rows can be released before the rest of the memory is touched.
    canonicalCsrPair(input.users, input.items, input.ratings, userOf, itemOf, userIndptr, itemIndptr, {
      userIndices: i32.subarray(u.indices >> 2, (u.indices >> 2) + nnz),
      userValues: f32.subarray(u.values >> 2, (u.values >> 2) + nnz),
      itemIndices: i32.subarray(it.indices >> 2, (it.indices >> 2) + nnz),
      itemValues: f32.subarray(it.values >> 2, (it.values >> 2) + nnz),
    }, input.releaseRows);
    const put = (s: Side, solve: Int32Array, gram: Int32Array, f: Float32Array) => {
      i32.set(s.counts, s.indptr >> 2);
      writePadded(f32, s.factors >> 2, f, s.n, k, kp);
      i32.set(solve, s.solveBounds >> 2);
      i32.set(gram, s.gramBounds >> 2);
    };
    put(u, userBounds, userGram, input.userFactors);
    put(it, itemBounds, itemGram, input.itemFactors);
  }

  /** Tasks of one half-step: 'items' solves every item row from the user factors, 'users' the reverse. */
  *halfStep(which: 'items' | 'users'): Generator<ChunkTask, void, void> {
    const [solving, fixed] = which === 'items' ? [this.items, this.users] : [this.users, this.items];
    const { implicitPrefs, nonnegative, solver, regParam, alpha, cgSteps } = this.params;
    if (implicitPrefs) yield* this.gram(fixed);
    const common = [solving.indptr, solving.indices, solving.values, fixed.factors, solving.factors];
    const cg = implicitPrefs && solver === 'cg' && !nonnegative;
    const ialspp = implicitPrefs && solver === 'ials++' && !nonnegative;
    const task = this.task(
      cg ? 'cgChunk' : ialspp ? 'ialsppChunk' : 'solveChunk',
      solving.solveChunks,
      solving.solveBounds,
      cg
        ? [...common, fixed.gram32, this.kp, this.k, regParam, alpha, cgSteps, solving.gatherCap]
        : ialspp
        ? [...common, fixed.gram32, this.kp, this.k, regParam, alpha, this.params.blockSize ?? 32, solving.ialspp!.gatherCap, solving.ialspp!.predCap]
        : [...common, implicitPrefs ? fixed.gram64 : 0, this.kp, this.k, regParam, alpha, implicitPrefs ? 1 : 0, nonnegative ? 1 : 0],
    );
    yield task;
    solving.gramFresh = false;
    const row = taskFailure(this.mem.i32, task);
    if (row >= 0) {
      throw new Error(
        `als: the normal equations of row ${row} (${solving.counts[row + 1]! - solving.counts[row]!} ratings) are not positive definite; ` +
          `increase regParam (now ${regParam}) or lower rank (now ${this.k})`,
      );
    }
  }

  /**
   * Tasks that evaluate the objective of als/loss.ts at the current factors; the value is in
   * `lastLoss` once they have run. Implicit feedback reuses the Gram matrices of the half-steps
   * (YᵀY is still fresh; XᵀX, computed here, serves the next item half-step), so the loss costs
   * O(nnz·k), not another iteration.
   */
  *loss(): Generator<ChunkTask, void, void> {
    const { implicitPrefs, alpha, regParam } = this.params;
    const { users, items, kp, k } = this;
    const f64 = this.mem.f64;
    let data = 0;
    let reg = 0;
    for (const [s, other, withData] of [[users, items, 1], [items, users, 0]] as const) {
      yield this.task('lossChunk', s.solveChunks, s.solveBounds, [
        s.indptr, s.indices, s.values, s.factors, other.factors, kp, implicitPrefs ? 1 : 0, alpha, withData, this.lossPartials,
      ]);
      for (let c = 0; c < s.solveChunks; c++) {
        data += f64[(this.lossPartials >> 3) + 2 * c]!;
        reg += f64[(this.lossPartials >> 3) + 2 * c + 1]!;
      }
    }
    if (implicitPrefs) {
      // Σ over all pairs of (x_uᵀy_i)² = tr(XᵀX · YᵀY) = Σ_ab (XᵀX)_ab (YᵀY)_ab
      yield* this.gram(users);
      yield* this.gram(items);
      const a = users.gram64 >> 3;
      const b = items.gram64 >> 3;
      for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) data += f64[a + i * kp + j]! * f64[b + i * kp + j]!;
    }
    this.lastLoss = data + regParam * reg;
  }

  /** The Gram matrix of a side's factors (skipped while they have not changed since the last one). */
  private *gram(s: Side): Generator<ChunkTask, void, void> {
    if (s.gramFresh) return;
    yield this.task('gramChunk', s.gramChunks, s.gramBounds, [s.factors, this.kp, this.k, this.partials]);
    this.mem.exports.gramReduce(this.partials, s.gramChunks, this.kp, this.k, s.gram64, s.gram32);
    s.gramFresh = true;
  }

  private task(kernel: ChunkTask['kernel'], numChunks: number, bounds: number, args: number[]): ChunkTask {
    return { kernel, numChunks, bounds, scratch: this.scratch, scratchBytes: this.scratchBytes, control: this.control, args };
  }

  /** numUsers × rank user factors, copied out of WASM memory. */
  userFactors(): Float32Array {
    return readPadded(this.mem.f32, this.users.factors >> 2, this.users.n, this.k, this.kp);
  }

  itemFactors(): Float32Array {
    return readPadded(this.mem.f32, this.items.factors >> 2, this.items.n, this.k, this.kp);
  }

  /** Training ratings per item. */
  itemCounts(): Float64Array {
    const c = this.items.counts;
    return Float64Array.from({ length: this.items.n }, (_, i) => c[i + 1]! - c[i]!);
  }
}
