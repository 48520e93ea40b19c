import { describe, expect, it } from 'vitest';
import { IdMap } from '../../src/data/id-map.js';
import { fromRows } from '../../src/data/interactions.js';
import { ContentRanker } from '../../src/fallback/content.js';
import { encodeItemFeatures } from '../../src/fallback/item-features.js';

// Items: a = Comedy, b = Comedy+Drama, c = Drama, d = Horror (one-hot genres).
// Unit rows: a (1,0,0), b (1,1,0)/√2, c (0,1,0), d (0,0,1).
const features = encodeItemFeatures(['a', 'b', 'c', 'd'], [{ name: 'genre', values: ['Comedy', 'Comedy|Drama', 'Drama', 'Horror'] }]);

describe('ContentRanker', () => {
  it('scores the weighted mean cosine to the history', () => {
    // History a (w 4), c (w 2): p = 4·(1,0,0) + 2·(0,1,0) = (4,2,0), Σ|w| = 6.
    // a: 4/6, b: (4 + 2)/√2/6 = 1/√2, c: 2/6, d: 0.
    const r = new ContentRanker(features);
    const s = r.scoreUsers(fromRows([{ user: 1, item: 'a', rating: 4 }, { user: 1, item: 'c', rating: 2 }]));
    expect(Array.from(s.scores).map((v) => +v.toFixed(5))).toEqual([+(4 / 6).toFixed(5), +Math.SQRT1_2.toFixed(5), +(2 / 6).toFixed(5), 0]);
    expect(Array.from(s.counts)).toEqual([2]);
  });

  it('scores items without features 0 and ignores history items without features', () => {
    const r = new ContentRanker(features, { itemIds: IdMap.from(['a', 'new']) });
    const s = r.scoreUsers(fromRows([{ user: 1, item: 'a', rating: 1 }, { user: 1, item: 'zz', rating: 1 }]));
    expect(Array.from(s.scores)).toEqual([1, 0]);
    expect(Array.from(s.counts)).toEqual([1]);
  });

  it('gives a user whose history has no features zeros', () => {
    const s = new ContentRanker(features).scoreUsers(fromRows([{ user: 1, item: 'zz', rating: 1 }]));
    expect(Array.from(s.scores)).toEqual([0, 0, 0, 0]);
  });
});
