import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { precisionAtK } from '../../src/eval/precision.js';
import { rankedCase } from './fixtures.js';

describe('precisionAtK', () => {
  it('divides the hits in the top k by k', () => {
    // [5, 1, 8] against {1, 8, 9}: hits 1 and 8 → 2/3 at k = 3, 1/2 at k = 2 (only 1 in the top 2).
    expect(precisionAtK([5, 1, 8], new Set([1, 8, 9]), 3)).toBeCloseTo(2 / 3, 12);
    expect(precisionAtK([5, 1, 8], new Set([1, 8, 9]), 2)).toBe(0.5);
  });

  it('still divides by k when k is larger than the list', () => {
    // Spark and recommenders: 2 hits in a 3-item list at k = 4 → 2/4.
    expect(precisionAtK([5, 1, 8], new Set([1, 8, 9]), 4)).toBe(0.5);
  });

  it('cannot reach 1 for a user with fewer than k relevant items', () => {
    // Both relevant items first, k = 5: 2/5.
    expect(precisionAtK([1, 2, 3, 4, 5], new Set([1, 2]), 5)).toBe(0.4);
  });

  it('is 0 for an empty relevant set or an empty list', () => {
    expect(precisionAtK([1, 2], new Set(), 2)).toBe(0);
    expect(precisionAtK([], new Set([1]), 2)).toBe(0);
  });

  it('times k equals the number of relevant items in the top k, and lies in [0, 1]', () => {
    fc.assert(
      fc.property(rankedCase, ({ ranked, relevant, k }) => {
        const hits = ranked.slice(0, k).filter((i) => relevant.has(i)).length;
        const p = precisionAtK(ranked, relevant, k);
        expect(p * k).toBeCloseTo(hits, 9);
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
      }),
    );
  });
});
