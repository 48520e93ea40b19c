import { describe, expect, it } from 'vitest';
import { diversity, userDiversity } from '../../src/eval/diversity.js';
import { recommendersRecommendations, recommendersTraining, tinyRecommendations, tinyTraining } from './fixtures.js';

const s = Math.SQRT1_2;

describe('diversity', () => {
  it('is one minus the mean pairwise similarity of each list, NaN for a single-item list', () => {
    // user 0 [1, 2, 3]: sim(1,2) = 1/√2, sim(1,3) = 0, sim(2,3) = 1/√2 → 1 − (2/√2)/3 = 1 − √2/3
    // user 1 [0, 3]: sim(0,3) = 1/√2 → 1 − 1/√2;  user 2 [1]: no pair → NaN
    const d = userDiversity(tinyTraining, tinyRecommendations);
    expect(d[0]).toBeCloseTo(1 - Math.SQRT2 / 3, 12);
    expect(d[1]).toBeCloseTo(1 - s, 12);
    expect(d[2]).toBeNaN();
  });

  it('averages per user over users with two or more items, not over pooled pairs', () => {
    // ((1 − √2/3) + (1 − 1/√2)) / 2 ≈ 0.41074; pooling the 4 pairs would give 1 − (3/√2)/4 ≈ 0.46967.
    expect(diversity(tinyTraining, tinyRecommendations)).toBeCloseTo((2 - Math.SQRT2 / 3 - s) / 2, 12);
  });

  it("matches recommenders' published user diversities and 0.43096 on its fixture", () => {
    // user 0 [2, 4]: U_2 = {1, 2}, U_4 = {2} → 1/√2 → 0.29289; user 1 [1, 4]: no shared user → 1;
    // user 2 [0, 1]: U_0 = U_1 = {0} → 1 → 0.  Mean (0.29289 + 1 + 0)/3 = 0.43096.
    const d = userDiversity(recommendersTraining, recommendersRecommendations);
    expect([...d].map((v) => +v.toFixed(5))).toEqual([0.29289, 1, 0]);
    expect(diversity(recommendersTraining, recommendersRecommendations)).toBeCloseTo(0.43096, 5);
  });

  it('is NaN when no user has two recommendations', () => {
    const reco = { users: Int32Array.from([2]), items: Int32Array.from([1]) };
    expect(diversity(tinyTraining, reco)).toBeNaN();
  });
});
