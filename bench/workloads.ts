/**
 * The benchmark workloads of issue 3 and benfred/implicit 0.7.2's figures for them, measured on
 * this machine kind (2 cores, 15 iterations, 2 threads, regularization 0.01, implicit feedback).
 */

export type WorkloadId = 'ml100k' | '1m' | '10m' | '25m';
export type Solver = 'cg' | 'cholesky';

export interface Workload {
  id: WorkloadId;
  label: string;
  /** Synthetic shape (users × items, target rows); absent for ML-100k, which is read from disk. */
  synthetic?: { numUsers: number; numItems: number; nnz: number };
  /** Shape used by the cost estimate before any data exists (ML-100k: 943 × 1682, 100000 rows). */
  shape: { users: number; items: number; nnz: number };
}

export const WORKLOADS: readonly Workload[] = [
  { id: 'ml100k', label: 'ML-100k', shape: { users: 943, items: 1682, nnz: 100_000 } },
  {
    id: '1m',
    label: 'synthetic 1M (6,000 × 4,000)',
    synthetic: { numUsers: 6_000, numItems: 4_000, nnz: 1_000_000 },
    shape: { users: 6_000, items: 4_000, nnz: 1_000_000 },
  },
  {
    id: '10m',
    label: 'synthetic 10M (70,000 × 10,000)',
    synthetic: { numUsers: 70_000, numItems: 10_000, nnz: 10_000_000 },
    shape: { users: 70_000, items: 10_000, nnz: 10_000_000 },
  },
  {
    id: '25m',
    label: 'synthetic 25M (160,000 × 60,000)',
    synthetic: { numUsers: 160_000, numItems: 60_000, nnz: 25_000_000 },
    shape: { users: 160_000, items: 60_000, nnz: 25_000_000 },
  },
];

/** Seed of every synthetic workload, so that all runs train on the same rows. */
export const SYNTHETIC_SEED = 1;

/** implicit 0.7.2 fit seconds by workload, rank and solver (undefined: not published in the issue). */
export const IMPLICIT_FIT: Record<WorkloadId, Record<number, Partial<Record<Solver, number>>>> = {
  ml100k: { 64: { cg: 0.163, cholesky: 0.85 }, 128: { cg: 0.223, cholesky: 2.52 } },
  '1m': { 64: { cg: 1.33, cholesky: 7.51 }, 128: { cg: 1.88, cholesky: 22.6 } },
  '10m': { 64: { cg: 20.1, cholesky: 84.8 }, 128: { cg: 29.8, cholesky: 241 } },
  '25m': { 64: { cg: 63.1 }, 128: { cg: 98.7 } },
};

/** implicit's peak RSS in MB, where the issue gives it (25M, 64 factors, CG). */
export const IMPLICIT_PEAK_RSS_MB: Partial<Record<WorkloadId, Record<number, number>>> = { '25m': { 64: 583 } };

/** implicit's top-10 seconds for all users, already-liked items filtered. */
export const IMPLICIT_TOPK: Partial<Record<WorkloadId, Record<number, number>>> = {
  ml100k: { 64: 0.028 },
  '10m': { 128: 2.43 },
};

export function workload(id: string): Workload {
  const w = WORKLOADS.find((x) => x.id === id);
  if (!w) throw new Error(`bench: unknown workload '${id}'; known: ${WORKLOADS.map((x) => x.id).join(', ')}`);
  return w;
}
