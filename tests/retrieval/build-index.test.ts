import { describe, expect, it } from 'vitest';
import { Random } from '../../src/data/random.js';
import { fromRows } from '../../src/data/interactions.js';
import { AUTO_METHOD, buildIndex, type IndexTargets } from '../../src/retrieval/build-index.js';
import { ExactIndex } from '../../src/retrieval/exact-index.js';
import { estimateExactScan } from '../../src/retrieval/scan-estimate.js';
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
    await expect(buildIndex(model, { method: 'annoy' as 'lsh' })).rejects.toThrow("method must be 'exact', 'norm-scan', 'ivf', 'lsh', 'hnsw' or 'auto', got \"annoy\"");
  });

  describe("'auto' (AUTO_METHOD): exact at every size, whatever the factors' shape", () => {
    // 30,000 items of rank 4 and 64 users along (1, 1, 0, 0) + noise
    const n = 30_000;
    const r = new Random(8);
    const users = Float32Array.from({ length: 64 * 4 }, (_, i) => (i % 4 < 2 ? 1 : 0) + 0.1 * r.nextGaussian());
    const tables = {
      // popularity-shaped: 50 items 100× longer than the rest and aligned with the users, so every
      // K-th score (~100·√2·cos) exceeds ‖q‖·‖y‖ of every short item: about 50 targets scored
      popular: Float32Array.from({ length: n * 4 }, (_, i) => (i < 200 ? 100 * (i % 4 < 2 ? 1 : 0.1) : r.nextGaussian() * 0.5)),
      // narrow norms: random directions of norm 1 ± 0.001; the K-th best cosine among 30,000 is
      // about 0.99, so s_K/‖q‖ lies under nearly every norm and nearly the whole table is scored
      narrow: unitRows(Float32Array.from({ length: n * 4 }, () => r.nextGaussian()), r),
    };
    // the Node side's HNSW builder, recording whether 'auto' asks for it
    const calls: string[] = [];
    const natives = { hnsw: async (t: IndexTargets) => (calls.push(`hnsw over ${t.rows.length / t.rank}`), new ExactIndex(t.rows, t.rank, t.metric, t.side, t.checksum, null)) };

    it('keeps exact where the norm stop comes early and where it scans nearly everything, HNSW available or not', async () => {
      expect(AUTO_METHOD).toBe('exact');
      const popular = modelOf(users, tables.popular, 4);
      const narrow = modelOf(users, tables.narrow, 4);
      expect(estimateExactScan(await buildIndex(popular, { method: 'exact' }), tables.popular, users, 4)).toBeLessThan(200);
      expect(estimateExactScan(await buildIndex(narrow, { method: 'exact' }), tables.narrow, users, 4)).toBeGreaterThan(0.99 * n);
      for (const m of [popular, narrow]) expect((await buildIndex(m, {}, natives)).method).toBe('exact');
      expect(calls).toEqual([]);
    });
  });
});

function unitRows(F: Float32Array, r: Random): Float32Array {
  for (let i = 0; i < F.length; i += 4) {
    const scale = (1 + 0.001 * r.nextGaussian()) / Math.hypot(F[i]!, F[i + 1]!, F[i + 2]!, F[i + 3]!);
    for (let a = 0; a < 4; a++) F[i + a]! *= scale;
  }
  return F;
}
