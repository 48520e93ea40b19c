import { describe, expect, it } from 'vitest';
import { ALS } from '../../src/als/als.js';
import { fromRows } from '../../src/data/interactions.js';
import { plantedLowRank } from '../../src/data/synthetic-low-rank.js';
import { FoldInRanker } from '../../src/fallback/cf-ranker.js';
import { recommendWith } from '../../src/fallback/ranker.js';

describe('FoldInRanker', () => {
  const { data } = plantedLowRank({ numUsers: 30, numItems: 20, rank: 2, density: 0.5, noise: 0.1, seed: 9 });
  const model = new ALS({ rank: 3, maxIter: 5, kernels: 'ts' }).fitSync(data);

  it('gives the training users the same lists as the model', () => {
    const a = model.recommendForUserSubset([1, 2, 3], 5, { exclude: data }).toRows();
    const b = recommendWith(new FoldInRanker(model), data, 5).toRows().slice(0, 3);
    expect(b.map((r) => r.user)).toEqual([1, 2, 3]);
    for (let j = 0; j < 3; j++) {
      const items = (r: (typeof a)[number]) => (r.recommendations as { item: number }[]).map((x) => x.item);
      expect(items(b[j]!)).toEqual(items(a[j]!));
    }
  });

  it('scores a user with no known item 0 everywhere (count 0)', () => {
    const s = new FoldInRanker(model).scoreUsers(fromRows([{ user: 'new', item: 999, rating: 1 }]));
    expect(Array.from(s.counts)).toEqual([0]);
    expect(s.scores.every((v) => v === 0)).toBe(true);
  });
});
