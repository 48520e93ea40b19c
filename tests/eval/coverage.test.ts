import { describe, expect, it } from 'vitest';
import { catalogCoverage, distributionalCoverage } from '../../src/eval/coverage.js';
import { recommendersRecommendations, recommendersTraining, tinyRecommendations, tinyTraining } from './fixtures.js';

const i32 = (a: number[]): Int32Array => Int32Array.from(a);

describe('catalogCoverage', () => {
  it('divides distinct recommended items by distinct training items', () => {
    // Tiny example: recommended {1, 2, 3, 0} of training items {0, 1, 2, 3} → 4/4.
    expect(catalogCoverage(tinyTraining, tinyRecommendations)).toBe(1);
    // Without user 1's item 0: {1, 2, 3} → 3/4.
    const reco = { users: i32([0, 0, 0, 1, 2]), items: i32([1, 2, 3, 3, 1]) };
    expect(catalogCoverage(tinyTraining, reco)).toBe(0.75);
  });

  it("matches recommenders' published 0.8 on its fixture", () => {
    // recommended {2, 4, 1, 0} of training items {0, 1, 2, 3, 4} → 4/5.
    expect(catalogCoverage(recommendersTraining, recommendersRecommendations)).toBe(0.8);
  });

  it('throws when training is empty', () => {
    const empty = { users: i32([]), items: i32([]), numUsers: 1, numItems: 2 };
    expect(() => catalogCoverage(empty, { users: i32([0]), items: i32([1]) })).toThrow(/training has no rows/);
  });
});

describe('distributionalCoverage', () => {
  it('is the entropy in bits of the recommended-item shares', () => {
    // Tiny example, 6 rows: items 1 and 3 twice (p = 1/3), 0 and 2 once (p = 1/6).
    // −Σ p log₂ p = (2/3) log₂ 3 + (1/3) log₂ 6 = log₂ 3 + 1/3.
    expect(distributionalCoverage(tinyTraining, tinyRecommendations)).toBeCloseTo(Math.log2(3) + 1 / 3, 12);
  });

  it("matches recommenders' published 1.9183 on its fixture", () => {
    // Items 2 and 0 once, 4 and 1 twice, over 6 rows: the same shares as above.
    expect(distributionalCoverage(recommendersTraining, recommendersRecommendations)).toBeCloseTo(1.9183, 4);
  });

  it('is 0 when every row recommends the same item and log₂ m for m equally shared items', () => {
    expect(distributionalCoverage(tinyTraining, { users: i32([0, 1]), items: i32([3, 3]) })).toBe(0);
    const even = { users: i32([0, 0, 1, 1]), items: i32([1, 2, 0, 3]) };
    expect(distributionalCoverage(tinyTraining, even)).toBeCloseTo(2, 12);
  });

  it('is 0 without recommendations', () => {
    expect(distributionalCoverage(tinyTraining, { users: i32([]), items: i32([]) })).toBe(0);
  });
});
