import type { TopKResult } from '../kernels/top-k.js';
import { PreparedTopK, type PreparedQuery, type TargetPartition } from '../kernels/wasm/top-k-prepared.js';
import type { WasmModule } from '../kernels/wasm/wasm-api.js';
import { ivfMembers, ivfTopK, type IvfMembers } from './ivf.js';
import { kmeans, nearestCentroid, type NearestCentroid } from './kmeans.js';
import type { IndexMetric, IndexSide, RetrievalIndex } from './retrieval-index.js';

/** IVF build and query parameters (defaults in brackets). */
export interface IvfOptions {
  /** Lists (k-means clusters) L [√n rounded, at least 1]. */
  lists?: number;
  /** Lists a query scans, the query-time knob [L/16 rounded up]: more lists, higher recall, slower. */
  probes?: number;
  /** k-means iterations [10]. */
  iterations?: number;
  /** Rows k-means trains on [64·L]. */
  sampleSize?: number;
  /** Seed of k-means' sample and initial centroids [1]. */
  seed?: number;
  /** A partition saved by an earlier build of the same factors (loadIndex passes it): no clustering. */
  partition?: TargetPartition;
}

export function ivfDefaults(n: number, o: Omit<IvfOptions, 'partition'>): { lists: number; probes: number; iterations: number; sampleSize: number; seed: number } {
  const lists = o.lists ?? Math.max(1, Math.round(Math.sqrt(n)));
  return {
    lists,
    probes: o.probes ?? Math.max(1, Math.ceil(lists / 16)),
    iterations: o.iterations ?? 10,
    sampleSize: o.sampleSize ?? 64 * lists,
    seed: o.seed ?? 1,
  };
}

/**
 * An inverted-file index (ivf.ts): the targets clustered by k-means into lists, a query scanning
 * the `probes` lists nearest its direction. With the WASM kernels the targets live in WASM memory
 * once, list by list (PreparedTopK with a partition, assembly/ivf-scan.ts), and the queries of a
 * batch spread over threads; without them, the TypeScript reference. The partition (each target's
 * list and the list centroids) is what a build computes and what is saved beside the model.
 */
export class IvfIndex implements RetrievalIndex {
  readonly method = 'ivf' as const;
  readonly size: number;
  /** Set when 'auto' chose the probes (auto-method.ts): the recall@10 they gave and on how many queries. */
  calibration?: { recall: number; queries: number };
  private probes: number;
  private readonly prepared: PreparedTopK | null;
  private readonly members: IvfMembers | null;

  private constructor(
    private readonly targets: Float32Array,
    readonly rank: number,
    readonly metric: IndexMetric,
    readonly side: IndexSide,
    readonly checksum: string,
    wasm: { module: WasmModule; threads: number } | null,
    readonly partition: TargetPartition,
    private readonly build: { iterations: number; sampleSize: number; seed: number },
    probes: number,
  ) {
    this.size = targets.length / rank;
    this.probes = checkProbes(probes);
    this.prepared = wasm ? new PreparedTopK(wasm.module, targets, rank, { threads: wasm.threads, partition }) : null;
    this.prepared?.setProbes(this.probes);
    this.members = wasm ? null : ivfMembers(partition);
  }

  /**
   * Clusters the targets (k-means, nearest centroids by the WASM top-K when loaded) and prepares
   * the index; with `options.partition` (an earlier build's, of the same factors) no clustering.
   */
  static async build(
    targets: Float32Array,
    rank: number,
    metric: IndexMetric,
    side: IndexSide,
    checksum: string,
    wasm: { module: WasmModule; threads: number } | null,
    options: IvfOptions = {},
  ): Promise<IvfIndex> {
    const saved = options.partition;
    const n = targets.length / rank;
    const o = ivfDefaults(n, options);
    if (!(Number.isInteger(o.lists) && o.lists >= 1)) throw new Error(`ivf: lists must be an integer ≥ 1, got ${o.lists}`);
    checkProbes(o.probes);
    let partition = saved;
    if (partition) {
      if (partition.lists.length !== n || partition.centroids.length !== partition.numLists * rank) {
        throw new Error(`ivf: the saved partition is for ${partition.lists.length} targets and ${partition.numLists} lists of rank ${partition.centroids.length / Math.max(1, partition.numLists)}, not ${n} targets of rank ${rank}; build the index again`);
      }
      const bad = partition.lists.findIndex((l) => !(l >= 0 && l < partition!.numLists));
      if (bad >= 0) throw new Error(`ivf: the saved partition puts target ${bad} in list ${partition.lists[bad]}, outside 0…${partition.numLists - 1} (a damaged file?); build the index again`);
    } else {
      const nearest = wasm ? nearestCentroidWasm(wasm.module, wasm.threads) : nearestCentroid;
      partition = await kmeans(targets, rank, { clusters: o.lists, iterations: o.iterations, sampleSize: o.sampleSize, seed: o.seed }, nearest);
    }
    return new IvfIndex(targets, rank, metric, side, checksum, wasm, partition, { iterations: o.iterations, sampleSize: o.sampleSize, seed: o.seed }, o.probes);
  }

  get params(): Readonly<Record<string, number | string>> {
    const calibrated: Record<string, number> = this.calibration ? { calibratedRecall: this.calibration.recall, calibrationQueries: this.calibration.queries } : {};
    return { lists: this.partition.numLists, probes: this.probes, ...this.build, kernels: this.prepared ? 'wasm' : 'ts', ...calibrated };
  }

  get memoryBytes(): number {
    return this.prepared ? this.prepared.memoryBytes : this.members!.order.byteLength + this.members!.start.byteLength + this.partition.centroids.byteLength;
  }

  /** Sets how many lists a query scans (≥ 1; more than the lists: all of them, the exact top-K). */
  tune(probes: number): void {
    this.probes = checkProbes(probes);
    this.prepared?.setProbes(probes);
  }

  search(query: PreparedQuery): TopKResult {
    return this.prepared ? this.prepared.search(query) : ivfTopK(query, this.targets, this.rank, this.members!, this.probes);
  }

  searchAsync(query: PreparedQuery, numThreads?: number): Promise<TopKResult> {
    return this.prepared ? this.prepared.searchAsync(query, numThreads) : Promise.resolve(this.search(query));
  }
}

function checkProbes(p: number): number {
  if (!(Number.isInteger(p) && p >= 1)) throw new Error(`ivf: probes (lists a query scans) must be an integer ≥ 1, got ${p}`);
  return p;
}

/** Rows of the nearest-centroid search per WASM call. */
const ASSIGN_BATCH = 65536;

/**
 * Nearest centroid on the WASM top-K: argmax over c of [x, 1]ᵀ[c, −‖c‖²/2] = xᵀc − ‖c‖²/2, i.e. the
 * maximum inner product of the augmented rows with k = 1, in batches, on `threads` threads.
 */
export function nearestCentroidWasm(module: WasmModule, threads: number): NearestCentroid {
  return async (points, centroids, rank) => {
    const L = centroids.length / rank;
    const r1 = rank + 1;
    const C = new Float32Array(L * r1);
    for (let c = 0; c < L; c++) {
      let s = 0;
      for (let a = 0; a < rank; a++) {
        const v = centroids[c * rank + a]!;
        C[c * r1 + a] = v;
        s += v * v;
      }
      C[c * r1 + rank] = -s / 2;
    }
    const index = new PreparedTopK(module, C, r1, { maxK: 1, threads });
    const n = points.length / rank;
    const out = new Int32Array(n);
    const Q = new Float32Array(Math.min(n, ASSIGN_BATCH) * r1);
    for (let i0 = 0; i0 < n; i0 += ASSIGN_BATCH) {
      const m = Math.min(ASSIGN_BATCH, n - i0);
      for (let i = 0; i < m; i++) {
        Q.set(points.subarray((i0 + i) * rank, (i0 + i + 1) * rank), i * r1);
        Q[i * r1 + rank] = 1;
      }
      const r = await index.searchAsync({ queries: Q.subarray(0, m * r1), k: 1 }, threads);
      for (let i = 0; i < m; i++) out[i0 + i] = Math.max(0, r.indices[i]!);
    }
    return out;
  };
}
