import type { IdMap, ExternalId } from '../data/id-map.js';
import { size, type Interactions } from '../data/interactions.js';
import { translateIds } from '../data/id-translation.js';
import { topK } from '../kernels/top-k.js';
import { loadedWasmKernels } from '../kernels/wasm/load-kernels.js';
import { topKWasm, topKWasmThreads } from '../kernels/wasm/top-k-wasm.js';
import { factorColumns, type ResolvedALSOptions } from './options.js';
import type { Recommendations } from './recommendations.js';
import { checkIndex, topKRequest } from './top-k-request.js';
import type { RetrievalIndex } from '../retrieval/retrieval-index.js';
import { idOf } from './row-objects.js';
import { foldIn, mergeFactors, type FoldedFactors } from './fold-in.js';
import { recommendFor, type RecommendForOptions } from './recommend-for.js';
import { explain, type Explanation } from './explain.js';
import { similar, type SimilarOptions } from './similar.js';

/** What training recorded: the loss after each iteration and its wall time. */
export interface TrainingSummary {
  loss: number[];
  iterationSeconds: number[];
}

export type ModelOptions = Omit<ResolvedALSOptions, 'onIteration'>;

export interface ALSModelParts {
  rank: number;
  /** Users with factors: external id ↔ row of `userFactors`. */
  userIds: IdMap;
  itemIds: IdMap;
  /** userIds.size × rank, row-major. */
  userFactors: Float32Array;
  /** itemIds.size × rank, row-major. */
  itemFactors: Float32Array;
  options: ModelOptions;
  summary?: TrainingSummary;
  /** Training rows per item (popularity), when known. */
  itemCounts?: Float64Array;
  /**
   * Biased models (options.biases): the global mean μ. Their factor rows carry the biases as two
   * extra columns, user [x_u, μ + b_u, 1] and item [y_i, 1, b_i] (als/fit-biased.ts), so `rank`
   * is options.rank + 2 and every dot product is the biased prediction.
   */
  globalMean?: number;
}

/** Predictions for the rows of an input: `rows[j]` of the input got `prediction[j]`. */
export interface Predictions {
  /** Indices of the input rows kept (all of them under coldStartStrategy 'nan'). */
  rows: Int32Array;
  /** x_uᵀ y_i, or NaN for a user or item without factors ('nan' strategy). */
  prediction: Float32Array;
}

export interface RecommendOptions {
  /** Interactions whose pairs must not be recommended (usually the training data). */
  exclude?: Interactions;
  /**
   * A top-K index over the targets (`buildIndex(model, { metric: 'ip' })`; side 'item' for users'
   * recommendations, 'user' for items'): approximate methods answer faster at large catalogues.
   * Default: the exact blocked top-K.
   */
  index?: RetrievalIndex;
}

export interface ThreadOptions {
  /** Threads of the *Async recommend methods, the calling one included. Default: cores, or 1 for small jobs. */
  numThreads?: number;
}

/**
 * A trained ALS model (Spark's ALSModel): user and item factors and what the model needs to
 * predict and recommend. Saving and loading touch files, so they live on the Node side:
 * `saveALSModel(model, dir)` and `loadALSModel(dir)` from 'alsrec/node' (src/io/als-model-dir.ts)
 * do what Spark's `model.save(dir)` and `ALSModel.load(dir)` do.
 */
export class ALSModel {
  readonly rank: number;
  readonly userIds: IdMap;
  readonly itemIds: IdMap;
  readonly userFactors: Float32Array;
  readonly itemFactors: Float32Array;
  readonly options: ModelOptions;
  readonly summary: TrainingSummary;
  readonly itemCounts: Float64Array | undefined;
  /** μ of a biased model (options.biases), else undefined. */
  readonly globalMean: number | undefined;

  constructor(parts: ALSModelParts) {
    const { rank, userIds, itemIds, userFactors, itemFactors } = parts;
    if (userFactors.length !== userIds.size * rank || itemFactors.length !== itemIds.size * rank) {
      throw new Error(
        `als model: factor sizes do not match ids × rank (users ${userIds.size}×${rank} vs ${userFactors.length}, items ${itemIds.size}×${rank} vs ${itemFactors.length})`,
      );
    }
    this.rank = rank;
    this.userIds = userIds;
    this.itemIds = itemIds;
    this.userFactors = userFactors;
    this.itemFactors = itemFactors;
    this.options = parts.options;
    this.summary = parts.summary ?? { loss: [], iterationSeconds: [] };
    this.itemCounts = parts.itemCounts;
    this.globalMean = parts.globalMean;
    if (parts.options.biases && (parts.globalMean === undefined || rank !== factorColumns(parts.options))) {
      throw new Error(`als model: a biased model needs globalMean and factor rows of rank + 2 = ${factorColumns(parts.options)} columns (got ${rank}${parts.globalMean === undefined ? ', no globalMean' : ''})`);
    }
    if (parts.options.ensembleSize > 1 && rank !== factorColumns(parts.options)) {
      throw new Error(`als model: an ensemble of ${parts.options.ensembleSize} members of rank ${parts.options.rank} needs factor rows of ${factorColumns(parts.options)} columns (got ${rank})`);
    }
  }

  /** x_uᵀy_i for model rows u and i (not external ids). */
  score(userRow: number, itemRow: number): number {
    const k = this.rank;
    let s = 0;
    for (let a = 0; a < k; a++) s += this.userFactors[userRow * k + a]! * this.itemFactors[itemRow * k + a]!;
    return Math.fround(s);
  }

  /**
   * Predicts every (user, item) row of `data`. A user or item the model has no factors for gets NaN
   * under coldStartStrategy 'nan' (Spark's default); under 'drop' its row is left out.
   */
  transform(data: Interactions, coldStartStrategy = this.options.coldStartStrategy): Predictions {
    const userRow = translateIds(data.userIds, this.userIds);
    const itemRow = translateIds(data.itemIds, this.itemIds);
    const n = size(data);
    const rows = new Int32Array(n);
    const prediction = new Float32Array(n);
    let m = 0;
    for (let r = 0; r < n; r++) {
      const u = userRow[data.users[r]!]!;
      const i = itemRow[data.items[r]!]!;
      if (u < 0 || i < 0) {
        if (coldStartStrategy === 'drop') continue;
        rows[m] = r;
        prediction[m++] = NaN;
        continue;
      }
      rows[m] = r;
      prediction[m++] = this.score(u, i);
    }
    return { rows: rows.slice(0, m), prediction: prediction.slice(0, m) };
  }

  /** `transform` for row objects: each kept row comes back with predictionCol added. */
  transformRows<T extends Record<string, unknown>>(rows: readonly T[]): (T & Record<string, number>)[] {
    const { userCol, itemCol, predictionCol, coldStartStrategy } = this.options;
    const out: (T & Record<string, number>)[] = [];
    rows.forEach((row, r) => {
      const u = this.userIds.toIndex(idOf(row[userCol], userCol, 'userCol', r));
      const i = this.itemIds.toIndex(idOf(row[itemCol], itemCol, 'itemCol', r));
      if ((u < 0 || i < 0) && coldStartStrategy === 'drop') return;
      out.push({ ...row, [predictionCol]: u < 0 || i < 0 ? NaN : this.score(u, i) });
    });
    return out;
  }

  /** Top `k` items for every user with factors, best first. */
  recommendForAllUsers(k: number, opts: RecommendOptions = {}): Recommendations {
    return this.recommend('user', null, k, opts);
  }

  /** Top `k` users for every item with factors. `exclude` removes the pairs it holds. */
  recommendForAllItems(k: number, opts: RecommendOptions = {}): Recommendations {
    return this.recommend('item', null, k, opts);
  }

  /** Top `k` items for the given users; unknown users are skipped, as Spark's join drops them. */
  recommendForUserSubset(users: readonly ExternalId[], k: number, opts: RecommendOptions = {}): Recommendations {
    return this.recommend('user', users, k, opts);
  }

  /** Top `k` users for the given items; unknown items are skipped. */
  recommendForItemSubset(items: readonly ExternalId[], k: number, opts: RecommendOptions = {}): Recommendations {
    return this.recommend('item', items, k, opts);
  }

  /** The `k` items most like each of `items` (cosine of the factors, the item itself left out); see als/similar.ts. */
  similarItems(items: readonly ExternalId[], k: number, opts: SimilarOptions = {}): Recommendations {
    return similar(this, 'item', items, k, opts);
  }

  /** The `k` users most like each of `users` (cosine of the factors, the user itself left out). */
  similarUsers(users: readonly ExternalId[], k: number, opts: SimilarOptions = {}): Recommendations {
    return similar(this, 'user', users, k, opts);
  }

  /**
   * `recommendForAllUsers` on worker threads (`numThreads`, default: the machine's cores, or 1 when
   * the job is small): the same lists, for large catalogues. The other *Async methods likewise.
   */
  recommendForAllUsersAsync(k: number, opts: RecommendOptions & ThreadOptions = {}): Promise<Recommendations> {
    return this.recommendAsync('user', null, k, opts);
  }

  recommendForAllItemsAsync(k: number, opts: RecommendOptions & ThreadOptions = {}): Promise<Recommendations> {
    return this.recommendAsync('item', null, k, opts);
  }

  recommendForUserSubsetAsync(users: readonly ExternalId[], k: number, opts: RecommendOptions & ThreadOptions = {}): Promise<Recommendations> {
    return this.recommendAsync('user', users, k, opts);
  }

  recommendForItemSubsetAsync(items: readonly ExternalId[], k: number, opts: RecommendOptions & ThreadOptions = {}): Promise<Recommendations> {
    return this.recommendAsync('item', items, k, opts);
  }

  /**
   * The WASM SIMD top-K when its module is loaded (fit and loadALSModel do that) and the model was not
   * trained with kernels 'ts'; the plain-TypeScript reference otherwise.
   */
  private useWasm(): boolean {
    return this.options.kernels !== 'ts' && loadedWasmKernels() !== null;
  }

  private recommend(side: 'user' | 'item', subset: readonly ExternalId[] | null, k: number, opts: RecommendOptions): Recommendations {
    const request = topKRequest(this, side, subset, k, opts);
    if (opts.index) return request.finish(checkIndex(opts.index, side, 'ip', request.input).search(request.input));
    return request.finish(this.useWasm() ? topKWasm(request.input) : topK(request.input));
  }

  private async recommendAsync(
    side: 'user' | 'item',
    subset: readonly ExternalId[] | null,
    k: number,
    opts: RecommendOptions & ThreadOptions,
  ): Promise<Recommendations> {
    const request = topKRequest(this, side, subset, k, opts);
    if (opts.index) return request.finish(await checkIndex(opts.index, side, 'ip', request.input).searchAsync(request.input, opts.numThreads));
    if (!this.useWasm()) return request.finish(topK(request.input));
    return request.finish(await topKWasmThreads(request.input, opts.numThreads));
  }

  /**
   * Factors for the users of `interactions` (new or returning) solved against the fixed item
   * factors — the normal equations of training, no retrain. See als/fold-in.ts.
   */
  foldInUsers(interactions: Interactions): FoldedFactors {
    return foldIn(this, interactions, 'user');
  }

  /** Factors for the items of `interactions`, solved against the fixed user factors. */
  foldInItems(interactions: Interactions): FoldedFactors {
    return foldIn(this, interactions, 'item');
  }

  /** Top `k` items for the users of `interactions`, folded in on the fly (their input pairs excluded by default). */
  recommendFor(interactions: Interactions, k: number, opts: RecommendForOptions = {}): Recommendations {
    return recommendFor(this, interactions, k, opts);
  }

  /** A new model with the folded users added (new ids) or replaced (known ids); this one is unchanged. */
  withUsers(folded: FoldedFactors): ALSModel {
    if (folded.side !== 'user' || folded.rank !== this.rank) throw new Error(`withUsers: expected user factors of rank ${this.rank}, got ${folded.side} factors of rank ${folded.rank}`);
    const { ids, factors } = mergeFactors(this.userIds, this.userFactors, folded);
    return new ALSModel({ ...this.parts(), userIds: ids, userFactors: factors });
  }

  /** A new model with the folded items added or replaced; new items' popularity is their fold-in count. */
  withItems(folded: FoldedFactors): ALSModel {
    if (folded.side !== 'item' || folded.rank !== this.rank) throw new Error(`withItems: expected item factors of rank ${this.rank}, got ${folded.side} factors of rank ${folded.rank}`);
    const { ids, factors } = mergeFactors(this.itemIds, this.itemFactors, folded);
    let itemCounts = this.itemCounts;
    if (itemCounts) {
      itemCounts = new Float64Array(ids.size);
      itemCounts.set(this.itemCounts!);
      for (let r = 0; r < folded.ids.size; r++) {
        const i = ids.toIndex(folded.ids.toExternal(r));
        if (i >= this.itemIds.size) itemCounts[i] = folded.counts[r]!;
      }
    }
    return new ALSModel({ ...this.parts(), itemIds: ids, itemFactors: factors, itemCounts });
  }

  /**
   * The score of `item` for `user` split over the user's history (its rows in `history`, e.g. the
   * training data), top contributors first; the contributions sum to the score. See als/explain.ts.
   */
  explain(user: ExternalId, item: ExternalId, history: Interactions): Explanation {
    return explain(this, user, item, history);
  }

  private parts(): ALSModelParts {
    const { rank, userIds, itemIds, userFactors, itemFactors, options, summary, itemCounts, globalMean } = this;
    return { rank, userIds, itemIds, userFactors, itemFactors, options, summary, itemCounts, globalMean };
  }

}
