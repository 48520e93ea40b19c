import { describe, expect, it } from 'vitest';
import { Random } from '../../src/data/random.js';
import { fromRows } from '../../src/data/interactions.js';
import { AUTO_MARGIN, AUTO_MIN_TARGETS, AUTO_RECALL } from '../../src/retrieval/auto-method.js';
import { buildIndex, type IndexTargets } from '../../src/retrieval/build-index.js';
import type { IvfIndex } from '../../src/retrieval/ivf-index.js';
import { ExactIndex } from '../../src/retrieval/exact-index.js';
import { estimateExactScan } from '../../src/retrieval/scan-estimate.js';
import { factorChecksum } from '../../src/retrieval/factor-checksum.js';
import { clusteredDirections, clusteredFactors, modelOf, recallOf } from './fixtures.js';

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
    for (const method of ['exact', 'lsh', 'ivf'] as const) {
      // LSH with one 1-bit table probing both buckets, IVF probing all of its lists: every target a candidate
      const index = await buildIndex(model, { method, lsh: { tables: 1, bits: 1, probes: 1 }, ivf: { lists: 8, probes: 8 } });
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

  describe("'auto': chosen by measuring on the model's factors", () => {
    const n = AUTO_MIN_TARGETS + 20_000;
    const r = new Random(8);
    // 64 users along (1, 1, 0, 0) + noise
    const users = Float32Array.from({ length: 64 * 4 }, (_, i) => (i % 4 < 2 ? 1 : 0) + 0.1 * r.nextGaussian());
    // the Node side's HNSW builder, recording whether 'auto' asks for it (it must not)
    const calls: string[] = [];
    const natives = { hnsw: async (t: IndexTargets) => (calls.push(`hnsw over ${t.rows.length / t.rank}`), new ExactIndex(t.rows, t.rank, t.metric, t.side, t.checksum, null)) };

    it(`is exact below ${AUTO_MIN_TARGETS.toLocaleString('en')} targets, whatever their shape`, async () => {
      const narrow = modelOf(users, unitRows(Float32Array.from({ length: 30_000 * 4 }, () => r.nextGaussian()), r), 4);
      expect((await buildIndex(narrow, {}, natives)).method).toBe('exact');
    });

    it('is exact where the norm stop comes early (popularity-shaped factors)', async () => {
      // 50 items 100× longer than the rest and aligned with the users, so every K-th score
      // (~100·√2·cos) exceeds ‖q‖·‖y‖ of every short item: about 50 targets scored, ≪ n/16
      const popular = Float32Array.from({ length: n * 4 }, (_, i) => (i < 200 ? 100 * (i % 4 < 2 ? 1 : 0.1) : r.nextGaussian() * 0.5));
      const model = modelOf(users, popular, 4);
      expect(estimateExactScan(await buildIndex(model, { method: 'exact' }), popular, users, 4)).toBeLessThan(200);
      expect((await buildIndex(model, {}, natives)).method).toBe('exact');
    });

    it(`is IVF with the fewest probes reaching recall ${AUTO_RECALL} + ${AUTO_MARGIN} on the sample where the exact scan reads the whole table of clustered directions`, async () => {
      // 400 tight clusters of unit directions (nothing for the norm stop), users near random
      // cluster centres: the exact scan scores nearly everything, a few lists hold the answer
      const rank = 8;
      const { items, queries } = clusteredDirections(r, n, 200, rank);
      const model = modelOf(queries, items, rank);
      const exact = await buildIndex(model, { method: 'exact' });
      expect(estimateExactScan(exact, items, queries, rank)).toBeGreaterThan(n / 2);
      const auto = (await buildIndex(model, {}, natives)) as IvfIndex;
      expect(auto.method).toBe('ivf');
      const probes = auto.params.probes as number;
      expect(auto.params.lists).toBe(Math.round(Math.sqrt(n)));
      expect(auto.calibration!.recall).toBeGreaterThanOrEqual(AUTO_RECALL + AUTO_MARGIN);
      // the fewest: one probe less falls short on the calibration queries (all 200 here)
      const rows = Int32Array.from({ length: 200 }, (_, j) => j);
      const truth = exact.search({ queries, queryRows: rows, k: 10 });
      const recallWith = (p: number) => (auto.tune(p), recallOf(auto.search({ queries, queryRows: rows, k: 10 }), truth));
      expect(recallWith(probes)).toBe(auto.calibration!.recall);
      if (probes > 1) expect(recallWith(probes - 1)).toBeLessThan(AUTO_RECALL + AUTO_MARGIN);
      expect(calls).toEqual([]);
    });

    it('is exact where IVF would need most of its lists (isotropic directions in 64 dimensions)', async () => {
      // i.i.d. Gaussian rows: no cluster holds a query's neighbours, so recall 0.95 needs a large
      // share of the lists, more than half the exact scan's work
      const rank = 64;
      const items = Float32Array.from({ length: n * rank }, () => r.nextGaussian());
      const model = modelOf(Float32Array.from({ length: 64 * rank }, () => r.nextGaussian()), items, rank);
      expect((await buildIndex(model, {}, natives)).method).toBe('exact');
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

