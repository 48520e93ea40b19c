import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { topK, topKBruteForce } from '../../src/kernels/top-k.js';

describe('topK', () => {
  it('ranks by dot product, best first, and skips seen targets', () => {
    // one query q = [1, 0]; targets scores = first coordinate: [3, 1, 2, 5]; target 3 is seen.
    // Remaining ranked: t0 (3), t2 (2), t1 (1).
    const r = topK({
      queries: Float32Array.of(1, 0),
      targets: Float32Array.of(3, 9, 1, 9, 2, 9, 5, 9),
      rank: 2,
      k: 2,
      seen: { indptr: Int32Array.of(0, 1), indices: Int32Array.of(3) },
    });
    expect(Array.from(r.indices)).toEqual([0, 2]);
    expect(Array.from(r.scores)).toEqual([3, 2]);
  });

  it('breaks ties by the lower target index and pads short lists with −1 and NaN', () => {
    const r = topK({ queries: Float32Array.of(1), targets: Float32Array.of(2, 2, 1), rank: 1, k: 5 });
    expect(Array.from(r.indices)).toEqual([0, 1, 2, -1, -1]);
    expect(Number.isNaN(r.scores[3])).toBe(true);
  });

  it('agrees with the brute-force reference on random factors, subsets and seen lists', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 70 }),
        fc.integer({ min: 1, max: 2500 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer(),
        (numQueries, numTargets, rank, k, seed) => {
          let s = seed;
          const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) | 0), Math.round((((s >>> 8) & 0xffff) / 0x8000 - 1) * 8) / 8);
          const queries = Float32Array.from({ length: numQueries * rank }, rnd);
          const targets = Float32Array.from({ length: numTargets * rank }, rnd);
          const indptr = new Int32Array(numQueries + 1);
          const indices: number[] = [];
          for (let q = 0; q < numQueries; q++) {
            for (let t = 0; t < numTargets; t++) if (rnd() > 0.6) indices.push(t);
            indptr[q + 1] = indices.length;
          }
          const seen = { indptr, indices: Int32Array.from(indices) };
          const queryRows = Int32Array.from({ length: Math.ceil(numQueries / 2) }, (_, j) => (j * 7) % numQueries);
          const input = { queries, targets, rank, k, seen, queryRows };
          const fast = topK(input);
          const slow = topKBruteForce(input);
          expect(Array.from(fast.indices)).toEqual(Array.from(slow.indices));
          expect(Array.from(fast.scores)).toEqual(Array.from(slow.scores));
        },
      ),
      { numRuns: 60 },
    );
  });
});
