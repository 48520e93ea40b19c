import { IdMap } from '../data/id-map.js';
import { buildCSR, type CSR } from '../data/csr.js';
import { size, type Interactions } from '../data/interactions.js';
import { gram } from '../kernels/gram.js';
import { updateFactors, type UpdateParams } from '../kernels/update-factors.js';
import { resolveALSOptions, type ALSOptions, type ResolvedALSOptions } from './options.js';
import { initFactors } from './init-factors.js';
import { alsLoss } from './loss.js';
import { ALSModel, type TrainingSummary } from './als-model.js';
import { rowsToInteractions } from './row-objects.js';

/**
 * Alternating Least Squares with Spark's semantics (org.apache.spark.ml.recommendation.ALS):
 *
 *   const model = await new ALS({ rank: 10, maxIter: 15, regParam: 0.05, coldStartStrategy: 'drop' }).fit(train);
 *
 * Each iteration solves every item's factors from the user factors, then every user's from the
 * item factors (see kernels/update-factors.ts for the normal equations). Only users and items that
 * appear in the training rows get factors, as in Spark: the rest are cold-start at prediction.
 */
export class ALS {
  readonly options: ResolvedALSOptions;

  constructor(options: ALSOptions = {}) {
    this.options = resolveALSOptions(options);
  }

  /** Trains on `data`: columnar interactions, or row objects keyed by userCol/itemCol/ratingCol. */
  async fit(data: Interactions | readonly Record<string, unknown>[]): Promise<ALSModel> {
    return this.fitSync(data);
  }

  /** `fit` on the calling thread. */
  fitSync(data: Interactions | readonly Record<string, unknown>[]): ALSModel {
    const o = this.options;
    const train = Array.isArray(data) ? rowsToInteractions(data, o) : (data as Interactions);
    if (size(train) === 0) throw new Error('als: the training data has no rows; pass at least one rating');
    const { userIds, itemIds, userItems, itemUsers } = compact(train);
    const k = o.rank;
    const X = initFactors(userIds.size, k, o.seed, 0);
    const Y = initFactors(itemIds.size, k, o.seed, 1);
    const params: UpdateParams = {
      rank: k,
      regParam: o.regParam,
      implicitPrefs: o.implicitPrefs,
      alpha: o.alpha,
      nonnegative: o.nonnegative,
      solver: o.solver,
      cgSteps: o.cgSteps,
    };
    const G = o.implicitPrefs ? new Float64Array(k * k) : null;
    const summary: TrainingSummary = { loss: [], iterationSeconds: [] };
    for (let iter = 1; iter <= o.maxIter; iter++) {
      const t0 = performance.now();
      if (G) gram(X, userIds.size, k, G);
      updateFactors(itemUsers, X, Y, G, params, 0, itemIds.size);
      if (G) gram(Y, itemIds.size, k, G);
      updateFactors(userItems, Y, X, G, params, 0, userIds.size);
      const loss = o.computeLoss ? alsLoss(userItems, X, Y, k, o.regParam, o.implicitPrefs, o.alpha) : null;
      const seconds = (performance.now() - t0) / 1000;
      if (loss !== null) summary.loss.push(loss);
      summary.iterationSeconds.push(seconds);
      o.onIteration?.({ iteration: iter, maxIter: o.maxIter, loss, seconds });
    }
    const itemCounts = new Float64Array(itemIds.size);
    for (let i = 0; i < itemIds.size; i++) itemCounts[i] = itemUsers.indptr[i + 1]! - itemUsers.indptr[i]!;
    const { onIteration: _, ...options } = o;
    return new ALSModel({ rank: k, userIds, itemIds, userFactors: X, itemFactors: Y, options, summary, itemCounts });
  }
}

/** Only the users and items present in `train`, renumbered densely in order of first index. */
function compact(train: Interactions): { userIds: IdMap; itemIds: IdMap; userItems: CSR; itemUsers: CSR } {
  const [userIds, users] = compactSide(train.users, train.userIds);
  const [itemIds, items] = compactSide(train.items, train.itemIds);
  return {
    userIds,
    itemIds,
    userItems: buildCSR(users, items, train.ratings, userIds.size, itemIds.size),
    itemUsers: buildCSR(items, users, train.ratings, itemIds.size, userIds.size),
  };
}

function compactSide(column: Int32Array, ids: IdMap): [IdMap, Int32Array] {
  const present = new Uint8Array(ids.size);
  for (let r = 0; r < column.length; r++) present[column[r]!] = 1;
  const newIndex = new Int32Array(ids.size).fill(-1);
  const compacted = new IdMap();
  for (let i = 0; i < ids.size; i++) if (present[i]) newIndex[i] = compacted.add(ids.toExternal(i));
  const out = new Int32Array(column.length);
  for (let r = 0; r < column.length; r++) out[r] = newIndex[column[r]!]!;
  return [compacted, out];
}

