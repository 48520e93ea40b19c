import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { kFoldAssignment } from '../../src/tuning/k-fold.js';

describe('kFoldAssignment', () => {
  it('deals the rows into k folds that partition them, sizes within one of n/k', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 0, max: 300 }), fc.integer(), (k, extra, seed) => {
        const n = k + extra;
        const fold = kFoldAssignment(n, k, seed);
        expect(fold).toHaveLength(n); // every row has exactly one fold…
        const sizes = new Array<number>(k).fill(0);
        for (const f of fold) {
          expect(f).toBeGreaterThanOrEqual(0); // …and it is one of 0..k-1
          expect(f).toBeLessThan(k);
          sizes[f]!++;
        }
        expect(Math.min(...sizes)).toBeGreaterThanOrEqual(1);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('is a function of the seed: same seed same folds, another seed (almost surely) other folds', () => {
    expect(kFoldAssignment(100, 5, 7)).toEqual(kFoldAssignment(100, 5, 7));
    expect(kFoldAssignment(100, 5, 7)).not.toEqual(kFoldAssignment(100, 5, 8));
  });

  it('cuts at round(n·j/k): 10 rows in 3 folds are 3, 4, 3', () => {
    // round(10/3) = 3, round(20/3) = 7 → [0,3), [3,7), [7,10)
    const sizes = [0, 0, 0];
    for (const f of kFoldAssignment(10, 3, 1)) sizes[f]!++;
    expect(sizes).toEqual([3, 4, 3]);
  });

  it('rejects fewer than 2 folds and more folds than rows', () => {
    expect(() => kFoldAssignment(10, 1, 0)).toThrow(/number of folds must be an integer >= 2, got 1/);
    expect(() => kFoldAssignment(3, 5, 0)).toThrow(/3 rows cannot make 5 non-empty folds/);
  });
});
