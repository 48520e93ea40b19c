import { describe, expect, it } from 'vitest';
import { IdMap } from '../../src/data/id-map.js';
import { fromRows, type Interactions } from '../../src/data/interactions.js';
import { historyUsers, recommendWith, standardizeRows, type Ranker } from '../../src/fallback/ranker.js';

/** A ranker whose scores are fixed per item: a 1, b 3, c 2, d 3. */
const fixed: Ranker = {
  name: 'fixed',
  itemIds: IdMap.from(['a', 'b', 'c', 'd']),
  scoreUsers(h: Interactions) {
    const { users } = historyUsers(h);
    const scores = new Float32Array(users.size * 4);
    for (let u = 0; u < users.size; u++) scores.set([1, 3, 2, 3], u * 4);
    return { users, scores, counts: new Float64Array(users.size) };
  },
};

describe('recommendWith', () => {
  const h = fromRows([{ user: 'x', item: 'b', rating: 1 }, { user: 'y', item: 'zz', rating: 1 }]);

  it('ranks by score, ties to the lower catalogue index, leaving out each user’s own items', () => {
    const recs = recommendWith(fixed, h, 3);
    expect(recs.toRows()).toEqual([
      { user: 'x', recommendations: [{ item: 'd', rating: 3 }, { item: 'c', rating: 2 }, { item: 'a', rating: 1 }] },
      { user: 'y', recommendations: [{ item: 'b', rating: 3 }, { item: 'd', rating: 3 }, { item: 'c', rating: 2 }] },
    ]);
  });

  it("keeps seen items with exclude 'none' and pads short lists", () => {
    const recs = recommendWith(fixed, h, 6, { exclude: 'none' });
    expect(Array.from(recs.list(0))).toEqual([1, 3, 2, 0]);
  });

  it('rejects k < 1', () => {
    expect(() => recommendWith(fixed, h, 0)).toThrow(/k must be an integer >= 1, got 0/);
  });
});

describe('historyUsers', () => {
  it('lists the users with rows in dense-index order', () => {
    const h = fromRows([{ user: 5, item: 1, rating: 1 }, { user: 3, item: 1, rating: 1 }, { user: 5, item: 2, rating: 1 }]);
    const { users, rowOf } = historyUsers(h);
    expect(users.ids()).toEqual([5, 3]);
    expect(Array.from(rowOf)).toEqual([0, 1]);
  });
});

describe('standardizeRows', () => {
  it('gives each row mean 0 and variance 1, and a constant row zeros', () => {
    const s = Float32Array.of(1, 2, 3, 7, 7, 7);
    standardizeRows(s, 2, 3);
    // row 1: mean 2, sd sqrt(2/3) → (−1, 0, 1)/0.8165
    expect(Array.from(s.subarray(0, 3)).map((v) => +v.toFixed(4))).toEqual([-1.2247, 0, 1.2247]);
    expect(Array.from(s.subarray(3))).toEqual([0, 0, 0]);
  });
});
