import { describe, expect, it } from 'vitest';
import { Random } from '../../src/data/random.js';
import { augmentQuery, augmentTargets, augmentTargetsByNorm } from '../../src/retrieval/mips-transform.js';
import { clusteredFactors } from './fixtures.js';

describe('the MIPS → cosine transform', () => {
  it('maps y = [3, 4] (the longest, M = 5) to [0.6, 0.8, 0] and y = [0, 3] to [0, 0.6, 0.8]', () => {
    // √(M² − ‖y‖²)/M: 0 for the longest row, √(25 − 9)/5 = 0.8 for [0, 3]
    const { rows, maxNorm } = augmentTargets(Float32Array.of(3, 4, 0, 3), 2);
    expect(maxNorm).toBe(5);
    expect(Array.from(rows)).toEqual([0.6, 0.8, 0, 0, 0.6, 0.8].map(Math.fround));
  });

  it('turns every target into a unit vector and orders targets by cosine exactly as by inner product', () => {
    const rng = new Random(11);
    const rank = 6;
    const Y = clusteredFactors(rng, 200, rank);
    const Q = clusteredFactors(rng, 5, rank);
    const { rows } = augmentTargets(Y, rank);
    const q = new Float32Array(rank + 1);
    for (let i = 0; i < 200; i++) expect(Math.hypot(...rows.subarray(i * 7, i * 7 + 7))).toBeCloseTo(1, 5);
    for (let u = 0; u < 5; u++) {
      augmentQuery(Q, u, rank, q);
      const dot = (A: Float32Array, o: number, B: Float32Array, p: number, d: number) => {
        let s = 0;
        for (let a = 0; a < d; a++) s += A[o + a]! * B[p + a]!;
        return s;
      };
      const byIp = Array.from({ length: 200 }, (_, i) => i).sort((a, b) => dot(Q, u * rank, Y, b * rank, rank) - dot(Q, u * rank, Y, a * rank, rank));
      const byCos = Array.from({ length: 200 }, (_, i) => i).sort((a, b) => dot(q, 0, rows, b * 7, 7) - dot(q, 0, rows, a * 7, 7));
      expect(byCos.slice(0, 20)).toEqual(byIp.slice(0, 20));
    }
  });
});

describe('norm-ranging', () => {
  it('transforms each norm range with its own maximum: [3, 4] and [0, 3] in two ranges are both length-M rows', () => {
    // rows by norm: [3, 4] (5) → range 0 with M 5; [0, 3] (3) → range 1 with M 3: [0, 1, 0]
    const { rows, range } = augmentTargetsByNorm(Float32Array.of(0, 3, 3, 4), 2, 2);
    expect(Array.from(range)).toEqual([1, 0]);
    expect(Array.from(rows)).toEqual([0, 1, 0, 0.6, 0.8, 0].map(Math.fround));
  });

  it('is the plain transform with one range', () => {
    const Y = clusteredFactors(new Random(3), 50, 4);
    expect(Array.from(augmentTargetsByNorm(Y, 4, 1).rows)).toEqual(Array.from(augmentTargets(Y, 4).rows));
  });
});
