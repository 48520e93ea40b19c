import { Random } from '../data/random.js';

/**
 * Spark's initialisation (`ALS.initialize`): each factor row drawn from N(0, I) and scaled to unit
 * length, so that no row starts far from the others. `stream` separates the user and item draws
 * under one seed. Same seed → same factors, whatever the thread count.
 */
export function initFactors(n: number, rank: number, seed: number, stream: number): Float32Array {
  const rng = new Random(seed * 2 + stream);
  const out = new Float32Array(n * rank);
  for (let r = 0; r < n; r++) {
    let norm = 0;
    const o = r * rank;
    for (let a = 0; a < rank; a++) {
      const v = rng.nextGaussian();
      out[o + a] = v;
      norm += v * v;
    }
    norm = Math.sqrt(norm);
    for (let a = 0; a < rank; a++) out[o + a] = out[o + a]! / norm;
  }
  return out;
}
