import type { TopKInput, TopKResult } from '../top-k.js';
import { runTaskHere, type ChunkTask } from '../pool/chunk-task.js';
import { withWorkers } from '../pool/shared-pool.js';
import { availableCores } from '../pool/thread-host.js';
import { paddedRank } from './kernel-exports.js';
import { KernelMemory, MemoryLayout, kernelSizes } from './kernel-memory.js';
import { loadWasmKernels, requireWasmKernels } from './load-kernels.js';
import { writePadded } from './padded-rows.js';
import type { WasmModule } from './wasm-api.js';

/** Rows per query block of the kernel (assembly/top-k.ts QUERY_BLOCK). */
const QUERY_BLOCK = 32;
/** Multiply-adds per chunk of queries handed to a thread. */
const CHUNK_WORK = 2e7;

/**
 * The WASM twin of kernels/top-k.ts `topK`, same input and result, on the calling thread: blocked
 * f32x4 score tiles, a bounded heap per query, seen targets skipped, and targets visited by
 * decreasing norm so that a block of queries stops as soon as no remaining target can reach its
 * lists (qᵀt ≤ ‖q‖‖t‖; exact, see assembly/top-k.ts). Scores are summed in float32 (the reference
 * sums in float64 and rounds), so near-ties may order differently.
 * Needs `await loadWasmKernels()` first.
 */
export function topKWasm(input: TopKInput): TopKResult {
  const job = new TopKJob(requireWasmKernels(), input, 1);
  runTaskHere(job.mem.exports, job.mem.i32, job.task);
  return job.result();
}

/**
 * `topKWasm` on `numThreads` threads (default: the machine's cores; 1 when the job is small),
 * query chunks shared out dynamically. Falls back to the calling thread where there are no threads.
 */
export async function topKWasmThreads(input: TopKInput, numThreads?: number): Promise<TopKResult> {
  const module = await loadWasmKernels();
  if (!module) throw new Error('top-k: the WASM kernels are unavailable here; use topK from kernels/top-k.js');
  const threads = numThreads ?? autoThreads(availableCores(), input);
  return withWorkers(threads - 1, async (pool) => {
    const workers = pool ? Math.min(pool.size, threads - 1) : 0;
    const job = new TopKJob(module, input, 1 + workers);
    if (!pool || workers === 0) {
      runTaskHere(job.mem.exports, job.mem.i32, job.task);
      return job.result();
    }
    await pool.attach(module, job.mem.memory, workers);
    try {
      await pool.run(job.task, job.mem.exports, job.mem.i32, workers);
    } finally {
      pool.detach(workers);
    }
    return job.result();
  });
}

function autoThreads(cores: number, input: TopKInput): number {
  const n = input.queryRows?.length ?? input.queries.length / input.rank;
  const work = n * (input.targets.length / input.rank) * paddedRank(input.rank);
  return work < 5e8 ? 1 : cores; // under ~0.1 s on one core, workers cost more than they save
}

/** Euclidean norm of each row of an n × rank matrix, in float64 (NaN rows give NaN: never pruned). */
function rowNorms(F: Float32Array, n: number, rank: number): Float64Array {
  const out = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let a = 0; a < rank; a++) s += F[r * rank + a]! * F[r * rank + a]!;
    out[r] = Math.sqrt(s);
  }
  return out;
}

/** One top-K call's memory: padded factors, query rows, seen lists, outputs, per-thread scratch. */
class TopKJob {
  readonly mem: KernelMemory;
  readonly task: ChunkTask;
  private readonly n: number;
  private readonly k: number;
  private readonly outIdx: number;
  private readonly outScore: number;

  constructor(module: WasmModule, input: TopKInput, threads: number) {
    const { queries, targets, rank, k, seen } = input;
    const kp = paddedRank(rank);
    const numQueries = queries.length / rank;
    const numTargets = targets.length / rank;
    const rows = input.queryRows ?? Int32Array.from({ length: numQueries }, (_, i) => i);
    const n = rows.length;
    const perChunk = QUERY_BLOCK * Math.max(1, Math.ceil(CHUNK_WORK / (QUERY_BLOCK * Math.max(1, numTargets) * kp)));
    const numChunks = Math.max(1, Math.ceil(n / perChunk));
    const layout = new MemoryLayout();
    const control = layout.alloc(8);
    const scratchBytes = Math.ceil(kernelSizes(module).topKScratchBytes(k, numTargets) / 64) * 64;
    const scratch = layout.alloc(scratchBytes * threads);
    const bounds = layout.alloc((numChunks + 1) * 4);
    const q = layout.alloc(numQueries * kp * 4);
    const t = layout.alloc(numTargets * kp * 4);
    const qr = layout.alloc(n * 4);
    const sp = seen ? layout.alloc(seen.indptr.length * 4) : 0;
    const si = seen ? layout.alloc(seen.indices.length * 4) : 0;
    const perm = layout.alloc(numTargets * 4);
    const inv = layout.alloc(numTargets * 4);
    const qn = layout.alloc(numQueries * 8);
    const tn = layout.alloc(numTargets * 8);
    this.outIdx = layout.alloc(n * k * 4);
    this.outScore = layout.alloc(n * k * 4);
    this.mem = new KernelMemory(module, layout.bytes);
    const { i32, f32, f64 } = this.mem;
    for (let c = 0; c <= numChunks; c++) i32[(bounds >> 2) + c] = Math.min(n, c * perChunk);
    writePadded(f32, q >> 2, queries, numQueries, rank, kp);
    i32.set(rows, qr >> 2);
    if (seen) {
      i32.set(seen.indptr, sp >> 2);
      i32.set(seen.indices, si >> 2);
    }
    // targets by decreasing norm (ties by index), for the kernel's exact norm pruning
    const tNorms = rowNorms(targets, numTargets, rank);
    const order = Int32Array.from({ length: numTargets }, (_, i) => i).sort((a, b) => tNorms[b]! - tNorms[a]! || a - b);
    for (let p = 0; p < numTargets; p++) {
      const o = order[p]!;
      f32.set(targets.subarray(o * rank, o * rank + rank), (t >> 2) + p * kp);
      i32[(inv >> 2) + o] = p;
      f64[(tn >> 3) + p] = tNorms[o]!;
    }
    i32.set(order, perm >> 2);
    f64.set(rowNorms(queries, numQueries, rank), qn >> 3);
    this.n = n;
    this.k = k;
    this.task = {
      kernel: 'topKChunk', numChunks, bounds, scratch, scratchBytes, control,
      args: [qr, q, t, numTargets, kp, k, sp, si, this.outIdx, this.outScore, perm, inv, qn, tn, 1],
    };
  }

  result(): TopKResult {
    const len = this.n * this.k;
    return {
      indices: this.mem.i32.slice(this.outIdx >> 2, (this.outIdx >> 2) + len),
      scores: this.mem.f32.slice(this.outScore >> 2, (this.outScore >> 2) + len),
      k: this.k,
    };
  }
}
