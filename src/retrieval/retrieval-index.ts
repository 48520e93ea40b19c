import type { TopKResult } from '../kernels/top-k.js';
import type { PreparedQuery } from '../kernels/wasm/top-k-prepared.js';

export type { PreparedQuery as IndexQuery } from '../kernels/wasm/top-k-prepared.js';

/**
 * How an index finds the top K: every target that can rank scored ('exact'), the same norm-ordered
 * scan stopped early by a relaxed bound ('norm-scan'), the few k-means lists nearest the query
 * scored exactly ('ivf'), or an approximate candidate set re-ranked.
 */
export type IndexMethod = 'exact' | 'norm-scan' | 'ivf' | 'lsh' | 'hnsw';

/**
 * What the index ranks by: 'ip' — the inner product qᵀy (recommendations: maximum inner product
 * search, MIPS); 'cosine' — qᵀy/(‖q‖‖y‖) (similar items/users; the index holds unit rows).
 */
export type IndexMetric = 'ip' | 'cosine';

/** Whose factor rows the index holds: items (recommendations to users, similar items) or users. */
export type IndexSide = 'item' | 'user';

/**
 * A top-K index over one factor table (the "targets"). Every method answers the same request as
 * the exact top-K (`TopKInput` without the targets: query vectors, optional query rows, k, seen
 * targets per query row) with the same result layout, best first, scores being the exact qᵀy (or
 * cosine) of the targets returned: approximate methods only miss targets, they never misscore one.
 */
export interface RetrievalIndex {
  readonly method: IndexMethod;
  readonly metric: IndexMetric;
  readonly side: IndexSide;
  readonly rank: number;
  /** Number of targets indexed. */
  readonly size: number;
  /** The build parameters, as saved beside the index (numbers and strings only). */
  readonly params: Readonly<Record<string, number | string>>;
  /** Checksum of the factor table the index was built from (see factorChecksum). */
  readonly checksum: string;
  /** Bytes the index holds beyond the model's own factors (approximate where a library owns them). */
  readonly memoryBytes: number;
  /** Top-K for the queries on the calling thread. */
  search(query: PreparedQuery): TopKResult;
  /** Top-K on up to `numThreads` threads (default: the index's own choice, usually all cores). */
  searchAsync(query: PreparedQuery, numThreads?: number): Promise<TopKResult>;
  /** Sets the main query-time knob of the method (HNSW ef, LSH probes, norm-scan cosine, IVF lists probed); absent for exact. */
  tune?(knob: number): void;
  /** Releases threads or native memory the index holds. */
  close?(): Promise<void>;
}
