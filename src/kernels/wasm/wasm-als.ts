import type { UpdateParams } from '../update-factors.js';
import { taskFailure, type ChunkTask } from '../pool/chunk-task.js';
import { KernelMemory, MemoryLayout } from './kernel-memory.js';
import { cgGatherCap, maxRowEntries, threadScratchBytes } from './scratch-size.js';
import { paddedRank } from './kernel-exports.js';
import type { WasmMemory, WasmModule } from './wasm-api.js';
import { canonicalCsrPair, csrIndptr, type CsrPair, type RowColumn } from './csr-into-memory.js';
import { costBounds, evenBounds, gramChunkCount } from './chunk-bounds.js';
import { readPadded, writePadded } from './padded-rows.js';
import { ialsppCost, ialsppScratch } from './ialspp-cost.js';
import { WASM_MAX_PAGES, WASM_PAGE } from './wasm-api.js';
import type { ChunkKernel } from './kernel-exports.js';
import type { WasmAlsMemory } from './fit-footprint.js';
import {
  DEFAULT_WINDOW_ENTRIES, hostCsrPair, largestChunk, loadWindow, shiftedPointer, windowPlan, type CsrWindow, type HostCsr,
} from './csr-window.js';

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
  /**
   * Entries of the CSRs held in WASM memory at once (csr-window.ts). Below the number of ratings,
   * both CSRs stay in host memory and stream through a window of this many entries (raised to the
   * largest chunk); at or above it, they live in WASM memory for the whole fit. Default: in WASM
   * memory when everything fits in wasm32's 4 GiB, else a window of DEFAULT_WINDOW_ENTRIES.
   */
  csrWindow?: number;
  /**
   * Both CSRs already built in canonical order from these rows (als/shared-set-up.ts): copied into
   * WASM memory instead of built again (when they stay there; a windowed fit builds its own).
   */
  csr?: CsrPair;
  /**
   * Called as soon as the WASM memory exists, before the CSRs and factors are copied in, with the
   * memory and `readyCells` (als.ts lets the workers attach to it there, so they are ready sooner).
   */
  onMemory?: (memory: WasmMemory, readyCells: number) => void;
}


/** One side (users or items): its CSR over the other side, factors and Gram matrix, as byte offsets. */
interface Side {
  n: number;
  counts: Int32Array;
  indptr: number;
  /** Byte offsets of the CSR in WASM memory, when resident (else 0 and `host`). */
  indices: number;
  values: number;
  /** Windowed: the CSR in host memory, and the windows over its solve chunks. */
  host?: HostCsr;
  windows?: CsrWindow[];
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
  /** Byte offset of one int32 per worker thread, set to 1 when it has joined (WorkerPool.attachWhenReady). */
  readonly readyCells: number;
  private readonly scratch: number;
  private readonly scratchBytes: number;
  private readonly partials: number;
  private readonly lossPartials: number;
  /** Windowed: byte offsets of the window's indices and values (else 0). */
  private readonly winIndices: number = 0;
  private readonly winValues: number = 0;
  private readonly windowEntries: number = 0;
  readonly footprint: WasmAlsMemory;

  constructor(module: WasmModule, input: WasmAlsInput) {
    const { params, numUsers, numItems } = input;
    const k = params.rank;
    const kp = paddedRank(k);
    this.k = k;
    this.kp = kp;
    this.params = params;
    const userOf = input.userIndex ?? null;
    const itemOf = input.itemIndex ?? null;
    const pre = input.csr;
    const userIndptr = pre?.userPtr ?? csrIndptr(input.users, numUsers, userOf);
    const itemIndptr = pre?.itemPtr ?? csrIndptr(input.items, numItems, itemOf);
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
    this.readyCells = layout.alloc(4 * Math.max(1, input.threads));
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
    const fixedBytes = layout.bytes;
    const sideBytes = (n: number, chunks: number) => (n + 1) * 4 + n * kp * 4 + kp * kp * 12 + (chunks + 66) * 4 + 256;
    const otherBytes = fixedBytes + sideBytes(numUsers, userBounds.length + userGram.length) + sideBytes(numItems, itemBounds.length + itemGram.length);
    const residentCsr = 2 * 2 * (Math.ceil((nnz * 4) / 64) * 64);
    const windowed = input.csrWindow !== undefined ? input.csrWindow < nnz : Math.ceil((otherBytes + residentCsr) / WASM_PAGE) > WASM_MAX_PAGES;
    if (windowed) {
      const requested = input.csrWindow ?? DEFAULT_WINDOW_ENTRIES;
      this.windowEntries = Math.max(1, requested, largestChunk(userIndptr, userBounds), largestChunk(itemIndptr, itemBounds));
      this.winIndices = layout.alloc(this.windowEntries * 4);
      this.winValues = layout.alloc(this.windowEntries * 4);
    }
    const side = (n: number, counts: Int32Array, solve: Int32Array, gram: Int32Array, gatherCap: number): Side => ({
      n,
      counts,
      indptr: layout.alloc((n + 1) * 4),
      indices: windowed ? 0 : layout.alloc(nnz * 4),
      values: windowed ? 0 : layout.alloc(nnz * 4),
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
    input.onMemory?.(this.mem.memory, this.readyCells);

    const { i32, f32 } = this.mem;
    const u = this.users;
    const it = this.items;
    // The CSRs first, so the rows can be released before the rest of the memory is touched.
    // Windowed, they go to host memory: the user CSR's item indices in 16 bits when the catalogue
    // allows (and the item CSR's user indices likewise), whole-number ratings in 8 or 16 bits.
    const views = windowed
      ? hostCsrPair(input.ratings, numUsers, numItems)
      : {
          userIndices: i32.subarray(u.indices >> 2, (u.indices >> 2) + nnz),
          userValues: f32.subarray(u.values >> 2, (u.values >> 2) + nnz),
          itemIndices: i32.subarray(it.indices >> 2, (it.indices >> 2) + nnz),
          itemValues: f32.subarray(it.values >> 2, (it.values >> 2) + nnz),
        };
    if (pre && !windowed) {
      views.userIndices.set(pre.userIndices);
      views.userValues.set(pre.userValues);
      views.itemIndices.set(pre.itemIndices);
      views.itemValues.set(pre.itemValues);
      input.releaseRows?.(['ratings', 'users', 'items']);
    } else {
      canonicalCsrPair(input.users, input.items, input.ratings, userOf, itemOf, userIndptr, itemIndptr, views, input.releaseRows);
    }
    if (windowed) {
      u.host = { indices: views.userIndices, values: views.userValues };
      it.host = { indices: views.itemIndices, values: views.itemValues };
      u.windows = windowPlan(userIndptr, userBounds, this.windowEntries);
      it.windows = windowPlan(itemIndptr, itemBounds, this.windowEntries);
    }
    const hostCsr = windowed ? [views.userIndices, views.userValues, views.itemIndices, views.itemValues].reduce((a, v) => a + v.byteLength, 0) : 0;
    this.footprint = {
      csrBytes: windowed ? hostCsr : nnz * 16,
      csrInWasm: !windowed,
      indptrBytes: (numUsers + numItems + 2) * 4,
      factorBytes: (numUsers + numItems) * kp * 4,
      scratchBytes: this.scratchBytes * input.threads + gramChunks * kp * kp * 8,
      windowBytes: this.windowEntries * 8,
      wasmBytes: layout.bytes,
    };
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
    const cg = implicitPrefs && solver === 'cg' && !nonnegative;
    const ialspp = implicitPrefs && solver === 'ials++' && !nonnegative;
    const tasks = this.csrTasks(solving, cg ? 'cgChunk' : ialspp ? 'ialsppChunk' : 'solveChunk', (indices, values) => {
      const common = [solving.indptr, indices, values, fixed.factors, solving.factors];
      return cg
        ? [...common, fixed.gram32, this.kp, this.k, regParam, alpha, cgSteps, solving.gatherCap]
        : ialspp
        ? [...common, fixed.gram32, this.kp, this.k, regParam, alpha, this.params.blockSize ?? 32, solving.ialspp!.gatherCap, solving.ialspp!.predCap]
        : [...common, implicitPrefs ? fixed.gram64 : 0, this.kp, this.k, regParam, alpha, implicitPrefs ? 1 : 0, nonnegative ? 1 : 0];
    });
    let row = -1;
    for (const task of tasks) {
      yield task;
      const failed = taskFailure(this.mem.i32, task);
      if (failed >= 0 && row < 0) row = failed;
    }
    solving.gramFresh = false;
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
      yield* this.csrTasks(s, 'lossChunk', (indices, values, c0) => [
        s.indptr, indices, values, s.factors, other.factors, kp, implicitPrefs ? 1 : 0, alpha, withData, this.lossPartials + 16 * c0,
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

  /**
   * Tasks running `kernel` over every solve chunk of `s`, given the CSR pointers by `args(indices,
   * values, firstChunk)`: one task when the CSR is in WASM memory; windowed, one per window, each
   * loaded just before its task is handed out (the chunk numbers a task's kernels see start at 0,
   * so a per-chunk output pointer moves by `firstChunk`).
   */
  private *csrTasks(s: Side, kernel: ChunkKernel, args: (indices: number, values: number, firstChunk: number) => number[]): Generator<ChunkTask, void, void> {
    if (!s.host) {
      yield this.task(kernel, s.solveChunks, s.solveBounds, args(s.indices, s.values, 0));
      return;
    }
    const { i32, f32 } = this.mem;
    for (const w of s.windows!) {
      loadWindow(s.host, w, i32, this.winIndices >> 2, f32, this.winValues >> 2);
      yield this.task(kernel, w.c1 - w.c0, s.solveBounds + 4 * w.c0, args(shiftedPointer(this.winIndices, w.e0), shiftedPointer(this.winValues, w.e0), w.c0));
    }
  }

  /** Lets go of the host-memory CSRs at once (the fit is over; they are the engine's own arrays). */
  releaseHostCsr(release: (buffers: ArrayBufferLike[]) => void): void {
    for (const s of [this.users, this.items]) {
      if (s.host) release([s.host.indices.buffer, s.host.values.buffer]);
      s.host = undefined;
    }
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
