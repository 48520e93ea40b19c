import { describe, expect, it } from 'vitest';
import { IdMap } from '../../src/data/id-map.js';
import { fromRows } from '../../src/data/interactions.js';
import { PopularityRanker } from '../../src/fallback/popularity.js';
import { recommendWith } from '../../src/fallback/ranker.js';

const data = fromRows([
  { user: 1, item: 'a', rating: 5, timestamp: 0 },
  { user: 2, item: 'a', rating: 1, timestamp: 0 },
  { user: 3, item: 'a', rating: 1, timestamp: 0 },
  { user: 1, item: 'b', rating: 10, timestamp: 100 },
  { user: 2, item: 'b', rating: 1, timestamp: 100 },
]);

describe('PopularityRanker', () => {
  it('counts rows per item (a 3, b 2)', () => {
    expect(Array.from(new PopularityRanker(data).popularity)).toEqual([3, 2]);
  });

  it("weights rows by |rating| with weighting 'confidence' (a 7, b 11)", () => {
    expect(Array.from(new PopularityRanker(data, { weighting: 'confidence' }).popularity)).toEqual([7, 11]);
  });

  it('trending: halves a row’s weight per half-life before the newest event (a 3·2⁻² = 0.75, b 2)', () => {
    const p = new PopularityRanker(data, { halfLife: 50 });
    expect(p.name).toBe('trending');
    expect(Array.from(p.popularity)).toEqual([0.75, 2]);
  });

  it('scores a catalogue it is given, items without rows at 0, and ranks them for anyone', () => {
    const p = new PopularityRanker(data, { itemIds: IdMap.from(['c', 'b', 'a']) });
    expect(Array.from(p.popularity)).toEqual([0, 2, 3]);
    const recs = recommendWith(p, fromRows([{ user: 'new', item: 'a', rating: 1 }]), 2);
    expect(recs.toRows()).toEqual([{ user: 'new', recommendations: [{ item: 'b', rating: 2 }, { item: 'c', rating: 0 }] }]);
  });

  it('says what is wrong with a bad half-life or missing timestamps', () => {
    expect(() => new PopularityRanker(data, { halfLife: -1 })).toThrow(/halfLife must be a positive number.*got -1/);
    expect(() => new PopularityRanker(fromRows([{ user: 1, item: 2, rating: 1 }]), { halfLife: 5 })).toThrow(/needs timestamps/);
  });
});

describe('PopularityRanker.fromCounts', () => {
  it('ranks by totals known already (a model’s itemCounts)', () => {
    const p = PopularityRanker.fromCounts(IdMap.from(['x', 'y', 'z']), [2, 9, 4]);
    expect(Array.from(p.popularity)).toEqual([2, 9, 4]);
    expect(Array.from(recommendWith(p, fromRows([{ user: 1, item: 'q', rating: 1 }]), 3).list(0))).toEqual([1, 2, 0]);
  });
});
