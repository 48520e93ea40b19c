import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { HnswOptions, IndexTargets } from '../retrieval/build-index.js';
import type { IndexQuery, IndexMetric, IndexSide, RetrievalIndex } from '../retrieval/retrieval-index.js';
import type { TopKResult } from '../kernels/top-k.js';
import { augmentQuery, augmentTargets } from '../retrieval/mips-transform.js';
import { rerank } from '../retrieval/rerank.js';

/** HNSW defaults (see HnswOptions in retrieval/build-index.ts). */
export const HNSW_DEFAULTS: Required<HnswOptions> = { m: 16, efConstruction: 200, ef: 64, space: 'ip', seed: 100 };

type Native = {
  initIndex(opts: { maxElements: number; m?: number; efConstruction?: number; randomSeed?: number }): void;
  addPoint(point: number[], label: number): void;
  searchKnn(point: number[], k: number, filter?: (label: number) => boolean): { neighbors: number[]; distances: number[] };
  setEf(ef: number): void;
  readIndexSync(file: string): void;
  writeIndexSync(file: string): void;
  getCurrentCount(): number;
};
type NativeModule = { HierarchicalNSW: new (space: 'ip' | 'l2' | 'cosine', dim: number) => Native };

const require = createRequire(import.meta.url);

/** hnswlib-node, loaded on first use (an optional dependency: a native addon built at install). */
function hnswlib(): NativeModule {
  try {
    return require('hnswlib-node') as NativeModule;
  } catch (e) {
    throw new Error(`hnsw: the native package hnswlib-node is not installed or did not build (${(e as Error).message.split('\n')[0]}); run \`npm install hnswlib-node\` (needs python3, make and a C++ compiler), or use method 'lsh' or 'exact'`);
  }
}

/**
 * An HNSW graph (Malkov & Yashunin 2018) from hnswlib-node behind the RetrievalIndex interface.
 * Space: metric 'cosine' indexes the unit rows by inner product; metric 'ip' indexes the raw
 * factors by inner product (space 'ip', a non-metric graph that works well in practice) or, with
 * space 'transform', the MIPS → cosine augmented rows. On the calling thread a query's seen targets
 * are filtered inside the graph search (hnswlib's filter callback); on worker threads a query asks
 * for k + (its seen count) neighbours with ef ≥ that and drops the seen ones. Either way the
 * candidates are re-ranked exactly on the factors, so scores are exact and only misses are
 * approximate. Several threads: worker threads each load the
 * graph from its saved file and search a share of the queries (the graph is not shared: memory ×
 * threads); the re-ranking stays on the calling thread.
 */
export class HnswIndex implements RetrievalIndex {
  readonly method = 'hnsw' as const;
  readonly size: number;
  readonly params: Readonly<Record<string, number | string>>;
  private ef: number;
  private readonly dim: number;
  private workers: HnswWorkers | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  /** Where the graph is saved (set by save/load); worker threads load it from there. */
  file: string | null = null;

  constructor(
    private readonly native: Native,
    private readonly targets: Float32Array,
    readonly rank: number,
    readonly metric: IndexMetric,
    readonly side: IndexSide,
    readonly checksum: string,
    options: Required<HnswOptions>,
    private readonly threads: number,
  ) {
    this.size = targets.length / rank;
    this.params = { ...options };
    this.ef = options.ef;
    this.dim = this.transformed ? rank + 1 : rank;
  }

  private get transformed(): boolean {
    return this.metric === 'ip' && this.params.space === 'transform';
  }

  /** The graph's vectors and links as hnswlib lays them out (level 0: 2M links a node), approximately. */
  get memoryBytes(): number {
    const m = this.params.m as number;
    return Math.round(this.size * (this.dim * 4 + (2 * m + 1) * 4 + 8 + ((m + 1) * 4) / m));
  }

  tune(ef: number): void {
    if (!(Number.isInteger(ef) && ef >= 1)) throw new Error(`hnsw: ef must be an integer >= 1, got ${ef}`);
    this.ef = ef;
  }

  /**
   * On the calling thread a query's seen targets are skipped inside the graph search (hnswlib's
   * filter callback over a stamp array) instead of asking for k + seen neighbours and dropping
   * them: the search keeps ef candidates that can all be returned.
   */
  search(query: IndexQuery): TopKResult {
    const { rows, vectors } = this.prepare(query);
    const { k, seen } = query;
    const result = { indices: new Int32Array(rows.length * k), scores: new Float32Array(rows.length * k), k };
    const want = Math.min(this.size, k);
    const cand = new Int32Array(Math.max(1, want));
    for (let j = 0; j < rows.length; j++) {
      this.native.setEf(Math.max(this.ef, want));
      const point = Array.from(vectors.subarray(j * this.dim, (j + 1) * this.dim));
      const row = rows[j]!;
      const numSeen = seen ? seen.indptr[row + 1]! - seen.indptr[row]! : 0;
      const found = (numSeen > 0 ? this.native.searchKnn(point, want, this.unseenFilter(seen!.indices.subarray(seen!.indptr[row]!, seen!.indptr[row + 1]!))) : this.native.searchKnn(point, want)).neighbors;
      for (let c = 0; c < found.length; c++) cand[c] = found[c]!;
      rerank(query.queries, rows[j]!, this.targets, this.rank, cand, found.length, query.seen, query.k, result.indices, result.scores, j * query.k);
    }
    return result;
  }

  private stamps: Int32Array | null = null;
  private stamp = 0;

  /** A filter admitting every target but `seenTargets` (stamped in O(seen), no set built). */
  private unseenFilter(seenTargets: Int32Array): (label: number) => boolean {
    this.stamps ??= new Int32Array(this.size);
    if (++this.stamp === 0x7fffffff) {
      this.stamps.fill(0);
      this.stamp = 1;
    }
    const stamps = this.stamps;
    const cur = this.stamp;
    for (const t of seenTargets) if (t >= 0 && t < stamps.length) stamps[t] = cur;
    return (label) => stamps[label] !== cur;
  }

  /** Calls run one after another: the workers answer one batch at a time. */
  searchAsync(query: IndexQuery, numThreads = this.threads): Promise<TopKResult> {
    const run = this.queue.then(() => this.searchOnWorkers(query, numThreads));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async searchOnWorkers(query: IndexQuery, numThreads: number): Promise<TopKResult> {
    const threads = Math.max(1, Math.min(numThreads, this.threads));
    const rowsCount = query.queryRows?.length ?? query.queries.length / this.rank;
    if (threads === 1 || !this.file || rowsCount < 64) return this.search(query);
    this.workers ??= await HnswWorkers.start(this.file, this.space(), this.dim, threads);
    const { rows, vectors, ks } = this.prepare(query);
    const parts = this.workers.split(rows.length);
    const answers = await Promise.all(parts.map(([a, b], w) => this.workers!.search(w, vectors.subarray(a * this.dim, b * this.dim), ks.subarray(a, b), this.ef)));
    const result = { indices: new Int32Array(rows.length * query.k), scores: new Float32Array(rows.length * query.k), k: query.k };
    parts.forEach(([a], w) => {
      const { neighbors, offsets } = answers[w]!;
      for (let j = 0; j < offsets.length - 1; j++) {
        const cand = neighbors.subarray(offsets[j]!, offsets[j + 1]!);
        rerank(query.queries, rows[a + j]!, this.targets, this.rank, cand, cand.length, query.seen, query.k, result.indices, result.scores, (a + j) * query.k);
      }
    });
    return result;
  }

  async close(): Promise<void> {
    await this.workers?.close();
    this.workers = null;
  }

  /** Writes the graph to `file` (hnswlib's own format). */
  writeGraph(file: string): void {
    this.native.writeIndexSync(file);
    this.file = file;
  }

  private space(): 'ip' {
    return 'ip';
  }

  /** Query rows, their vectors as the graph expects them, and how many neighbours each asks for. */
  private prepare(query: IndexQuery): { rows: Int32Array; vectors: Float32Array; ks: Int32Array } {
    const { queries, k, seen } = query;
    const rank = this.rank;
    const rows = query.queryRows ?? Int32Array.from({ length: queries.length / rank }, (_, i) => i);
    const vectors = new Float32Array(rows.length * this.dim);
    const ks = new Int32Array(rows.length);
    const aug = new Float32Array(rank + 1);
    rows.forEach((row, j) => {
      if (this.transformed) vectors.set(augmentQuery(queries, row, rank, aug), j * this.dim);
      else vectors.set(queries.subarray(row * rank, row * rank + rank), j * this.dim);
      const s = seen ? seen.indptr[row + 1]! - seen.indptr[row]! : 0;
      ks[j] = Math.min(this.size, k + s);
    });
    return { rows, vectors, ks };
  }
}

/** Builds the graph over `targets.rows` on the calling thread (hnswlib-node inserts one at a time). */
export async function buildHnswIndex(targets: IndexTargets, options: HnswOptions): Promise<HnswIndex> {
  const o = { ...HNSW_DEFAULTS, ...options };
  checkOptions(o);
  const { rows, rank, metric } = targets;
  const transform = metric === 'ip' && o.space === 'transform';
  const data = transform ? augmentTargets(rows, rank).rows : rows;
  const dim = transform ? rank + 1 : rank;
  const n = rows.length / rank;
  const native = new (hnswlib().HierarchicalNSW)('ip', dim);
  native.initIndex({ maxElements: Math.max(1, n), m: o.m, efConstruction: o.efConstruction, randomSeed: o.seed });
  for (let i = 0; i < n; i++) native.addPoint(Array.from(data.subarray(i * dim, (i + 1) * dim)), i);
  return new HnswIndex(native, rows, rank, metric, targets.side, targets.checksum, o, targets.numThreads ?? availableParallelism());
}

/** Loads a graph written by `writeGraph` for the same targets (see model-index-dir.ts). */
export function loadHnswIndex(file: string, targets: IndexTargets, options: Required<HnswOptions>): HnswIndex {
  const transform = targets.metric === 'ip' && options.space === 'transform';
  const native = new (hnswlib().HierarchicalNSW)('ip', transform ? targets.rank + 1 : targets.rank);
  native.readIndexSync(file);
  const index = new HnswIndex(native, targets.rows, targets.rank, targets.metric, targets.side, targets.checksum, options, targets.numThreads ?? availableParallelism());
  if (native.getCurrentCount() !== index.size) {
    throw new Error(`${file}: the graph holds ${native.getCurrentCount()} vectors, the model ${index.size}; rebuild the index`);
  }
  index.file = file;
  return index;
}

function checkOptions(o: Required<HnswOptions>): void {
  if (!(Number.isInteger(o.m) && o.m >= 2 && o.m <= 200)) throw new Error(`hnsw: m must be an integer from 2 to 200, got ${o.m}`);
  if (!(Number.isInteger(o.efConstruction) && o.efConstruction >= 1)) throw new Error(`hnsw: efConstruction must be an integer >= 1, got ${o.efConstruction}`);
  if (!(Number.isInteger(o.ef) && o.ef >= 1)) throw new Error(`hnsw: ef must be an integer >= 1, got ${o.ef}`);
  if (o.space !== 'ip' && o.space !== 'transform') throw new Error(`hnsw: space must be 'ip' or 'transform', got ${JSON.stringify(o.space)}`);
}

/** Worker threads that each load the saved graph and answer neighbour searches for a share of the queries. */
class HnswWorkers {
  private constructor(private readonly workers: Worker[]) {}

  static async start(file: string, space: string, dim: number, count: number): Promise<HnswWorkers> {
    const lib = require.resolve('hnswlib-node');
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      const { HierarchicalNSW } = require(workerData.lib);
      const index = new HierarchicalNSW(workerData.space, workerData.dim);
      index.readIndexSync(workerData.file);
      parentPort.on('message', ({ vectors, ks, ef }) => {
        const dim = workerData.dim;
        const offsets = new Int32Array(ks.length + 1);
        const lists = [];
        for (let j = 0; j < ks.length; j++) {
          index.setEf(Math.max(ef, ks[j]));
          const found = index.searchKnn(Array.from(vectors.subarray(j * dim, (j + 1) * dim)), ks[j]).neighbors;
          lists.push(found);
          offsets[j + 1] = offsets[j] + found.length;
        }
        const neighbors = new Int32Array(offsets[ks.length]);
        lists.forEach((l, j) => neighbors.set(l, offsets[j]));
        parentPort.postMessage({ neighbors, offsets }, [neighbors.buffer, offsets.buffer]);
      });
      parentPort.postMessage('ready');`;
    const workers = Array.from({ length: count }, () => new Worker(code, { eval: true, workerData: { lib, file, space, dim } }));
    await Promise.all(workers.map((w) => new Promise<void>((resolve, reject) => {
      w.once('message', () => resolve());
      w.once('error', reject);
    })));
    return new HnswWorkers(workers);
  }

  /** Contiguous shares of n queries, one per worker. */
  split(n: number): [number, number][] {
    const w = this.workers.length;
    return Array.from({ length: w }, (_, i) => [Math.floor((i * n) / w), Math.floor(((i + 1) * n) / w)] as [number, number]);
  }

  search(w: number, vectors: Float32Array, ks: Int32Array, ef: number): Promise<{ neighbors: Int32Array; offsets: Int32Array }> {
    const worker = this.workers[w]!;
    return new Promise((resolve, reject) => {
      const onError = (e: Error) => reject(e);
      worker.once('error', onError);
      worker.once('message', (m: { neighbors: Int32Array; offsets: Int32Array }) => {
        worker.off('error', onError);
        resolve(m);
      });
      worker.postMessage({ vectors: vectors.slice(), ks: ks.slice(), ef });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
