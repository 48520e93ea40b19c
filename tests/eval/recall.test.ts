import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recallAtK } from '../../src/eval/recall.js';
import { rankedCase } from './fixtures.js';

describe('recallAtK', () => {
  it('divides the hits in the top k by the number of relevant items', () => {
    // [5, 1, 8] against {1, 8, 9}: 2 of 3 relevant items found → 2/3; at k = 2 only 1 → 1/3.
    expect(recallAtK([5, 1, 8], new Set([1, 8, 9]), 4)).toBeCloseTo(2 / 3, 12);
    expect(recallAtK([5, 1, 8], new Set([1, 8, 9]), 2)).toBeCloseTo(1 / 3, 12);
  });

  it('is 1 when every relevant item is in the top k, even with k larger than the list', () => {
    expect(recallAtK([3, 7], new Set([7, 3]), 10)).toBe(1);
  });

  it('is 0 for an empty relevant set', () => {
    expect(recallAtK([1, 2], new Set(), 2)).toBe(0);
  });

  it('lies in [0, 1] and never falls as k grows', () => {
    fc.assert(
      fc.property(rankedCase, ({ ranked, relevant, k }) => {
        const r = recallAtK(ranked, relevant, k);
        expect(r).toBeGreaterThanOrEqual(0);
        expect(r).toBeLessThanOrEqual(1);
        expect(recallAtK(ranked, relevant, k + 1)).toBeGreaterThanOrEqual(r);
      }),
    );
  });
});
