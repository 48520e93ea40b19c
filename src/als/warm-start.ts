import type { IdMap } from '../data/id-map.js';
import type { ALSModel } from './als-model.js';
import { initFactors } from './init-factors.js';

/** Options of one `fit` call (as opposed to the estimator's hyper-parameters). */
export interface FitOptions {
  /**
   * Warm start ("incremental update without a full retrain"): start from this model's factors
   * for every user and item it knows; users and items new in the data get the usual random
   * initialisation (unit-length Gaussian rows from the seed). The rank must match. A few
   * iterations then replace a full fit (README, "Warm starts"). Default: a cold start.
   */
  initialModel?: ALSModel;
}

/**
 * Initial factors of a fit over `userIds` × `itemIds`: the seeded random rows, overwritten by the
 * initial model's rows for the ids it knows.
 */
export function startingFactors(
  userIds: IdMap,
  itemIds: IdMap,
  rank: number,
  seed: number,
  initialModel: ALSModel | undefined,
): { X: Float32Array; Y: Float32Array; reusedUsers: number; reusedItems: number } {
  const X = initFactors(userIds, rank, seed, 0);
  const Y = initFactors(itemIds, rank, seed, 1);
  if (!initialModel) return { X, Y, reusedUsers: 0, reusedItems: 0 };
  if (initialModel.rank !== rank) {
    throw new Error(`als: initialModel has rank ${initialModel.rank} but this ALS has rank ${rank}; warm-start with the same rank`);
  }
  const reusedUsers = copyKnown(userIds, initialModel.userIds, initialModel.userFactors, X, rank);
  const reusedItems = copyKnown(itemIds, initialModel.itemIds, initialModel.itemFactors, Y, rank);
  return { X, Y, reusedUsers, reusedItems };
}

function copyKnown(ids: IdMap, fromIds: IdMap, from: Float32Array, to: Float32Array, k: number): number {
  let n = 0;
  for (let r = 0; r < ids.size; r++) {
    const s = fromIds.toIndex(ids.toExternal(r));
    if (s < 0) continue;
    to.set(from.subarray(s * k, (s + 1) * k), r * k);
    n++;
  }
  return n;
}
