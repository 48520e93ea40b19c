import type { TopKResult } from '../kernels/top-k.js';
import { PreparedTopK, type PreparedQuery } from '../kernels/wasm/top-k-prepared.js';
import type { WasmModule } from '../kernels/wasm/wasm-api.js';
import { normOrder, normScanTopK, type NormOrder } from './norm-scan.js';
import type { IndexSide, RetrievalIndex } from './retrieval-index.js';

/** Norm-scan parameters (defaults in brackets). */
export interface NormScanOptions {
  /**
   * c ∈ (0, 1], the query-time knob [0.5]: the scan stops once c·‖q‖·‖y‖ falls below the K-th
   * score, i.e. it assumes no shorter target has cosine > c with the query. 1 = exact.
   */
  cosine?: number;
}

export const NORM_SCAN_DEFAULTS: Required<NormScanOptions> = { cosine: 0.5 };

/**
 * Approximate maximum-inner-product top-K by early termination over the targets in decreasing
 * norm (norm-scan.ts): the exact method's own pruned scan with the Cauchy–Schwarz bound relaxed by
 * the cosine c. Metric 'ip' only (unit rows have no norm to stop on). With the WASM kernels the
 * targets live in WASM memory once (PreparedTopK with bound scale c); without them, the TypeScript
 * reference scan. Nothing is built beyond the exact index's norm order, so build = the exact's.
 */
export class NormScanIndex implements RetrievalIndex {
  readonly method = 'norm-scan' as const;
  readonly metric = 'ip' as const;
  readonly size: number;
  private cosine: number;
  private readonly prepared: PreparedTopK | null;
  private readonly sorted: NormOrder | null;

  constructor(
    private readonly targets: Float32Array,
    readonly rank: number,
    readonly side: IndexSide,
    readonly checksum: string,
    wasm: { module: WasmModule; threads: number } | null,
    options: NormScanOptions = {},
  ) {
    const o = { ...NORM_SCAN_DEFAULTS, ...options };
    checkCosine(o.cosine);
    this.size = targets.length / rank;
    this.cosine = o.cosine;
    this.prepared = wasm ? new PreparedTopK(wasm.module, targets, rank, { threads: wasm.threads }) : null;
    this.prepared?.setBoundScale(o.cosine);
    this.sorted = wasm ? null : normOrder(targets, rank);
  }

  get params(): Readonly<Record<string, number | string>> {
    return { cosine: this.cosine, kernels: this.prepared ? 'wasm' : 'ts' };
  }

  get memoryBytes(): number {
    return this.prepared ? this.prepared.memoryBytes : this.sorted!.order.byteLength + this.sorted!.norms.byteLength;
  }

  /** Sets the cosine c, in (0, 1]. */
  tune(cosine: number): void {
    checkCosine(cosine);
    this.cosine = cosine;
    this.prepared?.setBoundScale(cosine);
  }

  search(query: PreparedQuery): TopKResult {
    return this.prepared ? this.prepared.search(query) : normScanTopK(query, this.targets, this.rank, this.sorted!, this.cosine);
  }

  searchAsync(query: PreparedQuery, numThreads?: number): Promise<TopKResult> {
    return this.prepared ? this.prepared.searchAsync(query, numThreads) : Promise.resolve(this.search(query));
  }
}

function checkCosine(c: number): void {
  if (!(typeof c === 'number' && c > 0 && c <= 1)) {
    throw new Error(`norm-scan: cosine must be a number in (0, 1] (1 = exact; 0.5 assumes no shorter target has cosine > 0.5 with the query), got ${c}`);
  }
}
