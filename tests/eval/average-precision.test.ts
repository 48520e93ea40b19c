import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averagePrecision, averagePrecisionAtK } from '../../src/eval/average-precision.js';
import { rankedCase } from './fixtures.js';

describe('averagePrecision and averagePrecisionAtK', () => {
  const ranked = [5, 1, 8, 2];
  const relevant = new Set([1, 2, 9]);

  it('sum the precision at each hit and divide by |G| or by min(|G|, k)', () => {
    // k = 4: hits at ranks 2 and 4 → S = 1/2 + 2/4 = 1; |G| = 3, min(3, 4) = 3 → both 1/3.
    expect(averagePrecision(ranked, relevant, 4)).toBeCloseTo(1 / 3, 12);
    expect(averagePrecisionAtK(ranked, relevant, 4)).toBeCloseTo(1 / 3, 12);
  });

  it('differ when k is below |G|', () => {
    // k = 2: one hit at rank 2 → S = 1/2; map = (1/2)/3 = 1/6, map@k = (1/2)/min(3, 2) = 1/4.
    expect(averagePrecision(ranked, relevant, 2)).toBeCloseTo(1 / 6, 12);
    expect(averagePrecisionAtK(ranked, relevant, 2)).toBeCloseTo(1 / 4, 12);
  });

  it('score the top k only, even for the |G|-normalised version', () => {
    // k = 1: no hit at rank 1 → 0, although items 1 and 2 come later.
    expect(averagePrecision(ranked, relevant, 1)).toBe(0);
  });

  it('are 0 for an empty relevant set', () => {
    expect(averagePrecision([1], new Set(), 3)).toBe(0);
    expect(averagePrecisionAtK([1], new Set(), 3)).toBe(0);
  });

  it('keep mapAtK ≥ map, both in [0, 1]', () => {
    fc.assert(
      fc.property(rankedCase, ({ ranked, relevant, k }) => {
        const ap = averagePrecision(ranked, relevant, k);
        const apk = averagePrecisionAtK(ranked, relevant, k);
        expect(apk).toBeGreaterThanOrEqual(ap);
        expect(ap).toBeGreaterThanOrEqual(0);
        expect(apk).toBeLessThanOrEqual(1 + 1e-12);
      }),
    );
  });

  it('give map@k = 1 and map = min(|G|, k)/|G| when the list starts with all relevant items', () => {
    fc.assert(
      fc.property(rankedCase, ({ ranked, relevant, k }) => {
        fc.pre(relevant.size > 0);
        const list = [...relevant, ...ranked.filter((i) => !relevant.has(i))];
        expect(averagePrecisionAtK(list, relevant, k)).toBeCloseTo(1, 12);
        expect(averagePrecision(list, relevant, k)).toBeCloseTo(Math.min(relevant.size, k) / relevant.size, 12);
      }),
    );
  });
});
