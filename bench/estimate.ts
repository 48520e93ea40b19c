import type { BenchCase } from './bench-case.js';
import { workload } from './workloads.js';

/**
 * Rough seconds a case will take, to keep `npm run bench` inside a time budget. Floating-point
 * operations per iteration (both half-steps; n = users + items rows, k = rank, z = nnz):
 *
 *   Gram YᵀY, both sides     n·k²
 *   CG, s steps + residual    (s + 1)·(2k²·n + 8k·z)       (YᵀY·p per row, Σ (c−1) y yᵀp per rating)
 *   Cholesky                  2k²·z + n·(k³/3 + 3k²)       (a rank-1 update per rating, factor, solve)
 *   top-K                     2·users·items·k
 *
 * divided by a rate calibrated on this machine's first runs (ML-100k, 1M; see docs/benchmarks.md):
 * about 0.8 GFLOP/s for the TypeScript kernels and 10 GFLOP/s per thread for WASM SIMD, 0.7 GFLOP/s
 * for top-K. Within a factor of 2–3: enough to tell a minute from an hour.
 */
/** Multiply-adds per second: TS kernels, WASM kernels, TS top-K, WASM top-K (norm pruning skips most items). */
const RATE = { ts: 0.8e9, wasm: 10e9, topK: 0.7e9, topKWasm: 40e9 };
const CG_STEPS = 3;
/** Seconds per generated row (synthetic data, measured: 25M rows in ~5 s). */
const GEN_PER_ROW = 0.25e-6;

/** Estimated seconds of the three phases of a case. */
export interface Estimate {
  data: number;
  fit: number;
  /** Top-10 for all users, whether or not the case asks for it. */
  topK: number;
}

export function estimate(c: BenchCase): Estimate {
  const { users, items, nnz } = workload(c.workload).shape;
  const n = users + items;
  const k = c.rank;
  const gram = n * k * k;
  const solve = c.solver === 'cg' ? (CG_STEPS + 1) * (2 * k * k * n + 8 * k * nnz) : 2 * k * k * nnz + n * ((k * k * k) / 3 + 3 * k * k);
  const rate = c.kernels === 'ts' ? RATE.ts : RATE.wasm * (1 + 0.8 * (c.threads - 1));
  const fit = (c.maxIter * (gram + solve)) / rate;
  return { data: nnz * GEN_PER_ROW, fit, topK: (2 * users * items * k) / (c.kernels === 'ts' ? RATE.topK : RATE.topKWasm) };
}

/** Estimated seconds of the case as planned (top-K only when it asks for it). */
export function estimateSeconds(c: BenchCase): number {
  const e = estimate(c);
  return e.data + e.fit + (c.topK ? e.topK : 0);
}
