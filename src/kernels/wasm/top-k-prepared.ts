import type { SeenRows, TopKInput, TopKResult } from '../top-k.js';
import { runTaskHere, type ChunkTask } from '../pool/chunk-task.js';
import { withWorkers } from '../pool/shared-pool.js';
import { paddedRank } from './kernel-exports.js';
import { KernelMemory, MemoryLayout, kernelSizes } from './kernel-memory.js';
import { writePadded } from './padded-rows.js';
import type { WasmModule } from './wasm-api.js';

/** Query rows copied into WASM memory per batch. */
const BATCH = 1024;
/** Rows per query block of the kernel (assembly/top-k.ts QUERY_BLOCK). */
const QUERY_BLOCK = 32;

/** A top-K request against prepared targets: `TopKInput` without the targets. */
export type PreparedQuery = Omit<TopKInput, 'targets' | 'rank'>;

/**
 * The targets split into lists (an inverted file, src/retrieval/ivf.ts): `lists[t]` is target t's
 * list in [0, numLists), `centroids` the numLists × rank rows a query is scored against to choose
 * the lists it scans.
 */
export interface TargetPartition {
  lists: Int32Array;
  centroids: Float32Array;
  numLists: number;
}

/** Where each list starts when the targets are stored list by list: list l at [starts[l], starts[l+1]). */
export function listStarts(p: TargetPartition): Int32Array {
  const starts = new Int32Array(p.numLists + 1);
  for (let t = 0; t < p.lists.length; t++) starts[p.lists[t]! + 1]!++;
  for (let l = 0; l < p.numLists; l++) starts[l + 1]! += starts[l]!;
  return starts;
}

/**
 * The WASM top-K (`topKWasm`) with its targets copied into WASM memory once — padded, ordered by
 * decreasing norm for the kernel's exact pruning — so that each call only copies its queries: the
 * exact method of a retrieval index, answering one query in the time of one pass over the targets
 * instead of a copy and a sort of the whole table first. Queries go through in batches of
 * BATCH rows; `k` up to `maxK` (fixed at construction: the scratch is sized for it).
 *
 * With a `partition` the targets are stored list by list (by decreasing norm inside each) and a
 * query scans only the `probes` lists whose centroids score highest (assembly/ivf-scan.ts).
 */
export class PreparedTopK {
  readonly numTargets: number;
  readonly rank: number;
  readonly maxK: number;
  private readonly mem: KernelMemory;
  private readonly kp: number;
  private readonly threads: number;
  private readonly scratchBytes: number;
  private readonly at: Record<'control' | 'scratch' | 'bounds' | 'q' | 't' | 'qr' | 'sp' | 'si' | 'perm' | 'inv' | 'qn' | 'tn' | 'outIdx' | 'outScore' | 'c' | 'ls', number>;
  private readonly numLists: number;
  /** Lists a query scans (partitioned targets only). */
  private probes = 1;
  private readonly seenCap: number;
  /** Async searches run one after another (they share the batch buffers); a sync search meanwhile is refused. */
  private queue: Promise<unknown> = Promise.resolve();
  private busy = false;
  /**
   * c of the stop test c·‖q‖·‖t‖ < the K-th score (see assembly/top-k.ts): 1 [default] is exact;
   * c in (0, 1) stops sooner and may miss targets (src/retrieval/norm-scan.ts).
   */
  private boundScale = 1;

  constructor(
    private readonly module: WasmModule,
    targets: Float32Array,
    rank: number,
    opts: { maxK?: number; threads?: number; partition?: TargetPartition } = {},
  ) {
    const kp = paddedRank(rank);
    const numTargets = targets.length / rank;
    const maxK = opts.maxK ?? 1024;
    const threads = Math.max(1, opts.threads ?? 1);
    this.seenCap = Math.max(numTargets, 1 << 16);
    const layout = new MemoryLayout();
    const part = opts.partition;
    const numLists = part ? part.numLists : 0;
    const sizes = kernelSizes(module);
    const scratchBytes = Math.ceil((part ? sizes.ivfScratchBytes(maxK, numTargets, numLists) : sizes.topKScratchBytes(maxK, numTargets)) / 64) * 64;
    this.at = {
      control: layout.alloc(8),
      scratch: layout.alloc(scratchBytes * threads),
      bounds: layout.alloc((BATCH / QUERY_BLOCK + 1) * 4),
      q: layout.alloc(BATCH * kp * 4),
      t: layout.alloc(numTargets * kp * 4),
      qr: layout.alloc(BATCH * 4),
      sp: layout.alloc((BATCH + 1) * 4),
      si: layout.alloc(this.seenCap * 4),
      perm: layout.alloc(numTargets * 4),
      inv: layout.alloc(numTargets * 4),
      qn: layout.alloc(BATCH * 8),
      tn: layout.alloc(numTargets * 8),
      outIdx: layout.alloc(BATCH * maxK * 4),
      outScore: layout.alloc(BATCH * maxK * 4),
      c: layout.alloc(numLists * kp * 4),
      ls: layout.alloc((numLists + 1) * 4),
    };
    this.mem = new KernelMemory(module, layout.bytes);
    const { i32, f32, f64 } = this.mem;
    const norms = new Float64Array(numTargets);
    for (let r = 0; r < numTargets; r++) {
      let s = 0;
      for (let a = 0; a < rank; a++) s += targets[r * rank + a]! * targets[r * rank + a]!;
      norms[r] = Math.sqrt(s);
    }
    const lists = part?.lists;
    const order = Int32Array.from({ length: numTargets }, (_, i) => i).sort(
      lists ? (a, b) => lists[a]! - lists[b]! || norms[b]! - norms[a]! || a - b : (a, b) => norms[b]! - norms[a]! || a - b,
    );
    if (part) {
      i32.set(listStarts(part), this.at.ls >> 2);
      writePadded(f32, this.at.c >> 2, part.centroids, numLists, rank, kp);
    }
    for (let p = 0; p < numTargets; p++) {
      const o = order[p]!;
      writePadded(f32, (this.at.t >> 2) + p * kp, targets.subarray(o * rank, o * rank + rank), 1, rank, kp);
      i32[(this.at.inv >> 2) + o] = p;
      f64[(this.at.tn >> 3) + p] = norms[o]!;
    }
    i32.set(order, this.at.perm >> 2);
    for (let j = 0; j < BATCH; j++) i32[(this.at.qr >> 2) + j] = j;
    this.numTargets = numTargets;
    this.rank = rank;
    this.maxK = maxK;
    this.kp = kp;
    this.threads = threads;
    this.scratchBytes = scratchBytes;
    this.numLists = numLists;
  }

  /** Sets how many lists a query scans (partitioned targets; at most the number of lists). */
  setProbes(n: number): void {
    if (!(Number.isInteger(n) && n >= 1)) throw new Error(`top-k: the number of lists to probe must be an integer ≥ 1, got ${n}`);
    this.probes = Math.min(n, this.numLists);
  }

  /**
   * Sets the stop test's c: 1 exact, (0, 1) approximate; above 1 the scan goes on past the exact
   * stop (Infinity: every target, the unpruned scan, for benchmarks).
   */
  setBoundScale(c: number): void {
    if (!(c > 0)) throw new Error(`top-k: the bound scale c must be > 0, got ${c}`);
    this.boundScale = c;
  }

  /** Bytes of WASM memory held (targets, norms, order, batch buffers and per-thread scratch). */
  get memoryBytes(): number {
    return this.mem.memory.buffer.byteLength;
  }

  /** Top-K on the calling thread. */
  search(query: PreparedQuery): TopKResult {
    if (this.busy) throw new Error('top-k: this index is busy with a searchAsync call; await it, or use searchAsync for every call');
    return this.run(query, (task) => runTaskHere(this.mem.exports, this.mem.i32, task));
  }

  /** Top-K on `numThreads` threads (at most the `threads` given at construction), the calling one included. */
  searchAsync(query: PreparedQuery, numThreads = this.threads): Promise<TopKResult> {
    const run = this.queue.then(() => this.searchOnPool(query, numThreads));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private searchOnPool(query: PreparedQuery, numThreads: number): Promise<TopKResult> {
    const workers = Math.min(numThreads, this.threads) - 1;
    return withWorkers(workers, async (pool) => {
      const n = pool ? Math.min(pool.size, workers) : 0;
      if (!pool || n === 0) return this.search(query);
      await pool.attach(this.module, this.mem.memory, n);
      this.busy = true;
      try {
        const out = this.prepareOutputs(query);
        // one batch at a time: each reuses the same buffers
        for (const part of this.batches(query, out)) {
          await pool.run(part.task, this.mem.exports, this.mem.i32, n);
          part.copy();
        }
        return out.result;
      } finally {
        this.busy = false;
        pool.detach(n);
      }
    });
  }

  private run(query: PreparedQuery, exec: (task: ChunkTask) => void): TopKResult {
    const out = this.prepareOutputs(query);
    for (const part of this.batches(query, out)) {
      exec(part.task);
      part.copy();
    }
    return out.result;
  }

  private prepareOutputs(query: PreparedQuery) {
    const { k } = query;
    if (!(Number.isInteger(k) && k >= 1 && k <= this.maxK)) throw new Error(`top-k: k must be an integer from 1 to ${this.maxK} for this index, got ${k}`);
    const rows = query.queryRows ?? Int32Array.from({ length: query.queries.length / this.rank }, (_, i) => i);
    return { rows, result: { indices: new Int32Array(rows.length * k), scores: new Float32Array(rows.length * k), k } as TopKResult };
  }

  /**
   * Yields one task per batch of query rows, each with the batch written into memory when the task
   * is taken; `copy` moves its lists to the result. Batches end early when their seen lists would
   * overflow the seen buffer. One batch at a time: the buffers are reused.
   */
  private *batches(query: PreparedQuery, out: { rows: Int32Array; result: TopKResult }): Generator<{ task: ChunkTask; copy: () => void }> {
    const { queries, k, seen } = query;
    const { rows, result } = out;
    const { i32, f32, f64 } = this.mem;
    const a = this.at;
    const kp = this.kp;
    const rank = this.rank;
    for (let j0 = 0; j0 < rows.length; ) {
      let m = 0;
      let e = 0;
      i32[a.sp >> 2] = 0;
      while (j0 + m < rows.length && m < BATCH) {
        const row = rows[j0 + m]!;
        const count = seen ? seenCount(seen, row) : 0;
        if (m > 0 && e + count > this.seenCap) break;
        if (seen && count > 0) i32.set(seen.indices.subarray(seen.indptr[row]!, seen.indptr[row]! + Math.min(count, this.seenCap)), (a.si >> 2) + e);
        e += Math.min(count, this.seenCap);
        i32[(a.sp >> 2) + m + 1] = e;
        const src = queries.subarray(row * rank, row * rank + rank);
        writePadded(f32, (a.q >> 2) + m * kp, src, 1, rank, kp);
        let s = 0;
        for (let x = 0; x < rank; x++) s += src[x]! * src[x]!;
        f64[(a.qn >> 3) + m] = Math.sqrt(s);
        m++;
      }
      const numChunks = Math.ceil(m / QUERY_BLOCK);
      for (let c = 0; c <= numChunks; c++) i32[(a.bounds >> 2) + c] = Math.min(m, c * QUERY_BLOCK);
      const args = [a.qr, a.q, a.t, this.numTargets, kp, k, seen ? a.sp : 0, a.si, a.outIdx, a.outScore, a.perm, a.inv, a.qn, a.tn, this.boundScale];
      const task: ChunkTask = this.numLists
        ? { kernel: 'ivfChunk', numChunks, bounds: a.bounds, scratch: a.scratch, scratchBytes: this.scratchBytes, control: a.control, args: [...args, a.c, this.numLists, a.ls, this.probes] }
        : { kernel: 'topKChunk', numChunks, bounds: a.bounds, scratch: a.scratch, scratchBytes: this.scratchBytes, control: a.control, args };
      const start = j0;
      const size = m;
      yield {
        task,
        copy: () => {
          result.indices.set(i32.subarray(a.outIdx >> 2, (a.outIdx >> 2) + size * k), start * k);
          result.scores.set(this.mem.f32.subarray(a.outScore >> 2, (a.outScore >> 2) + size * k), start * k);
        },
      };
      j0 += m;
    }
  }
}

function seenCount(seen: SeenRows, row: number): number {
  return seen.indptr[row + 1]! - seen.indptr[row]!;
}
