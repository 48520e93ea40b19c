import { topK, type TopKResult } from '../kernels/top-k.js';
import { PreparedTopK, type PreparedQuery } from '../kernels/wasm/top-k-prepared.js';
import type { WasmModule } from '../kernels/wasm/wasm-api.js';
import type { IndexMetric, IndexSide, RetrievalIndex } from './retrieval-index.js';

/**
 * The exact method behind the index interface: every target scored. With the WASM kernels the
 * targets are copied into WASM memory once (PreparedTopK: padded, norm-ordered, pruned exactly);
 * without them, the TypeScript blocked top-K over the table as it is (the reference).
 */
export class ExactIndex implements RetrievalIndex {
  readonly method = 'exact' as const;
  readonly params: Readonly<Record<string, number | string>>;
  readonly size: number;
  private readonly prepared: PreparedTopK | null;

  constructor(
    private readonly targets: Float32Array,
    readonly rank: number,
    readonly metric: IndexMetric,
    readonly side: IndexSide,
    readonly checksum: string,
    wasm: { module: WasmModule; threads: number } | null,
  ) {
    this.size = targets.length / rank;
    this.prepared = wasm ? new PreparedTopK(wasm.module, targets, rank, { threads: wasm.threads }) : null;
    this.params = { kernels: wasm ? 'wasm' : 'ts' };
  }

  get memoryBytes(): number {
    return this.prepared ? this.prepared.memoryBytes : 0;
  }

  search(query: PreparedQuery): TopKResult {
    return this.prepared ? this.prepared.search(query) : topK({ ...query, targets: this.targets, rank: this.rank });
  }

  searchAsync(query: PreparedQuery, numThreads?: number): Promise<TopKResult> {
    return this.prepared ? this.prepared.searchAsync(query, numThreads) : Promise.resolve(this.search(query));
  }
}
