import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { ALSModel } from '../als/als-model.js';
import { buildCSR, type CSR } from '../data/csr.js';
import { translateIds } from '../data/id-translation.js';
import { loadALSModel } from '../io/als-model-dir.js';
import { PopularityRanker } from '../fallback/popularity.js';
import type { Recommendations } from '../als/recommendations.js';
import type { Interactions } from '../data/interactions.js';
import { topK } from '../kernels/top-k.js';
import { modelRow } from './wire.js';

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
  /** Training rows by model user row (item rows sorted, ratings alongside); null without training data. */
  private readonly trainCSR: CSR | null;
  /** Item rows by decreasing popularity (training rows per item), for the popularity fallback. */
  readonly popularOrder: Int32Array;
  readonly popularity: Float64Array;
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
    this.trainCSR = train ? trainByUser(train, model) : null;
    // popularity from the training data when given (PopularityRanker), else the model's item counts
    this.popularity = train ? new PopularityRanker(train, { itemIds: model.itemIds }).popularity : (model.itemCounts ?? new Float64Array(model.itemIds.size));
    this.popularOrder = Int32Array.from({ length: model.itemIds.size }, (_, i) => i).sort((a, b) => this.popularity[b]! - this.popularity[a]! || a - b);
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
    const model = await loadALSModel(dir);
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

  get hasTraining(): boolean {
    return this.trainCSR !== null;
  }

  /** Training item rows of user row `u`, empty without training data. */
  trainItems(u: number): Int32Array {
    return this.trainRows(u).items;
  }

  /** Training rows of user row `u`: item rows and ratings (empty without training data or for u < 0). */
  trainRows(u: number): { items: Int32Array; ratings: Float32Array } {
    const c = this.trainCSR;
    if (!c || u < 0) return { items: new Int32Array(0), ratings: new Float32Array(0) };
    return { items: c.indices.subarray(c.indptr[u]!, c.indptr[u + 1]!), ratings: c.values.subarray(c.indptr[u]!, c.indptr[u + 1]!) };
  }

  userRowOf(user: string): number {
    return modelRow(this.model.userIds, user);
  }

  itemRowOf(item: string): number {
    return modelRow(this.model.itemIds, item);
  }

  /** The `k` most popular items not in `drop` (the popularity fallback). */
  popular(k: number, drop: Set<number>): RankedRows {
    const rows: number[] = [];
    const scores: number[] = [];
    for (let j = 0; j < this.popularOrder.length && rows.length < k; j++) {
      const i = this.popularOrder[j]!;
      if (drop.has(i)) continue;
      rows.push(i);
      scores.push(this.popularity[i]!);
    }
    return { rows: Int32Array.from(rows), scores: Float32Array.from(scores) };
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

/** The training pairs of the model's users as a CSR over model rows (pairs the model cannot place are dropped). */
function trainByUser(train: Interactions, model: ALSModel): CSR {
  const userRow = translateIds(train.userIds, model.userIds);
  const itemRow = translateIds(train.itemIds, model.itemIds);
  const n = train.users.length;
  const rows = new Int32Array(n);
  const cols = new Int32Array(n);
  const vals = new Float32Array(n);
  let m = 0;
  for (let r = 0; r < n; r++) {
    const u = userRow[train.users[r]!]!;
    const i = itemRow[train.items[r]!]!;
    if (u < 0 || i < 0) continue;
    rows[m] = u;
    cols[m] = i;
    vals[m++] = train.ratings[r]!;
  }
  return buildCSR(rows.subarray(0, m), cols.subarray(0, m), vals.subarray(0, m), model.userIds.size, model.itemIds.size);
}

/** 12 hex digits of SHA-256 over the factors and ids: the same model files give the same version. */
function fingerprint(model: ALSModel): string {
  const h = createHash('sha256');
  h.update(new Uint8Array(model.userFactors.buffer, model.userFactors.byteOffset, model.userFactors.byteLength));
  h.update(new Uint8Array(model.itemFactors.buffer, model.itemFactors.byteOffset, model.itemFactors.byteLength));
  h.update(JSON.stringify([model.userIds.size, model.itemIds.size, model.rank]));
  return h.digest('hex').slice(0, 12);
}
