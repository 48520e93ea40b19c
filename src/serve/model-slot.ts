import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { ALSModel } from '../als/als-model.js';
import { buildCSR, type CSR } from '../data/csr.js';
import { translateIds } from '../data/id-translation.js';
import { loadALSModel } from '../io/als-model-dir.js';
import { PopularityRanker } from '../fallback/popularity.js';
import type { Interactions } from '../data/interactions.js';
import { topK } from '../kernels/top-k.js';
import { buildIndex } from '../retrieval/build-index.js';
import type { RetrievalIndex } from '../retrieval/retrieval-index.js';
import { modelRow } from './wire.js';
import { precomputeInWorker, type CacheLists } from './precompute-cache.js';
import { toPlain } from './retrain.js';

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
  /**
   * Columns of an item row that hold its taste vector: the rank, less the two bias columns of a
   * biased model (rows [y_i, 1, b_i]), which say nothing about what the item is like.
   */
  readonly tasteRank: number;
  /** Norms of the items' taste vectors (columns 0..tasteRank−1), for the diversity metric. */
  readonly itemNorms: Float32Array;
  /** Training rows per item and their total, for novelty (null when the model has no counts). */
  readonly itemCounts: Float64Array | null;
  readonly totalCount: number;
  /** Training rows by model user row (item rows sorted, ratings alongside); null without training data. */
  private readonly trainCSR: CSR | null;
  /** Item rows by decreasing popularity (training rows per item), for the popularity fallback. */
  readonly popularOrder: Int32Array;
  readonly popularity: Float64Array;
  /** The top-K index over the item factors ('auto'), prepared once (WASM memory) for single queries. */
  private ipIndex: RetrievalIndex | null = null;
  /** The cosine index of similar items, built on the first similar-items request. */
  private cosineIndex: Promise<RetrievalIndex> | null = null;
  private cache: CacheLists | null = null;
  private cacheRowOfUser: Int32Array | null = null;
  readonly cacheReady: Promise<void>;
  cacheSeconds = NaN;
  /**
   * Why the cache build failed (e.g. the model directory vanished under the worker), or null. The
   * slot keeps serving computed lists and readiness stays false; a failed build is never an
   * unhandled rejection (that would end the process).
   */
  cacheError: Error | null = null;

  private constructor(
    readonly model: ALSModel,
    readonly dir: string,
    private readonly train: Interactions | null,
    readonly cacheK: number,
    /** 'worker': the lists are computed in a worker thread from `dir` (which holds exactly `model`); 'here': on this thread's pool. */
    cacheIn: 'worker' | 'here',
  ) {
    this.version = `${basename(dir)}-${fingerprint(model)}`;
    this.trainCSR = train ? trainByUser(train, model) : null;
    // popularity from the training data when given (PopularityRanker), else the model's item counts
    this.popularity = train ? new PopularityRanker(train, { itemIds: model.itemIds }).popularity : (model.itemCounts ?? new Float64Array(model.itemIds.size));
    this.popularOrder = Int32Array.from({ length: model.itemIds.size }, (_, i) => i).sort((a, b) => this.popularity[b]! - this.popularity[a]! || a - b);
    const { rank } = model;
    const n = model.itemIds.size;
    this.tasteRank = model.options.biases ? rank - 2 : rank;
    this.itemNorms = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let a = 0; a < this.tasteRank; a++) s += model.itemFactors[i * rank + a]! ** 2;
      this.itemNorms[i] = Math.sqrt(s);
    }
    this.itemCounts = model.itemCounts ?? null;
    this.totalCount = this.itemCounts ? this.itemCounts.reduce((a, b) => a + b, 0) : 0;
    this.cacheReady = cacheK > 0 ? this.buildCache(cacheIn) : Promise.resolve();
    this.cacheReady.catch((e: unknown) => {
      this.cacheError = e instanceof Error ? e : new Error(String(e));
    });
  }

  /** Loads `dir`, prepares its top-K index and starts building its cache (not awaited: see `cacheReady`). */
  static async load(dir: string, opts: { train?: Interactions | null; cacheK: number }): Promise<ModelSlot> {
    const model = await loadALSModel(dir);
    return new ModelSlot(model, dir, opts.train ?? null, opts.cacheK, 'worker').prepare();
  }

  /** A slot for a model that is not (exactly) the one in `dir` (e.g. with a new item): its cache is built on this thread's pool. */
  static fromModel(model: ALSModel, dir: string, opts: { train?: Interactions | null; cacheK: number }): Promise<ModelSlot> {
    return new ModelSlot(model, dir, opts.train ?? null, opts.cacheK, 'here').prepare();
  }

  /**
   * The top-K index prepared once per model for the requests that rank live (fold-in, cache
   * misses): buildIndex's 'auto' — exact below 100,000 items or where the exact scan stops early,
   * else IVF calibrated to recall@10 ≥ 0.95 + 0.01 on 256 users (src/retrieval/auto-method.ts). The item factors sit
   * in WASM memory, so a request costs one pass over them (or over its lists), not a copy of the
   * catalogue first. One thread: requests run on the event loop, one at a time.
   */
  private async prepare(): Promise<this> {
    this.ipIndex = await buildIndex(this.model, { method: 'auto', metric: 'ip', numThreads: 1 });
    return this;
  }

  /** The cosine index over the item factors (similar items), built once on first use. */
  similarIndex(): Promise<RetrievalIndex> {
    this.cosineIndex ??= buildIndex(this.model, { method: 'auto', metric: 'cosine', numThreads: 1 });
    return this.cosineIndex;
  }

  get cacheComplete(): boolean {
    return this.cache !== null;
  }

  /** What ranks live requests: 'exact', or e.g. 'ivf (1000 lists, 41 probed, recall@10 0.961 on 256 users)'. */
  get liveIndex(): string {
    const i = this.ipIndex;
    if (!i) return 'exact';
    if (i.method !== 'ivf') return i.method;
    const p = i.params;
    return `ivf (${p.lists} lists, ${p.probes} probed${typeof p.calibratedRecall === 'number' ? `, recall@10 ${p.calibratedRecall.toFixed(3)} on ${p.calibrationQueries} users` : ''})`;
  }

  get cachedUsers(): number {
    return this.cache?.queryRows.length ?? 0;
  }

  /**
   * The top-K of every user, training pairs left out, swapped in whole when done. From a model
   * directory it runs in a worker thread (the threaded top-K also computes on its calling thread,
   * which would stall requests for the whole build at 10M scale).
   */
  private async buildCache(cacheIn: 'worker' | 'here'): Promise<void> {
    const t0 = performance.now();
    await new Promise((r) => setImmediate(r)); // let the caller start serving first
    let lists: CacheLists;
    if (cacheIn === 'worker') {
      lists = await precomputeInWorker({ modelDir: this.dir, k: this.cacheK, train: this.train ? toPlain(this.train) : null });
    } else {
      const recs = await this.model.recommendForAllUsersAsync(this.cacheK, { exclude: this.train ?? undefined });
      lists = { queryRows: recs.queryRows, indices: recs.indices, scores: recs.scores };
    }
    const rowOf = new Int32Array(this.model.userIds.size).fill(-1);
    for (let j = 0; j < lists.queryRows.length; j++) rowOf[lists.queryRows[j]!] = j;
    this.cacheRowOfUser = rowOf;
    this.cache = lists;
    this.cacheSeconds = (performance.now() - t0) / 1000;
  }

  /** The cached list of model user row `u`, or null before the cache is complete. */
  cached(u: number): RankedRows | null {
    if (!this.cache) return null;
    const j = this.cacheRowOfUser![u]!;
    if (j < 0) return null;
    const k = this.cacheK;
    const row = this.cache.indices.subarray(j * k, (j + 1) * k);
    const end = row.indexOf(-1);
    const rows = end < 0 ? row : row.subarray(0, end);
    return { rows, scores: this.cache.scores.subarray(j * k, j * k + rows.length) };
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
    const query = { queries: x, k, seen: { indptr: Int32Array.of(0, sorted.length), indices: sorted } };
    const res = this.ipIndex && k <= MAX_INDEX_K ? this.ipIndex.search(query) : topK({ ...query, targets: this.model.itemFactors, rank: this.model.rank });
    const end = res.indices.indexOf(-1);
    const n = end < 0 ? k : end;
    return { rows: res.indices.subarray(0, n), scores: res.scores.subarray(0, n) };
  }

  userVector(u: number): Float32Array {
    const r = this.model.rank;
    return this.model.userFactors.subarray(u * r, u * r + r);
  }
}

/** Largest k the prepared index answers (PreparedTopK's default maxK); larger k go to the TypeScript top-K. */
const MAX_INDEX_K = 1024;

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
