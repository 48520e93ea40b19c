import type { ALSOptions } from '../src/als/options.js';
import type { LibSource } from './lib.js';
import type { Solver, WorkloadId } from './workloads.js';

/** One measurement: a workload fitted once with one rank, solver, kernel backend and thread count. */
export interface BenchCase {
  workload: WorkloadId;
  rank: number;
  solver: Solver;
  kernels: 'ts' | 'wasm';
  threads: number;
  maxIter: number;
  /** Also time top-10 for all users with the training pairs excluded. */
  topK: boolean;
  /** ML-100k directory (holding u.data), for the ml100k workload. */
  ml100kDir?: string;
  /** Run the library from its sources (tsx), from the compiled dist/, or from a dist/ at this path. */
  from: LibSource | string;
}

/** What a case's child process reports. Times in seconds, memory in MB (2^20 bytes). */
export interface CaseResult {
  case: BenchCase;
  status: 'ok' | 'unavailable' | 'error' | 'skipped';
  /** Why the case did not run, or what to know about its figures. */
  note?: string;
  rows?: number;
  users?: number;
  items?: number;
  /** Generating (synthetic) or reading (ML-100k) the data. */
  dataSeconds?: number;
  /** `await new ALS(options).fit(data)`, wall clock: compaction, CSRs, workers and all iterations. */
  fitSeconds?: number;
  /** model.summary.iterationSeconds. */
  iterationSeconds?: number[];
  /** recommendForAllUsersAsync(10, { exclude: data, numThreads: threads }), seen-mask construction included. */
  topKSeconds?: number;
  /** maxRSS when the child started (Node + tsx), after the data, after the fit, at the end. */
  rssStartMB?: number;
  rssAfterDataMB?: number;
  rssAfterFitMB?: number;
  peakRssMB?: number;
  /** The ALS options passed. */
  options?: Record<string, unknown>;
}

/** Short name of a backend configuration: "ts×1", "wasm×2". */
export function configName(c: Pick<BenchCase, 'kernels' | 'threads'>): string {
  return `${c.kernels}×${c.threads}`;
}

/**
 * The fixed settings of every case, those of implicit's figures: implicit feedback, λ = 0.01,
 * α = 1 (confidence c = 1 + r, the rating as the count), seed 0, and no per-iteration loss
 * (implicit computes none unless asked: calculate_training_loss=False).
 */
export function benchOptions(c: BenchCase): ALSOptions {
  return {
    rank: c.rank,
    maxIter: c.maxIter,
    regParam: 0.01,
    implicitPrefs: true,
    alpha: 1,
    solver: c.solver,
    seed: 0,
    computeLoss: false,
  };
}
