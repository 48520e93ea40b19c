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

/**
 * A catalogue of `numItems` items shaped by a real fit: implicit ALS (rank, 10 iterations, regParam
 * 0.01, alpha 1, seed 1) on MovieLens 100k, each synthetic item a real item's factor row (drawn
 * uniformly) plus Gaussian noise of relative size `noise` (per coordinate σ = noise·‖y‖/√rank, so
 * the copy keeps cosine ≈ 1/√(1 + noise²) with its model); the queries are the 943 real users.
 * Unlike the power-law generator's fits (no taste structure: every user's top 10 is among the
 * ~800 longest of 970k item vectors), real factors have a narrow norm spread (ML-100k: p99/median
 * ≈ 2, against ≈ 9 and max ≈ 1,600 there) and directions that matter, which is what a top-K index
 * must cope with. No training pairs: nothing is excluded from the lists.
 */
export async function mlShapedFactors(ml100kDir: string, numItems: number, rank: number, noise = 0.5, seed = 1, mix = 1): Promise<RetrievalData> {
  const { ALS } = await import('../src/als/als.js');
  const { readMl100k } = await import('../src/io/read-ml-ratings.js');
  const train = await readMl100k(`${ml100kDir}/u.data`);
  const fit = await new ALS({ rank, implicitPrefs: true, maxIter: 10, regParam: 0.01, alpha: 1, seed: 1 }).fit(train);
  const base = fit.itemFactors;
  const numBase = base.length / rank;
  const rng = new Random(seed);
  const itemFactors = new Float32Array(numItems * rank);
  const baseNorm = Float64Array.from({ length: numBase }, (_, j) => Math.hypot(...base.subarray(j * rank, j * rank + rank)));
  const v = new Float64Array(rank);
  for (let i = 0; i < numItems; i++) {
    // a blend of `mix` real rows (weights ~ Exp(1), normalised), rescaled to the blend of their
    // norms so that blending does not shrink the norms; mix 1: one real row as it is
    v.fill(0);
    let wsum = 0;
    let norm = 0;
    for (let b = 0; b < mix; b++) {
      const j = rng.nextInt(numBase);
      const w = mix === 1 ? 1 : -Math.log(1 - rng.next());
      wsum += w;
      norm += w * baseNorm[j]!;
      for (let a = 0; a < rank; a++) v[a]! += w * base[j * rank + a]!;
    }
    const scale = mix === 1 ? 1 : norm / wsum / Math.max(1e-30, Math.hypot(...v) / wsum);
    for (let a = 0; a < rank; a++) v[a] = (v[a]! / wsum) * scale;
    const sigma = (noise * Math.hypot(...v)) / Math.sqrt(rank);
    for (let a = 0; a < rank; a++) itemFactors[i * rank + a] = v[a]! + sigma * rng.nextGaussian();
  }
  const numUsers = fit.userIds.size;
  const model = new Model({
    rank,
    userIds: fit.userIds,
    itemIds: IdMap.from(Int32Array.from({ length: numItems }, (_, i) => i + 1)),
    userFactors: fit.userFactors,
    itemFactors,
    options: resolveALSOptions({ rank, implicitPrefs: true }),
  });
  return {
    model,
    source:
      mix === 1
        ? `ML-100k-shaped: ${numItems.toLocaleString('en')} items, each one of the ${numBase.toLocaleString('en')} item rows of an implicit ALS fit on MovieLens 100k (rank ${rank}, 10 iterations) plus noise of relative size ${noise}; the ${numUsers} real users as queries, nothing excluded`
        : `ML-100k-shaped, blended: ${numItems.toLocaleString('en')} items, each a random blend of ${mix} of the ${numBase.toLocaleString('en')} item rows of an implicit ALS fit on MovieLens 100k (rank ${rank}, 10 iterations; weights ~ Exp(1), norm the blend of their norms) plus noise of relative size ${noise}; the ${numUsers} real users as queries, nothing excluded`,
  };
}
