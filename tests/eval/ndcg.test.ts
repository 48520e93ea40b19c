import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ndcgAtK } from '../../src/eval/ndcg.js';
import { rankedCase } from './fixtures.js';

describe('ndcgAtK', () => {
  it('divides the discounted hits by the ideal ordering', () => {
    // Hits at ranks 1 and 3, 2 relevant items: DCG = 1 + 1/log₂4, IDCG = 1 + 1/log₂3.
    const expected = (1 + 1 / Math.log2(4)) / (1 + 1 / Math.log2(3));
    expect(ndcgAtK([10, 11, 12], new Set([10, 12]), 3)).toBeCloseTo(expected, 12);
    expect(expected).toBeCloseTo(0.91972, 5);
  });

  it('takes the ideal from min(|G|, k) hits, so extra relevant items beyond k do not lower it', () => {
    // 5 relevant, k = 2, hit at rank 2 only: DCG = 1/log₂3, IDCG = 1 + 1/log₂3.
    const expected = 1 / Math.log2(3) / (1 + 1 / Math.log2(3));
    expect(ndcgAtK([0, 1, 2], new Set([1, 2, 3, 4, 5]), 2)).toBeCloseTo(expected, 12);
  });

  it('takes the ideal from min(|G|, k), not from the list length, when k is larger than the list', () => {
    // A 1-item list, a hit; 3 relevant in all, k = 5: DCG = 1, IDCG = 1 + 1/log₂3 + 1/log₂4.
    const expected = 1 / (1 + 1 / Math.log2(3) + 0.5);
    expect(ndcgAtK([4], new Set([4, 5, 6]), 5)).toBeCloseTo(expected, 12);
  });

  it('is unchanged whichever way a tie between two relevant (or two irrelevant) items is broken', () => {
    const g = new Set([1, 2]);
    expect(ndcgAtK([1, 2, 8, 9], g, 4)).toBe(ndcgAtK([2, 1, 9, 8], g, 4));
  });

  it('is 0 for an empty relevant set and for a list without hits', () => {
    expect(ndcgAtK([1, 2], new Set(), 2)).toBe(0);
    expect(ndcgAtK([1, 2], new Set([3]), 2)).toBe(0);
  });

  it('is 1 whenever the list starts with all relevant items (or k of them)', () => {
    fc.assert(
      fc.property(rankedCase, ({ ranked, relevant, k }) => {
        fc.pre(relevant.size > 0);
        const list = [...relevant, ...ranked.filter((i) => !relevant.has(i))];
        expect(ndcgAtK(list, relevant, k)).toBeCloseTo(1, 12);
      }),
    );
  });

  it('lies in [0, 1]', () => {
    fc.assert(
      fc.property(rankedCase, ({ ranked, relevant, k }) => {
        const v = ndcgAtK(ranked, relevant, k);
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1 + 1e-12);
      }),
    );
  });
});
