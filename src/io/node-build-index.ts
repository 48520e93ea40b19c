import type { ALSModel } from '../als/als-model.js';
import { buildIndex as buildCoreIndex, type IndexOptions } from '../retrieval/build-index.js';
import type { RetrievalIndex } from '../retrieval/retrieval-index.js';
import { buildHnswIndex } from './hnsw-index.js';

/** `buildIndex` with the Node side's native builders (HNSW from hnswlib-node) injected. */
export function buildIndex(model: ALSModel, options: IndexOptions = {}): Promise<RetrievalIndex> {
  return buildCoreIndex(model, options, { hnsw: buildHnswIndex });
}
