/**
 * Factor tables for the retrieval benchmark. 'fit': a real implicit ALS fit on the power-law
 * generator's interactions (bench/workloads.ts's generator, seed 1); 'planted': the planted
 * low-rank generator's factor recipe (src/data/synthetic-low-rank.ts: entries N(0, 1/rank)),
 * drawn directly because that generator also enumerates users × items pairs, which 1M × 1M forbids.
 */
import { ALS } from '../src/als/als.js';
import type { ALSModel } from '../src/als/als-model.js';
import { resolveALSOptions } from '../src/als/options.js';
import { ALSModel as Model } from '../src/als/als-model.js';
import { IdMap } from '../src/data/id-map.js';
import type { Interactions } from '../src/data/interactions.js';
import { Random } from '../src/data/random.js';
import { syntheticPowerLaw } from '../src/data/synthetic-power-law.js';

export interface RetrievalData {
  model: ALSModel;
  /** Training rows (their pairs are excluded from the lists), when the factors come from a fit. */
  train?: Interactions;
  source: string;
  fitSeconds?: number;
}

export async function fittedFactors(numItems: number, rank: number, numThreads: number): Promise<RetrievalData> {
  const numUsers = numItems;
  const nnz = numItems * 50;
  const train = syntheticPowerLaw({ numUsers, numItems, nnz, seed: 1 });
  const t0 = performance.now();
  const model = await new ALS({ rank, implicitPrefs: true, maxIter: 10, regParam: 0.01, alpha: 1, seed: 1, numThreads }).fit(train);
  const fitSeconds = (performance.now() - t0) / 1000;
  return {
    model,
    train,
    fitSeconds,
    source: `implicit ALS fit (10 iterations, CG) on power-law synthetic ${numUsers.toLocaleString('en')} users × ${numItems.toLocaleString('en')} items, ${nnz.toLocaleString('en')} rows: ${model.itemIds.size.toLocaleString('en')} items with factors`,
  };
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
