import type { WasmAlsMemory } from '../kernels/wasm/fit-footprint.js';
import type { IdMap } from '../data/id-map.js';
import type { ALSModel } from './als-model.js';
import { initFactors } from './init-factors.js';
import { loadedWasmKernels } from '../kernels/wasm/load-kernels.js';
import { initFactorsWasm } from '../kernels/wasm/init-factors-wasm.js';

/** Options of one `fit` call (as opposed to the estimator's hyper-parameters). */
export interface FitOptions {
  /**
   * Warm start ("incremental update without a full retrain"): start from this model's factors
   * for every user and item it knows; users and items new in the data get the usual random
   * initialisation (unit-length Gaussian rows from the seed). The rank must match. A few
   * iterations then replace a full fit (README, "Warm starts"). Default: a cold start.
   */
  initialModel?: ALSModel;
  /**
   * Let the fit free the data's row arrays once the kernels hold their own copy, to lower the
   * peak memory by 12–20 bytes per row (the CLI's `train`, which reads a file only to fit it, sets
   * it). The arrays of `data` (users, items, ratings, timestamps, sourceLines) are then detached —
   * empty — so pass it only for data nothing else will read. Applies to the WASM kernels with
   * columnar data; ignored otherwise. Default false.
   */
  consumeData?: boolean;
  /**
   * WASM kernels: how many ratings of the training CSRs sit in WASM memory at once. A number n
   * keeps both CSRs in host memory (16-bit indices where the other side has ≤ 65,536 rows) and
   * streams them through a window of n entries (8n bytes; raised to the largest work chunk), which
   * lifts wasm32's 4 GiB ceiling and frees the CSRs when the fit ends, for a copy of 8 bytes per
   * rating and half-step. 'auto' (default): the CSRs in WASM memory when everything fits in
   * 4 GiB, else a window of 2²⁰ entries; with consumeData always that window. The model is the
   * same bits either way.
   */
  csrWindow?: number | 'auto';
  /**
   * WASM kernels: called once the fit has laid out its memory (its CSRs built), with where the
   * bytes are — CSRs (host or WASM memory), factors, scratch, window — for reports (bench/big-fit.ts).
   */
  onFootprint?: (footprint: WasmAlsMemory) => void;
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
  initStd = 0,
): { X: Float32Array; Y: Float32Array; reusedUsers: number; reusedItems: number } {
  // The same draws on the WASM kernels when they are loaded (faster in a fresh process), else here.
  const module = loadedWasmKernels();
  const draw = (ids: IdMap, stream: number) =>
    module ? initFactorsWasm(module, ids, rank, seed, stream, initStd) : initFactors(ids, rank, seed, stream, initStd);
  const X = draw(userIds, 0);
  const Y = draw(itemIds, 1);
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
