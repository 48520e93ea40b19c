import { describe, expect, it } from 'vitest';
import { itemNovelty, novelty } from '../../src/eval/novelty.js';
import { recommendersRecommendations, recommendersTraining, tinyRecommendations, tinyTraining } from './fixtures.js';

const i32 = (a: number[]): Int32Array => Int32Array.from(a);

describe('itemNovelty', () => {
  it('is −log₂ of the share of training rows each item has', () => {
    // Tiny example, 6 rows: items 0 and 2 twice → log₂ 3; items 1 and 3 once → log₂ 6.
    const nov = itemNovelty(tinyTraining.items, 4);
    expect(nov[0]).toBeCloseTo(Math.log2(3), 12);
    expect(nov[1]).toBeCloseTo(Math.log2(6), 12);
    expect(nov[2]).toBeCloseTo(Math.log2(3), 12);
    expect(nov[3]).toBeCloseTo(Math.log2(6), 12);
  });

  it("matches recommenders' published item novelties, 0 for an item in every row and NaN for an unseen one", () => {
    // 8 rows; counts 1, 1, 2, 3, 1 → log₂ 8 = 3, 3, log₂ 4 = 2, log₂(8/3) ≈ 1.41504, 3.
    expect([...itemNovelty(recommendersTraining.items, 5)].map((v) => +v.toFixed(5))).toEqual([3, 3, 2, 1.41504, 3]);
    const nov = itemNovelty(i32([2, 2]), 3);
    expect(nov[2]).toBe(0);
    expect(nov[0]).toBeNaN();
  });
});

describe('novelty', () => {
  it('averages item novelty over recommendation rows', () => {
    // Tiny example: rows recommend 1, 2, 3, 0, 3, 1 → (4·log₂ 6 + 2·log₂ 3)/6 = 2/3 + log₂ 3.
    expect(novelty(tinyTraining, tinyRecommendations)).toBeCloseTo(2 / 3 + Math.log2(3), 12);
  });

  it("matches recommenders' published 2.83333 on its fixture", () => {
    // Rows recommend 2, 4, 1, 4, 0, 1 → (2 + 3 + 3 + 3 + 3 + 3)/6 = 17/6.
    expect(novelty(recommendersTraining, recommendersRecommendations)).toBeCloseTo(17 / 6, 12);
  });

  it('counts a recommended item never seen in training as 0 in the sum but 1 in the rows', () => {
    // Training: user 0 item 0 (novelty 0, the only item). Rows: item 0 for user 1, item 1 (unseen) for user 1 → 0/2.
    const training = { users: i32([0]), items: i32([0]), numUsers: 2, numItems: 2 };
    expect(novelty(training, { users: i32([1, 1]), items: i32([0, 1]) })).toBe(0);
  });
});
