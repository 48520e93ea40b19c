import { describe, expect, it } from 'vitest';
import {
  relevanceFromTest,
  serendipity,
  userItemSerendipity,
  userSerendipity,
} from '../../src/eval/serendipity.js';
import { recommendersRecommendations, recommendersTraining, tinyRecommendations, tinyTraining } from './fixtures.js';

const s = Math.SQRT1_2;
const i32 = (a: number[]): Int32Array => Int32Array.from(a);

// Tiny example, relevance 1 everywhere (recommenders' default), per row (1 − mean_{j ∈ train_u} sim(i, j)):
//   user 0, train {0}:       item 1: sim(1,0) = 0 → 1;  item 2: sim(2,0) = 1/2 → 1/2;  item 3: 1/√2 → 1 − 1/√2
//   user 1, train {1, 2}:    item 0: (0 + 1/2)/2 → 3/4;  item 3: (0 + 1/√2)/2 → 1 − 1/(2√2)
//   user 2, train {0, 2, 3}: item 1: (0 + 1/√2 + 0)/3 → 1 − 1/(3√2)
const rows = [1, 0.5, 1 - s, 0.75, 1 - s / 2, 1 - s / 3];
const users = [(rows[0]! + rows[1]! + rows[2]!) / 3, (rows[3]! + rows[4]!) / 2, rows[5]!];

describe('serendipity', () => {
  it('scores each row by how unlike the user’s training items it is', () => {
    const v = userItemSerendipity(tinyTraining, tinyRecommendations);
    rows.forEach((x, r) => expect(v[r]).toBeCloseTo(x, 12));
  });

  it('averages rows per user, then users', () => {
    const u = userSerendipity(tinyTraining, tinyRecommendations);
    users.forEach((x, j) => expect(u[j]).toBeCloseTo(x, 12));
    const mean = (users[0]! + users[1]! + users[2]!) / 3;
    expect(serendipity(tinyTraining, tinyRecommendations)).toBeCloseTo(mean, 12);
  });

  it('multiplies by the relevance of each row', () => {
    // Relevance [0,1,0, 0,1, 1]: user 0 (0 + 1/2 + 0)/3 = 1/6; user 1 (0 + 1 − 1/(2√2))/2; user 2 as before.
    const reco = { ...tinyRecommendations, relevance: [0, 1, 0, 0, 1, 1] };
    const expected = (1 / 6 + (1 - s / 2) / 2 + (1 - s / 3)) / 3;
    expect(serendipity(tinyTraining, reco)).toBeCloseTo(expected, 12);
  });

  it('leaves out users without training items', () => {
    // User 1 has no training row: only user 0's item 1 (sim(1, 0) = 0 → 1) counts.
    const training = { users: i32([0]), items: i32([0]), numUsers: 2, numItems: 2 };
    const reco = { users: i32([0, 1]), items: i32([1, 1]) };
    expect(userItemSerendipity(training, reco)[1]).toBeNaN();
    expect(serendipity(training, reco)).toBe(1);
  });

  it("matches recommenders' published per-row, per-user and overall values on its fixture", () => {
    // e.g. user 0 (train {0, 1, 3}) item 2: sims 0, 0, 2/√6 → 1 − (2/√6)/3 ≈ 0.72783; its item 4 has relevance 0.
    const v = userItemSerendipity(recommendersTraining, recommendersRecommendations);
    expect([...v].map((x) => +x.toFixed(5))).toEqual([0.72783, 0, 0.71132, 0.35777, 0.80755, 0]);
    const u = userSerendipity(recommendersTraining, recommendersRecommendations);
    [0.363915, 0.53455, 0.403775].forEach((x, j) => expect(u[j]).toBeCloseTo(x, 5));
    expect(serendipity(recommendersTraining, recommendersRecommendations)).toBeCloseTo(0.43408, 5);
  });
});

describe('relevanceFromTest', () => {
  it('marks the recommendation rows that are test pairs with 1, the others with 0', () => {
    const test = { users: i32([1, 0, 2]), items: i32([3, 2, 1]), numUsers: 3, numItems: 4 };
    expect([...relevanceFromTest(tinyRecommendations, test)]).toEqual([0, 1, 0, 0, 1, 1]);
  });

  it('rejects recommendations outside the test sizes', () => {
    const test = { users: i32([0]), items: i32([0]), numUsers: 1, numItems: 4 };
    expect(() => relevanceFromTest(tinyRecommendations, test)).toThrow(
      /recommendation row 3 has user index 1, outside 0..0/,
    );
  });
});
