import { describe, expect, it } from 'vitest';
import { IdMap } from '../../src/data/id-map.js';
import { fromRows } from '../../src/data/interactions.js';
import { encodeItemFeatures } from '../../src/fallback/item-features.js';
import type { Ranker } from '../../src/fallback/ranker.js';
import { HybridRankers, rankWith } from '../../src/serve/hybrid-lists.js';
import { ModelSlot } from '../../src/serve/model-slot.js';
import { handModel, ITEMS } from './fixtures.js';

// a ranker with fixed scores over items 10…50: 10:0.1 20:0.9 30:0.5 40:0.7 50:0.3 → order 20 40 30 50 10
const fixed: Ranker = {
  name: 'fixed',
  itemIds: IdMap.from(ITEMS),
  scoreUsers: () => ({ users: IdMap.from(['u']), scores: Float32Array.of(0.1, 0.9, 0.5, 0.7, 0.3), counts: Float64Array.of(1) }),
};
const history = fromRows([{ user: 'u', item: 10, rating: 1 }]);

describe('rankWith', () => {
  it('lists the ranker’s top k in score order, the seen rows left out and the next ones taken instead', () => {
    expect(rankWith(fixed, history, 3, [])).toEqual({ rows: Int32Array.of(1, 3, 2), scores: Float32Array.of(0.9, 0.7, 0.5) });
    // rows 1 (item 20) and 2 (item 30) seen: 40 50 10 remain
    expect(rankWith(fixed, history, 3, [1, 2])).toEqual({ rows: Int32Array.of(3, 4, 0), scores: Float32Array.of(0.7, 0.3, 0.1) });
  });
});

describe('HybridRankers', () => {
  it('gives none without item features, and one hybrid ranker per model slot', async () => {
    const features = encodeItemFeatures(ITEMS, [{ name: 'genre', values: ['a', 'a', 'b', 'b', 'b'] }]);
    const a = await ModelSlot.fromModel(handModel(), 'a', { cacheK: 0 });
    const b = await ModelSlot.fromModel(handModel(true), 'b', { cacheK: 0 });
    const rankers = new HybridRankers();
    expect(rankers.of(a, null)).toBeNull();
    const r = rankers.of(a, features);
    expect(r?.name).toMatch(/^hybrid/);
    expect(rankers.of(a, features)).toBe(r);
    expect(rankers.of(b, features)).not.toBe(r);
  });
});
