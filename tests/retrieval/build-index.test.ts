import { describe, expect, it } from 'vitest';
import { Random } from '../../src/data/random.js';
import { fromRows } from '../../src/data/interactions.js';
import { buildIndex } from '../../src/retrieval/build-index.js';
import { factorChecksum } from '../../src/retrieval/factor-checksum.js';
import { clusteredFactors, modelOf } from './fixtures.js';

describe('buildIndex', () => {
  const rng = new Random(2);
  const rank = 8;
  const model = modelOf(clusteredFactors(rng, 50, rank), clusteredFactors(rng, 600, rank), rank);

  it("chooses 'exact' for a small catalogue under 'auto', tied to the item factors by their checksum", async () => {
    const index = await buildIndex(model);
    expect([index.method, index.metric, index.side, index.size]).toEqual(['exact', 'ip', 'item', 600]);
    expect(index.checksum).toBe(factorChecksum(model.itemFactors, rank));
  });

  it('serves recommendations with the same lists as the exact top-K, seen items excluded', async () => {
    const train = fromRows([
      { user: 1, item: 5, rating: 1 },
      { user: 2, item: 7, rating: 1 },
    ]);
    const want = model.recommendForAllUsers(10, { exclude: train });
    for (const method of ['exact', 'lsh'] as const) {
      const index = await buildIndex(model, { method, lsh: { tables: 1, bits: 1, probes: 1 } });
      const got = model.recommendForAllUsers(10, { exclude: train, index });
      expect(Array.from(got.indices), method).toEqual(Array.from(want.indices));
      const gotAsync = await model.recommendForUserSubsetAsync([2, 1], 10, { exclude: train, index });
      const wantSubset = model.recommendForUserSubset([2, 1], 10, { exclude: train });
      expect(Array.from(gotAsync.indices), method).toEqual(Array.from(wantSubset.indices));
      // scores: WASM sums in float32, the re-ranking in float64
      gotAsync.scores.forEach((s, j) => expect(s).toBeCloseTo(wantSubset.scores[j]!, 4));
    }
  });

  it('serves similar items from a cosine index, and users from a user index', async () => {
    const items = await buildIndex(model, { method: 'exact', metric: 'cosine' });
    expect(model.similarItems([3, 9], 5, { index: items, exclude: [4] }).toRows()).toEqual(model.similarItems([3, 9], 5, { exclude: [4] }).toRows());
    const users = await buildIndex(model, { method: 'lsh', metric: 'cosine', side: 'user', lsh: { tables: 1, bits: 1, probes: 1 } });
    expect(model.similarUsers([1], 3, { index: users }).toRows()).toEqual(model.similarUsers([1], 3).toRows());
  });

  it('refuses an index of the wrong side or metric, and hnsw without the Node side, saying what to build', async () => {
    const cosine = await buildIndex(model, { method: 'exact', metric: 'cosine' });
    expect(() => model.recommendForAllUsers(3, { index: cosine })).toThrow(
      "this call needs an index of item factors by ip (600 × 8), got one of items by cosine (600 × 8); build it with buildIndex(model, { side: 'item', metric: 'ip' })",
    );
    await expect(buildIndex(model, { method: 'hnsw' })).rejects.toThrow("import { buildIndex } from 'alsrec/node'");
    await expect(buildIndex(model, { method: 'annoy' as 'lsh' })).rejects.toThrow("method must be 'exact', 'norm-scan', 'lsh', 'hnsw' or 'auto', got \"annoy\"");
  });
});
