import type { ExternalId } from '../data/id-map.js';
import type { TopKInput, TopKResult } from '../kernels/top-k.js';
import type { ALSModel, RecommendOptions } from './als-model.js';
import { Recommendations } from './recommendations.js';
import { seenRows } from './seen-rows.js';
import type { IndexMetric, RetrievalIndex } from '../retrieval/retrieval-index.js';

/**
 * What a recommend call asks the top-K kernel (queries, targets, which query rows, the seen mask),
 * and how its result becomes `Recommendations` with the model's ids and column names. Users → items
 * for side 'user'; items → users for side 'item'. Unknown ids in `subset` are skipped and repeats
 * kept once, as Spark's join does.
 */
export function topKRequest(
  model: ALSModel,
  side: 'user' | 'item',
  subset: readonly ExternalId[] | null,
  k: number,
  opts: RecommendOptions,
): { input: TopKInput; finish(result: TopKResult): Recommendations } {
  if (!(Number.isInteger(k) && k >= 1)) throw new Error(`als model: k must be an integer >= 1, got ${k}`);
  const forUsers = side === 'user';
  const queryIds = forUsers ? model.userIds : model.itemIds;
  const targetIds = forUsers ? model.itemIds : model.userIds;
  let queryRows: Int32Array | undefined;
  if (subset) {
    const rows: number[] = [];
    const taken = new Set<number>();
    for (const id of subset) {
      const r = queryIds.toIndex(id);
      if (r >= 0 && !taken.has(r)) {
        taken.add(r);
        rows.push(r);
      }
    }
    queryRows = Int32Array.from(rows);
  }
  const input: TopKInput = {
    queries: forUsers ? model.userFactors : model.itemFactors,
    targets: forUsers ? model.itemFactors : model.userFactors,
    queryRows,
    rank: model.rank,
    k,
    seen: opts.exclude ? seenRows(opts.exclude, model.userIds, model.itemIds, side) : undefined,
  };
  const finish = (result: TopKResult) =>
    new Recommendations({
      side,
      queryIds,
      targetIds,
      queryRows: queryRows ?? Int32Array.from({ length: queryIds.size }, (_, i) => i),
      indices: result.indices,
      scores: result.scores,
      k,
      queryCol: forUsers ? model.options.userCol : model.options.itemCol,
      targetCol: forUsers ? model.options.itemCol : model.options.userCol,
    });
  return { input, finish };
}

/**
 * The index, after checking that it ranks the right targets for queries of `side` ('user' queries
 * need an index of items) by `metric`, over a table of the input's size.
 */
export function checkIndex(index: RetrievalIndex, side: 'user' | 'item', metric: IndexMetric, input: TopKInput): RetrievalIndex {
  const want = side === 'user' ? 'item' : 'user';
  const numTargets = input.targets.length / input.rank;
  if (index.side !== want || index.metric !== metric || index.size !== numTargets || index.rank !== input.rank) {
    throw new Error(
      `index: this call needs an index of ${want} factors by ${metric} (${numTargets} × ${input.rank}), got one of ${index.side}s by ${index.metric} (${index.size} × ${index.rank}); build it with buildIndex(model, { side: '${want}', metric: '${metric}' })`,
    );
  }
  return index;
}
