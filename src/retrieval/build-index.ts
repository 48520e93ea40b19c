import type { ALSModel } from '../als/als-model.js';
import { cachedUnitRows } from '../kernels/unit-rows.js';
import { availableCores } from '../kernels/pool/thread-host.js';
import { loadWasmKernels } from '../kernels/wasm/load-kernels.js';
import { chooseAutoIndex } from './auto-method.js';
import { ExactIndex } from './exact-index.js';
import { IvfIndex, type IvfOptions } from './ivf-index.js';
import { factorChecksum } from './factor-checksum.js';
import { LshIndex, type LshOptions } from './lsh-index.js';
import { NormScanIndex, type NormScanOptions } from './norm-scan-index.js';
import type { IndexMethod, IndexMetric, IndexSide, RetrievalIndex } from './retrieval-index.js';

const METHODS: readonly IndexMethod[] = ['exact', 'norm-scan', 'ivf', 'lsh', 'hnsw'];

/** HNSW parameters (defaults in brackets); the graph itself comes from a native package (Node side). */
export interface HnswOptions {
  /** Links per node M [16]. */
  m?: number;
  /** Candidate list size while inserting [200]. */
  efConstruction?: number;
  /** Candidate list size while searching, the query-time knob [64]; raised to k + seen when smaller. */
  ef?: number;
  /**
   * For metric 'ip': 'ip' — the graph on raw inner products [default]; 'transform' — the MIPS →
   * cosine transform first (mips-transform.ts), a true metric space.
   */
  space?: 'ip' | 'transform';
  /** Seed of the level draws [100]. */
  seed?: number;
}

/** Options of `buildIndex` (one object, validated here). */
export interface IndexOptions {
  /**
   * 'exact' — every target that can rank scored (WASM when loaded; a norm-ordered scan stopped
   * by Cauchy–Schwarz); 'norm-scan' — the same scan stopped by a relaxed bound (metric 'ip' only,
   * approximate, see norm-scan.ts); 'ivf' — an inverted file: k-means lists, a query scans the
   * nearest few exactly (ivf.ts; WASM when loaded); 'lsh' — signed random projections with exact
   * re-ranking (core TypeScript); 'hnsw' — a graph index (needs the Node side's native builder);
   * 'auto' [default] — chosen by measuring on the model's own factors (auto-method.ts): exact
   * below 100,000 targets or where the exact scan already stops early; else IVF with the fewest
   * probes giving recall@10 ≥ 0.96 on a sample of queries (0.95 over all, with a margin), when
   * that scans under half as much.
   */
  method?: IndexMethod | 'auto';
  /** 'ip' [default] for recommendations; 'cosine' for similarItems/similarUsers. */
  metric?: IndexMetric;
  /** Whose rows to index: 'item' [default] (recommendations to users, similar items) or 'user'. */
  side?: IndexSide;
  lsh?: LshOptions;
  ivf?: IvfOptions;
  hnsw?: HnswOptions;
  normScan?: NormScanOptions;
  /** Threads for building and for searchAsync [the machine's cores]. */
  numThreads?: number;
  /** 'wasm' [default when loaded] or 'ts' for the exact and norm-scan methods. */
  kernels?: 'wasm' | 'ts';
}



/** What an index builder gets: the target rows as the index must rank them, and their identity. */
export interface IndexTargets {
  /** Rows to index: the factors (metric 'ip') or their unit rows (metric 'cosine'). */
  rows: Float32Array;
  rank: number;
  metric: IndexMetric;
  side: IndexSide;
  checksum: string;
  numThreads: number | undefined;
}

/** Builders the core cannot hold itself (native packages), injected by the Node side (src/node.ts). */
export interface NativeIndexBuilders {
  hnsw?: (targets: IndexTargets, options: HnswOptions) => Promise<RetrievalIndex>;
}

/**
 * Builds a top-K index over one of the model's factor tables. The index answers the same requests
 * as the exact top-K (see RetrievalIndex) and is passed to the model's recommend and similar
 * methods as `{ index }`; its checksum ties it to the factors it was built from.
 */
export async function buildIndex(model: ALSModel, options: IndexOptions = {}, natives: NativeIndexBuilders = {}): Promise<RetrievalIndex> {
  const metric = options.metric ?? 'ip';
  const side = options.side ?? 'item';
  if (metric !== 'ip' && metric !== 'cosine') throw new Error(`buildIndex: metric must be 'ip' or 'cosine', got ${JSON.stringify(metric)}`);
  if (side !== 'item' && side !== 'user') throw new Error(`buildIndex: side must be 'item' or 'user', got ${JSON.stringify(side)}`);
  const factors = side === 'item' ? model.itemFactors : model.userFactors;
  const rank = model.rank;
  let method = options.method ?? 'auto';
  if (method !== 'auto' && !METHODS.includes(method)) {
    throw new Error(`buildIndex: method must be 'exact', 'norm-scan', 'ivf', 'lsh', 'hnsw' or 'auto', got ${JSON.stringify(method)}`);
  }
  const targets: IndexTargets = {
    rows: metric === 'cosine' ? cachedUnitRows(factors, rank) : factors,
    rank,
    metric,
    side,
    checksum: factorChecksum(factors, rank),
    numThreads: options.numThreads,
  };
  if (method === 'auto') {
    const exact = await buildIndex(model, { ...options, method: 'exact' }, natives);
    // what the index will be asked with: the other side's factors for 'ip', its own rows for 'cosine'
    const queries = metric === 'cosine' ? targets.rows : side === 'item' ? model.userFactors : model.itemFactors;
    return chooseAutoIndex(exact, targets.rows, queries, rank, async () => (await buildIndex(model, { ...options, method: 'ivf' }, natives)) as IvfIndex);
  }
  switch (method) {
    case 'exact':
    case 'norm-scan':
    case 'ivf': {
      if (method === 'norm-scan' && metric !== 'ip') {
        throw new Error(`buildIndex: method 'norm-scan' needs metric 'ip' (unit rows have no norm spread to stop on), got metric '${metric}'; use 'exact' or 'hnsw' for cosine`);
      }
      const kernels = options.kernels ?? (model.options.kernels === 'ts' ? 'ts' : 'wasm');
      if (kernels !== 'wasm' && kernels !== 'ts') throw new Error(`buildIndex: kernels must be 'wasm' or 'ts', got ${JSON.stringify(kernels)}`);
      const module = kernels === 'wasm' ? await loadWasmKernels() : null;
      const threads = options.numThreads ?? (await availableCores());
      const wasm = module ? { module, threads } : null;
      if (method === 'ivf') return IvfIndex.build(targets.rows, rank, metric, side, targets.checksum, wasm, options.ivf);
      return method === 'exact'
        ? new ExactIndex(targets.rows, rank, metric, side, targets.checksum, wasm)
        : new NormScanIndex(targets.rows, rank, side, targets.checksum, wasm, options.normScan);
    }
    case 'lsh':
      return new LshIndex(targets.rows, rank, metric, side, targets.checksum, options.lsh);
    case 'hnsw':
      if (!natives.hnsw) {
        throw new Error("buildIndex: method 'hnsw' needs the native graph library: import { buildIndex } from 'alsrec/node' (Node.js), or use method 'lsh' or 'exact'");
      }
      return natives.hnsw(targets, options.hnsw ?? {});
    default:
      throw new Error(`buildIndex: method must be 'exact', 'norm-scan', 'ivf', 'lsh', 'hnsw' or 'auto', got ${JSON.stringify(method)}`);
  }
}
