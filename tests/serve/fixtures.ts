import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALSModel } from '../../src/als/als-model.js';
import { resolveALSOptions } from '../../src/als/options.js';
import { IdMap } from '../../src/data/id-map.js';
import { saveALSModel } from '../../src/io/als-model-dir.js';

/**
 * Two hand-set rank-2 models over users 1, 2 and items 10…50, so every score is known:
 *   items  10 = [5, 0], 20 = [4, 1], 30 = [3, 2], 40 = [2, 3], 50 = [1, 4]
 *   model "m1": user 1 = [1, 0] → scores 10:5 20:4 30:3 40:2 50:1 (best first: 10 20 30 40 50)
 *               user 2 = [0, 1] → scores 10:0 20:1 30:2 40:3 50:4 (best first: 50 40 30 20 10)
 *   model "m2": the users swapped, so user 1 gets 50 40 30 20 10.
 * Training counts per item 10…50: 4 3 2 1 1 (11 rows), for novelty.
 */
export const ITEMS = [10, 20, 30, 40, 50];

export function handModel(swapUsers = false): ALSModel {
  const u1 = [1, 0];
  const u2 = [0, 1];
  return new ALSModel({
    rank: 2,
    userIds: IdMap.from([1, 2]),
    itemIds: IdMap.from(ITEMS),
    userFactors: Float32Array.from(swapUsers ? [...u2, ...u1] : [...u1, ...u2]),
    itemFactors: Float32Array.of(5, 0, 4, 1, 3, 2, 2, 3, 1, 4),
    options: resolveALSOptions({ rank: 2 }),
    itemCounts: Float64Array.of(4, 3, 2, 1, 1),
  });
}

/** A temporary model root holding m1 and m2; `cleanup` removes it. */
export async function modelRoot(): Promise<{ root: string; m1: string; m2: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'alsrec-serve-'));
  const m1 = join(root, 'm1');
  const m2 = join(root, 'm2');
  await saveALSModel(handModel(false), m1);
  await saveALSModel(handModel(true), m2);
  return { root, m1, m2, cleanup: () => rm(root, { recursive: true, force: true }) };
}
