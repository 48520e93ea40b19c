import { IdMap } from './id-map.js';
import type { Interactions } from './interactions.js';
import { Random } from './random.js';

export interface PlantedLowRankOptions {
  numUsers: number;
  numItems: number;
  /** Rank of the planted matrix. */
  rank: number;
  /** Share of the user × item pairs observed, in (0, 1]. */
  density: number;
  /** Standard deviation σ of the Gaussian noise added to each observed entry. */
  noise: number;
  seed?: number;
}

/**
 * Planted low-rank ratings for recovery tests: true factors U (users × rank) and V (items × rank)
 * with N(0, 1/√rank) entries, so a clean rating uᵀv has unit variance; each pair is observed with
 * probability `density`, and observed as uᵀv + N(0, σ²). A model that recovers the planted matrix
 * predicts held-out pairs with RMSE close to σ (the noise floor), since the best possible predictor
 * of uᵀv + ε is uᵀv.
 *
 * User u has external id u + 1 and item i has i + 1 (MovieLens-like 1-based ids).
 * Also returns `truth`, the clean value of each row, to measure recovery directly.
 */
export function plantedLowRank(opts: PlantedLowRankOptions): { data: Interactions; truth: Float32Array } {
  const { numUsers, numItems, rank, density, noise } = opts;
  const rng = new Random(opts.seed ?? 1);
  const scale = 1 / Math.sqrt(rank);
  const U = Float64Array.from({ length: numUsers * rank }, () => rng.nextGaussian() * scale);
  const V = Float64Array.from({ length: numItems * rank }, () => rng.nextGaussian() * scale);
  const users: number[] = [];
  const items: number[] = [];
  const ratings: number[] = [];
  const truth: number[] = [];
  for (let u = 0; u < numUsers; u++) {
    for (let i = 0; i < numItems; i++) {
      if (rng.next() >= density) continue;
      let s = 0;
      for (let a = 0; a < rank; a++) s += U[u * rank + a]! * V[i * rank + a]!;
      users.push(u);
      items.push(i);
      truth.push(s);
      ratings.push(s + noise * rng.nextGaussian());
    }
  }
  const data: Interactions = {
    users: Int32Array.from(users),
    items: Int32Array.from(items),
    ratings: Float32Array.from(ratings),
    userIds: IdMap.from(Array.from({ length: numUsers }, (_, u) => u + 1)),
    itemIds: IdMap.from(Array.from({ length: numItems }, (_, i) => i + 1)),
  };
  return { data, truth: Float32Array.from(truth) };
}
