/**
 * The benchmark workloads of issue 3. Peers (benfred/implicit) are measured in the same run
 * (`--peers implicit`, bench/peers/), not taken from notes.
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

/**
 * Where `--topk reference` times top-10: the (workload, rank) pairs of the first comparison with
 * implicit (issue 3). With `--peers implicit` the peer times top-10 wherever alsrec does.
 */
export const TOPK_REFERENCE: Partial<Record<WorkloadId, readonly number[]>> = { ml100k: [64], '10m': [128] };

export function workload(id: string): Workload {
  const w = WORKLOADS.find((x) => x.id === id);
  if (!w) throw new Error(`bench: unknown workload '${id}'; known: ${WORKLOADS.map((x) => x.id).join(', ')}`);
  return w;
}
