import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { ALSModel } from '../als/als-model.js';
import { seenRows } from '../als/seen-rows.js';
import type { Recommendations } from '../als/recommendations.js';
import type { Interactions } from '../data/interactions.js';
import { topK, type SeenRows } from '../kernels/top-k.js';

/** A ranked list as model item rows and scores, best first. */
export interface RankedRows {
  rows: Int32Array;
  scores: Float32Array;
}

/**
 * One loaded model version and everything derived from it for serving: its version string, the
 * training pairs (to leave out of lists), the precomputed top-`cacheK` list of every known user
 * (built in the background; `cacheReady` says when), and item norms for the diversity metric.
 * Immutable once built, so a request holding a slot finishes on it even after a swap.
 */
export class ModelSlot {
  readonly version: string;
  readonly loadedAt = Date.now();
  readonly itemNorms: Float32Array;
  /** Training rows per item and their total, for novelty (null when the model has no counts). */
  readonly itemCounts: Float64Array | null;
  readonly totalCount: number;
  private readonly trainSeen: SeenRows | null;
  private cache: Recommendations | null = null;
  private cacheRowOfUser: Int32Array | null = null;
  readonly cacheReady: Promise<void>;
  cacheSeconds = NaN;

  private constructor(
    readonly model: ALSModel,
    readonly dir: string,
    private readonly train: Interactions | null,
    readonly cacheK: number,
  ) {
    this.version = `${basename(dir)}-${fingerprint(model)}`;
    this.trainSeen = train ? seenRows(train, model.userIds, model.itemIds, 'user') : null;
    const { rank } = model;
    const n = model.itemIds.size;
    this.itemNorms = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let a = 0; a < rank; a++) s += model.itemFactors[i * rank + a]! ** 2;
      this.itemNorms[i] = Math.sqrt(s);
    }
    this.itemCounts = model.itemCounts ?? null;
    this.totalCount = this.itemCounts ? this.itemCounts.reduce((a, b) => a + b, 0) : 0;
    this.cacheReady = cacheK > 0 ? this.buildCache() : Promise.resolve();
  }

  /** Loads `dir` and starts building its cache (not awaited: see `cacheReady`). */
  static async load(dir: string, opts: { train?: Interactions | null; cacheK: number }): Promise<ModelSlot> {
    const model = await ALSModel.load(dir);
    return new ModelSlot(model, dir, opts.train ?? null, opts.cacheK);
  }

  static fromModel(model: ALSModel, dir: string, opts: { train?: Interactions | null; cacheK: number }): ModelSlot {
    return new ModelSlot(model, dir, opts.train ?? null, opts.cacheK);
  }

  get cacheComplete(): boolean {
    return this.cache !== null;
  }

  get cachedUsers(): number {
    return this.cache?.length ?? 0;
  }

  /** The threaded top-K over all users, training pairs left out; swapped in whole when done. */
  private async buildCache(): Promise<void> {
    const t0 = performance.now();
    await new Promise((r) => setImmediate(r)); // let the caller start serving first
    const recs = await this.model.recommendForAllUsersAsync(this.cacheK, { exclude: this.train ?? undefined });
    const rowOf = new Int32Array(this.model.userIds.size).fill(-1);
    for (let j = 0; j < recs.length; j++) rowOf[recs.queryRows[j]!] = j;
    this.cacheRowOfUser = rowOf;
    this.cache = recs;
    this.cacheSeconds = (performance.now() - t0) / 1000;
  }

  /** The cached list of model user row `u`, or null before the cache is complete. */
  cached(u: number): RankedRows | null {
    if (!this.cache) return null;
    const j = this.cacheRowOfUser![u]!;
    if (j < 0) return null;
    const rows = this.cache.list(j);
    return { rows, scores: this.cache.scores.subarray(j * this.cacheK, j * this.cacheK + rows.length) };
  }

  /** Training item rows of user row `u` (sorted), empty without training data. */
  trainItems(u: number): Int32Array {
    if (!this.trainSeen || u < 0) return new Int32Array(0);
    return this.trainSeen.indices.subarray(this.trainSeen.indptr[u]!, this.trainSeen.indptr[u + 1]!);
  }

  /** Top `k` items for the factor vector `x` (a user's row or a folded-in one), `seen` left out. */
  topKFor(x: Float32Array, k: number, seen: Iterable<number>): RankedRows {
    const sorted = Int32Array.from(new Set(seen)).sort();
    const res = topK({
      queries: x,
      targets: this.model.itemFactors,
      rank: this.model.rank,
      k,
      seen: { indptr: Int32Array.of(0, sorted.length), indices: sorted },
    });
    const end = res.indices.indexOf(-1);
    const n = end < 0 ? k : end;
    return { rows: res.indices.subarray(0, n), scores: res.scores.subarray(0, n) };
  }

  userVector(u: number): Float32Array {
    const r = this.model.rank;
    return this.model.userFactors.subarray(u * r, u * r + r);
  }
}

/** 12 hex digits of SHA-256 over the factors and ids: the same model files give the same version. */
function fingerprint(model: ALSModel): string {
  const h = createHash('sha256');
  h.update(new Uint8Array(model.userFactors.buffer, model.userFactors.byteOffset, model.userFactors.byteLength));
  h.update(new Uint8Array(model.itemFactors.buffer, model.itemFactors.byteOffset, model.itemFactors.byteLength));
  h.update(JSON.stringify([model.userIds.size, model.itemIds.size, model.rank]));
  return h.digest('hex').slice(0, 12);
}
