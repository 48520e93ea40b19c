import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Random } from '../../src/data/random.js';
import { topK, type SeenRows } from '../../src/kernels/top-k.js';
import { NORM_SCAN_TILE, normOrder, normScanTopK } from '../../src/retrieval/norm-scan.js';
import { clusteredFactors } from './fixtures.js';

/**
 * Hand-made table, rank 2, query q = (1, 0), k = 1:
 * - targets 1…256: norm 10 at 60° from q, y = (5, 5√3): score 5, cosine 0.5 — the first tile;
 * - target 0: norm 6 along q, y = (6, 0): score 6, cosine 1 — first of the second tile;
 * - targets 257…399: norm 1 at 90°, score 0.
 * Before the second tile the best kept score is 5 and the stop test is c·‖q‖·6·(1 + δ) < 5, so
 * the scan stops there, missing target 0, exactly when c < 5/6 (up to δ = 2⁻²³·kp, kp = 4).
 */
function planted(): Float32Array {
  const Y = new Float32Array(400 * 2);
  Y.set([6, 0], 0);
  for (let t = 1; t <= 256; t++) Y.set([5, 5 * Math.sqrt(3)], t * 2);
  for (let t = 257; t < 400; t++) Y.set([0, 1], t * 2);
  return Y;
}

describe('normScanTopK (norm-ordered top-K with a relaxed stop)', () => {
  const Y = planted();
  const sorted = normOrder(Y, 2);
  const query = { queries: Float32Array.of(1, 0), k: 1 };

  it('orders the targets by decreasing norm, ties to the lower index', () => {
    expect(NORM_SCAN_TILE).toBe(256);
    expect(Array.from(sorted.order.subarray(0, 3))).toEqual([1, 2, 3]);
    expect(sorted.order[256]).toBe(0);
    expect(sorted.norms[0]).toBeCloseTo(10, 5);
    expect(sorted.norms[256]).toBe(6);
  });

  it('finds the aligned shorter target while c ≥ 5/6 and misses it below', () => {
    for (const c of [1, 0.9, 0.84]) {
      const got = normScanTopK(query, Y, 2, sorted, c);
      expect([got.indices[0], got.scores[0]]).toEqual([0, 6]);
    }
    for (const c of [0.83, 0.5, 0.1]) {
      const got = normScanTopK(query, Y, 2, sorted, c);
      expect([got.indices[0], got.scores[0]]).toEqual([1, 5]); // the best of the first tile, lowest index
    }
  });

  it('scans on when the first tile does not fill the list (k beyond its unseen targets)', () => {
    // every target of the first tile but one seen: one kept score, k = 2 not full, so no stop
    const seen: SeenRows = { indptr: Int32Array.of(0, 255), indices: Int32Array.from({ length: 255 }, (_, i) => i + 2) };
    const got = normScanTopK({ ...query, k: 2, seen }, Y, 2, sorted, 0.1);
    expect(Array.from(got.indices)).toEqual([0, 1]);
  });

  it('equals the exact top-K at c = 1, and finds a superset of the exact targets as c grows (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1500 }), fc.integer({ min: 1, max: 12 }), fc.integer(), (numTargets, k, seed) => {
        const rng = new Random(seed);
        const rank = 5;
        const targets = clusteredFactors(rng, numTargets, rank, 4);
        const queries = clusteredFactors(rng, 6, rank, 4);
        const lists = Array.from({ length: 6 }, () => [...new Set(Array.from({ length: 3 }, () => rng.nextInt(numTargets)))]);
        const indptr = Int32Array.from({ length: 7 }, (_, q) => lists.slice(0, q).reduce((s, l) => s + l.length, 0));
        const seen: SeenRows = { indptr, indices: Int32Array.from(lists.flat()) };
        const s = normOrder(targets, rank);
        const exact = topK({ queries, targets, rank, k, seen });
        const at = (c: number) => normScanTopK({ queries, k, seen }, targets, rank, s, c);
        expect(Array.from(at(1).indices)).toEqual(Array.from(exact.indices));
        let before = new Set<string>();
        for (const c of [0.05, 0.3, 0.6, 0.9, 1]) {
          const got = at(c);
          const found = new Set<string>();
          for (let j = 0; j < 6; j++) {
            const want = new Set(exact.indices.subarray(j * k, j * k + k));
            for (const t of got.indices.subarray(j * k, j * k + k)) if (t >= 0 && want.has(t)) found.add(`${j}:${t}`);
          }
          for (const x of before) expect(found.has(x)).toBe(true);
          before = found;
        }
      }),
      { numRuns: 60 },
    );
  });
});
