/**
 * Factor tables for the retrieval benchmark. Real fits: bench/retrieval-fit.ts; 'planted': the planted
 * low-rank generator's factor recipe (src/data/synthetic-low-rank.ts: entries N(0, 1/rank)),
 * drawn directly because that generator also enumerates users × items pairs, which 1M × 1M forbids.
 */
import type { ALSModel } from '../src/als/als-model.js';
import { resolveALSOptions } from '../src/als/options.js';
import { ALSModel as Model } from '../src/als/als-model.js';
import { IdMap } from '../src/data/id-map.js';
import type { Interactions } from '../src/data/interactions.js';
import { Random } from '../src/data/random.js';
import type { SeenRows } from '../src/kernels/top-k.js';

export interface RetrievalData {
  model: ALSModel;
  /** Training rows (their pairs are excluded from the lists), when the factors come from a fit. */
  train?: Interactions;
  /** The training pairs as seen-lists per user row (cached fits keep these instead of the rows). */
  seen?: SeenRows;
  source: string;
  fitSeconds?: number;
}

export function plantedFactors(numUsers: number, numItems: number, rank: number, seed = 1): RetrievalData {
  const rng = new Random(seed);
  const scale = 1 / Math.sqrt(rank);
  const draw = (n: number) => {
    const F = new Float32Array(n * rank);
    for (let i = 0; i < F.length; i++) F[i] = rng.nextGaussian() * scale;
    return F;
  };
  // items first: the same seed gives the same item table whatever the number of users
  const itemFactors = draw(numItems);
  const userFactors = draw(numUsers);
  const model = new Model({
    rank,
    userIds: IdMap.from(Int32Array.from({ length: numUsers }, (_, i) => i + 1)),
    itemIds: IdMap.from(Int32Array.from({ length: numItems }, (_, i) => i + 1)),
    userFactors,
    itemFactors,
    options: resolveALSOptions({ rank }),
  });
  return { model, source: `planted factors N(0, 1/${rank}) (the planted generator's recipe), ${numUsers.toLocaleString('en')} users × ${numItems.toLocaleString('en')} items` };
}
