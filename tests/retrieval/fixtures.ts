import { ALSModel } from '../../src/als/als-model.js';
import { resolveALSOptions } from '../../src/als/options.js';
import { IdMap } from '../../src/data/id-map.js';
import { Random } from '../../src/data/random.js';
import { expect } from 'vitest';
import type { SeenRows } from '../../src/kernels/top-k.js';
import type { RetrievalIndex } from '../../src/retrieval/retrieval-index.js';
import { listRecall } from '../../src/retrieval/list-recall.js';

/** Shared inputs of the retrieval tests (not a test file). */

/**
 * Factors shaped like ALS's: n rows around `clusters` random centres (so neighbourhoods exist),
 * with log-normal norms (popular items have long vectors, which is what makes MIPS ≠ cosine).
 */
export function clusteredFactors(rng: Random, n: number, rank: number, clusters = 20): Float32Array {
  const centres = Float32Array.from({ length: clusters * rank }, () => rng.nextGaussian());
  const F = new Float32Array(n * rank);
  for (let i = 0; i < n; i++) {
    const c = rng.nextInt(clusters);
    const scale = Math.exp(0.5 * rng.nextGaussian());
    for (let a = 0; a < rank; a++) F[i * rank + a] = (centres[c * rank + a]! + 0.6 * rng.nextGaussian()) * scale;
  }
  return F;
}

export function modelOf(userFactors: Float32Array, itemFactors: Float32Array, rank: number, kernels: 'wasm' | 'ts' = 'wasm'): ALSModel {
  return new ALSModel({
    rank,
    userIds: IdMap.from(Array.from({ length: userFactors.length / rank }, (_, i) => i + 1)),
    itemIds: IdMap.from(Array.from({ length: itemFactors.length / rank }, (_, i) => i + 1)),
    userFactors,
    itemFactors,
    options: resolveALSOptions({ rank, kernels }),
  });
}

/** Share of the exact lists' targets that the approximate lists found (recall@k). */
export const recallOf = listRecall;

/** 3,000 clustered targets and 300 queries of rank 12, each query with 4 random seen targets (seed 21). */
export function scanInputs(): { rank: number; targets: Float32Array; queries: Float32Array; seen: SeenRows } {
  const rng = new Random(21);
  const rank = 12;
  const targets = clusteredFactors(rng, 3000, rank);
  const queries = clusteredFactors(rng, 300, rank);
  const seen: SeenRows = {
    indptr: Int32Array.from({ length: 301 }, (_, q) => 4 * q),
    indices: Int32Array.from({ length: 1200 }, () => rng.nextInt(3000)),
  };
  return { rank, targets, queries, seen };
}

/**
 * `numItems` unit rows in 400 tight clusters of directions (centre + N(0, 0.05²) a coordinate, then
 * normalised: no norm spread for the exact scan's stop) and `numQueries` queries near random
 * centres (N(0, 0.2²) a coordinate): the exact scan scores nearly every item, a few k-means lists
 * hold a query's answer.
 */
export function clusteredDirections(rng: Random, numItems: number, numQueries: number, rank: number): { items: Float32Array; queries: Float32Array } {
  const centres = unitRowsOf(Float32Array.from({ length: 400 * rank }, () => rng.nextGaussian()), rank);
  const near = (n: number, sigma: number) => {
    const F = new Float32Array(n * rank);
    for (let i = 0; i < n; i++) {
      const c = rng.nextInt(400);
      for (let a = 0; a < rank; a++) F[i * rank + a] = centres[c * rank + a]! + sigma * rng.nextGaussian();
    }
    return F;
  };
  const items = unitRowsOf(near(numItems, 0.05), rank);
  return { items, queries: near(numQueries, 0.2) };
}

function unitRowsOf(F: Float32Array, rank: number): Float32Array {
  for (let i = 0; i < F.length; i += rank) {
    const norm = Math.hypot(...F.subarray(i, i + rank));
    for (let a = 0; a < rank; a++) F[i + a]! /= norm;
  }
  return F;
}

/**
 * For each value of the index's knob: the WASM index gives its TypeScript reference's lists (scores
 * to 4 decimals: float32 sums against float64), on the calling thread and on two.
 */
export async function expectReferenceLists(wasm: RetrievalIndex, ts: RetrievalIndex, knobs: readonly number[], queries: Float32Array, seen: SeenRows): Promise<void> {
  for (const knob of knobs) {
    wasm.tune!(knob);
    ts.tune!(knob);
    const want = ts.search({ queries, k: 10, seen });
    const got = wasm.search({ queries, k: 10, seen });
    expect(Array.from(got.indices), `knob ${knob}`).toEqual(Array.from(want.indices));
    got.scores.forEach((s, j) => (Number.isNaN(want.scores[j]!) ? expect(s).toBeNaN() : expect(s).toBeCloseTo(want.scores[j]!, 4)));
    expect(Array.from((await wasm.searchAsync({ queries, k: 10, seen }, 2)).indices)).toEqual(Array.from(want.indices));
  }
}
