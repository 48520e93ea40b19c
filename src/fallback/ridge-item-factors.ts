import { IdMap, type ExternalId } from '../data/id-map.js';
import type { ALSModel } from '../als/als-model.js';
import type { FoldedFactors } from '../als/fold-in.js';
import { choleskySolve } from '../kernels/cholesky.js';
import type { ItemFeatures } from './item-features.js';

export interface RidgeOptions {
  /** Ridge penalty λ > 0 on the feature weights (not on the intercept). Default 1. */
  lambda?: number;
  /** Items to give factors. Default: every item with features that the model has no factor for. */
  items?: readonly ExternalId[];
}

/**
 * Factors for items that have features but no interactions (new items), so they can appear in CF
 * lists: a ridge regression from features to item factors, learned on the items the model knows,
 *
 *   W = argmin ‖[F 1] W − Y‖² + λ‖W_F‖²  →  ([F 1]ᵀ[F 1] + λ·diag(1,…,1,0)) W = [F 1]ᵀ Y
 *
 * (F: known items' feature rows, Y: their factors, one column of W per factor), then y_new = [f 1] W.
 * Returns item factors for `model.withItems(...)` (counts 0: no interactions behind them).
 */
export function ridgeItemFactors(model: ALSModel, features: ItemFeatures, opts: RidgeOptions = {}): FoldedFactors {
  const lambda = opts.lambda ?? 1;
  if (!(lambda > 0 && Number.isFinite(lambda))) throw new Error(`ridge item factors: lambda must be > 0, got ${lambda}`);
  const d = features.dim;
  const p = d + 1;
  const k = model.rank;
  const A = new Float64Array(p * p);
  const B = new Float64Array(p * k);
  const x = new Float64Array(p);
  let known = 0;
  for (let r = 0; r < features.ids.size; r++) {
    const i = model.itemIds.toIndex(features.ids.toExternal(r));
    if (i < 0) continue;
    known++;
    for (let c = 0; c < d; c++) x[c] = features.values[r * d + c]!;
    x[d] = 1;
    for (let a = 0; a < p; a++) {
      if (x[a] === 0) continue;
      for (let b = 0; b < p; b++) A[a * p + b]! += x[a]! * x[b]!;
      for (let f = 0; f < k; f++) B[a * k + f]! += x[a]! * model.itemFactors[i * k + f]!;
    }
  }
  if (known === 0) throw new Error('ridge item factors: no item has both features and a factor; the feature ids must match the model\'s item ids');
  for (let a = 0; a < d; a++) A[a * p + a]! += lambda;
  const W = new Float64Array(p * k);
  const L = new Float64Array(p * p);
  const rhs = new Float64Array(p);
  for (let f = 0; f < k; f++) {
    L.set(A);
    for (let a = 0; a < p; a++) rhs[a] = B[a * k + f]!;
    if (!choleskySolve(L, rhs, p)) throw new Error(`ridge item factors: the system is singular; raise lambda (now ${lambda})`);
    for (let a = 0; a < p; a++) W[a * k + f] = rhs[a]!;
  }
  const targets = opts.items ?? features.ids.ids().filter((id) => !model.itemIds.has(id));
  const ids = IdMap.from(targets);
  const factors = new Float32Array(ids.size * k);
  for (let t = 0; t < ids.size; t++) {
    const r = features.ids.toIndex(ids.toExternal(t));
    if (r < 0) throw new Error(`ridge item factors: item ${JSON.stringify(ids.toExternal(t))} has no features; pass only items listed in the features`);
    for (let f = 0; f < k; f++) {
      let s = W[d * k + f]!;
      for (let c = 0; c < d; c++) s += features.values[r * d + c]! * W[c * k + f]!;
      factors[t * k + f] = s;
    }
  }
  return { side: 'item', ids, factors, counts: new Float64Array(ids.size), rank: k };
}
