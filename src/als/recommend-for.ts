import type { Interactions } from '../data/interactions.js';
import { topK } from '../kernels/top-k.js';
import { loadedWasmKernels } from '../kernels/wasm/load-kernels.js';
import { topKWasm } from '../kernels/wasm/top-k-wasm.js';
import type { ALSModel } from './als-model.js';
import { foldIn, type FoldedFactors } from './fold-in.js';
import { Recommendations } from './recommendations.js';
import { seenRows } from './seen-rows.js';

export interface RecommendForOptions {
  /**
   * Pairs never to recommend: 'input' (default) = the interactions the users were folded in from
   * (what they already saw), 'none', or other interactions (e.g. the input plus impressions).
   */
  exclude?: Interactions | 'input' | 'none';
}

/**
 * Top `k` items for the users of `data`, known to the model or not, without retraining: their
 * factors are folded in from `data` (fold-in.ts), then ranked against the model's item factors like
 * `recommendForUserSubset`. A user none of whose items the model knows gets an all-zero factor, so
 * every score is 0 and the list is in item order: use a fallback (src/fallback) for such users.
 */
export function recommendFor(model: ALSModel, data: Interactions, k: number, opts: RecommendForOptions = {}): Recommendations {
  return recommendForFolded(model, foldIn(model, data, 'user'), k, opts.exclude === 'input' || opts.exclude === undefined ? data : opts.exclude);
}

/** Top `k` items for users folded in already; `exclude` as in RecommendForOptions (null: none). */
export function recommendForFolded(model: ALSModel, folded: FoldedFactors, k: number, exclude: Interactions | 'none' | null): Recommendations {
  if (!(Number.isInteger(k) && k >= 1)) throw new Error(`als model: k must be an integer >= 1, got ${k}`);
  if (folded.side !== 'user') throw new Error('recommendFor: the folded factors are items; fold in users (model.foldInUsers)');
  const seen = exclude && exclude !== 'none' ? seenRows(exclude, folded.ids, model.itemIds, 'user') : undefined;
  const input = { queries: folded.factors, targets: model.itemFactors, rank: model.rank, k, seen };
  const result = model.options.kernels !== 'ts' && loadedWasmKernels() !== null ? topKWasm(input) : topK(input);
  return new Recommendations({
    side: 'user',
    queryIds: folded.ids,
    targetIds: model.itemIds,
    queryRows: Int32Array.from({ length: folded.ids.size }, (_, i) => i),
    indices: result.indices,
    scores: result.scores,
    k,
    queryCol: model.options.userCol,
    targetCol: model.options.itemCol,
  });
}
