import { cp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromRows } from '../../src/data/interactions.js';
import type { EventStore } from '../../src/serve/event-store.js';
import { Recommender } from '../../src/serve/recommender.js';
import { SqliteStore } from '../../src/serve/sqlite-store.js';
import { openStore } from '../../src/serve/open-store.js';
import { encodeItemFeatures } from '../../src/fallback/item-features.js';
import { ridgeItemFactors } from '../../src/fallback/ridge-item-factors.js';
import { handModel, ITEMS, modelRoot } from './fixtures.js';

// Scores of the hand models are in fixtures.ts: under m1 user 1 ranks 10 20 30 40 50, user 2 the reverse.
describe('Recommender', () => {
  let fx: Awaited<ReturnType<typeof modelRoot>>;
  beforeAll(async () => {
    fx = await modelRoot();
  });
  afterAll(async () => fx.cleanup());

  let n = 0;
  async function open(opts: { train?: boolean; store?: EventStore; cacheK?: number } = {}) {
    const store = opts.store ?? new SqliteStore(join(fx.root, `events-${n++}.db`));
    const train = opts.train ? fromRows([{ user: 1, item: 10, rating: 5 }]) : null;
    return Recommender.open(fx.m1, { modelRoot: fx.root, store, train, cacheK: opts.cacheK ?? 4 });
  }
  const items = (r: { items: { item: string }[] }) => r.items.map((x) => x.item);

  it('answers a known user from the cache once it is built, with ids as strings and the exact scores', async () => {
    const rec = await open();
    await rec.whenReady();
    const r = await rec.recommend('1', { k: 3 });
    expect(r.source).toBe('cf-cached');
    expect(r.user).toBe('1');
    expect(r.items).toEqual([{ item: '10', score: 5 }, { item: '20', score: 4 }, { item: '30', score: 3 }]);
    expect(r.modelVersion).toMatch(/^m1-[0-9a-f]{12}$/);
    expect(r.requestId).toMatch(/^[0-9a-f]{16}-cf-cached$/);
    expect(rec.readiness()).toMatchObject({ ready: true, cachedUsers: 2, users: 2, liveIndex: 'exact' }); // 'auto' below 100,000 items
    await rec.close();
  });

  it('leaves out training pairs, and computes the list when k exceeds the cached length', async () => {
    const rec = await open({ train: true });
    await rec.whenReady();
    expect(items(await rec.recommend('1', { k: 2 }))).toEqual(['20', '30']);
    const long = await rec.recommend('1', { k: 5 });
    expect(long.source).toBe('cf-computed');
    expect(items(long)).toEqual(['20', '30', '40', '50']); // only 4 unseen items exist
    expect(items(await rec.recommend('1', { k: 2, exclude: 'none' }))).toEqual(['10', '20']);
    await rec.close();
  });

  it('drops an item the user clicked from the next response (the store is read on every request)', async () => {
    const rec = await open();
    await rec.whenReady();
    expect(items(await rec.recommend('2', { k: 2 }))).toEqual(['50', '40']);
    await rec.ingest([{ user: '2', item: '50', type: 'click' }]);
    const after = await rec.recommend('2', { k: 2 });
    expect(items(after)).toEqual(['40', '30']);
    expect(after.source).toBe('cf-cached');
    // an impression alone does not mark an item as seen
    await rec.ingest([{ user: '2', item: '40', type: 'impression' }]);
    expect(items(await rec.recommend('2', { k: 2 }))).toEqual(['40', '30']);
    // three clicks leave fewer than k cached items: computed from the factors instead
    await rec.ingest([{ user: '2', item: '40', type: 'click' }, { user: '2', item: '30', type: 'click' }]);
    const r = await rec.recommend('2', { k: 2 });
    expect([r.source, items(r)]).toEqual(['cf-computed', ['20', '10']]);
    await rec.close();
  });

  it("stores a 'complete' event as 'completion' and folds it in through a weights file that names either", async () => {
    // explicit hand model, one event on item 50 = [1, 4] weighted 3 × 1: the folded-in user points
    // along [1, 4], so 40 = [2, 3] (14) beats 30 = [3, 2] (11); 50 itself is left out as touched
    const rec = await Recommender.open(fx.m1, { modelRoot: fx.root, store: new SqliteStore(join(fx.root, `events-${n++}.db`)), cacheK: 4, weights: { click: 1, complete: { weight: 3, times: 'value' } } });
    await rec.ingest([{ user: 'fresh', item: '50', type: 'complete', value: 1 }, { user: 'other', item: '50', type: 'completion', value: 1 }]);
    expect((await rec.userEvents('fresh', { limit: 10 })).events.map((e) => e.type)).toEqual(['completion']);
    for (const user of ['fresh', 'other']) {
      const r = await rec.recommend(user, { k: 2 });
      expect([r.source, items(r)]).toEqual(['cf-live', ['40', '30']]);
    }
    await rec.close();
  });

  it('applies the filter and rejects k out of range and unknown users with stable codes', async () => {
    const rec = await open();
    expect(items(await rec.recommend('1', { k: 2, filter: ['10', '999'] }))).toEqual(['20', '30']);
    await expect(rec.recommend('1', { k: 0 })).rejects.toMatchObject({ code: 'bad_request', message: expect.stringContaining('got 0') });
    const batch = await rec.recommendMany(['1', 'nobody'], { k: 1 });
    expect(batch[0]).toMatchObject({ user: '1', items: [{ item: '10', score: 5 }] });
    expect(batch[1]).toMatchObject({ user: 'nobody', source: 'fallback-popularity' });
    await rec.close();
  });

  it('swaps to another model in the root, rolls back, and refuses paths outside the root', async () => {
    const rec = await open();
    const v1 = rec.model.version;
    const s = await rec.swap('m2');
    expect(s.previous).toBe(v1);
    expect(items(await rec.recommend('1', { k: 2 }))).toEqual(['50', '40']);
    const back = await rec.rollback();
    expect(back.modelVersion).toBe(v1);
    expect(items(await rec.recommend('1', { k: 2 }))).toEqual(['10', '20']);
    await expect(rec.swap('../etc')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(rec.swap('nope')).rejects.toMatchObject({ code: 'not_found' });
    expect(rec.history.map((h) => h.kind)).toEqual(['start', 'swap', 'rollback']);
    await rec.close();
  });

  it('finishes a request started before a swap on the old model', async () => {
    // a store whose reads wait until released, so the swap lands while the request is in flight
    const inner = new SqliteStore(join(fx.root, 'slow.db'));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow: EventStore = Object.assign(Object.create(inner), {
      userItems: async (u: string, t: readonly string[]) => {
        await gate;
        return inner.userItems(u, t);
      },
      close: () => inner.close(),
    });
    const rec = await open({ store: slow });
    const v1 = rec.model.version;
    const inFlight = rec.recommend('1', { k: 1 });
    const swapped = await rec.swap('m2');
    release();
    const r = await inFlight;
    expect([r.modelVersion, items(r)]).toEqual([v1, ['10']]);
    const next = await rec.recommend('1', { k: 1 });
    expect([next.modelVersion, items(next)]).toEqual([swapped.modelVersion, ['50']]);
    await rec.close();
  });

  it('attributes impressions, clicks and conversions to the source in their request id', async () => {
    const rec = await open();
    await rec.whenReady();
    const r = await rec.recommend('1', { k: 2 });
    await rec.ingest([
      { user: '1', item: '10', type: 'impression', requestId: r.requestId, position: 0 },
      { user: '1', item: '20', type: 'impression', requestId: r.requestId, position: 1 },
      { user: '1', item: '10', type: 'click', requestId: r.requestId },
      { user: '1', item: '10', type: 'conversion', requestId: r.requestId },
      { user: '1', item: '30', type: 'impression', requestId: 'not-ours' },
    ]);
    const w = rec.stats.window(5);
    expect(w.get('cf-cached')).toMatchObject({ impressions: 2, clicks: 1, conversions: 1, ctr: 0.5, conversionRate: 0.5 });
    expect(w.get('unknown')).toMatchObject({ impressions: 1, clicks: 0 });
    const text = await rec.metrics.text();
    expect(text).toMatch(/alsrec_ctr\{source="cf-cached",window="5m"\} 0\.5/);
    expect(text).toMatch(/alsrec_served_coverage 0\.4\b/); // items 10 and 20 of 5
    await rec.close();
  });

  it('folds a known user in live from training rows + events, so a like reorders the list (known answer)', async () => {
    // user 1 trained on (10, 5); two likes of 50 (weight 4 each) add (50, 8). Explicit fold-in, λ = 0.1, n = 2:
    //   A = y10 y10ᵀ + y50 y50ᵀ + 0.2 I = [[26.2, 4], [4, 16.2]],  b = 5·[5, 0] + 8·[1, 4] = [33, 32]
    //   x = A⁻¹ b = [406.6, 706.4] / 408.44 = [0.99549, 1.72951]
    //   scores 20: 4·0.99549 + 1.72951 = 5.7115, 30: 6.4455, 40: 7.1795 (10 and 50 seen)
    const rec = await open({ train: true });
    await rec.whenReady();
    expect(items(await rec.recommend('1', { k: 3 }))).toEqual(['20', '30', '40']);
    await rec.ingest([{ user: '1', item: '50', type: 'like' }, { user: '1', item: '50', type: 'like' }]);
    const r = await rec.recommend('1', { k: 3 });
    expect(r.source).toBe('cf-live');
    expect(items(r)).toEqual(['40', '30', '20']);
    const x = [406.6 / 408.44, 706.4 / 408.44];
    expect(r.items.map((i) => i.score)).toEqual([2 * x[0]! + 3 * x[1]!, 3 * x[0]! + 2 * x[1]!, 4 * x[0]! + x[1]!].map((v) => expect.closeTo(v, 4)));
    await rec.close();
  });

  it('answers a new user by popularity, then by fold-in once they have events (known answer)', async () => {
    const rec = await open();
    const cold = await rec.recommend('newbie', { k: 3 });
    // popularity = the model's training counts 10: 4, 20: 3, 30: 2
    expect([cold.source, cold.items]).toEqual(['fallback-popularity', [{ item: '10', score: 4 }, { item: '20', score: 3 }, { item: '30', score: 2 }]]);
    // one like of 50: A = y50 y50ᵀ + 0.1 I = [[1.1, 4], [4, 16.1]], b = 4·[1, 4]; x = [0.4, 1.6] / 1.71
    await rec.ingest([{ user: 'newbie', item: '50', type: 'like' }]);
    const warm = await rec.recommend('newbie', { k: 4 });
    expect(warm.source).toBe('cf-live');
    expect(items(warm)).toEqual(['40', '30', '20', '10']);
    expect(warm.items[0]!.score).toBeCloseTo((2 * 0.4 + 3 * 1.6) / 1.71, 4);
    // events on items the model does not know teach it nothing: popularity again
    await rec.ingest([{ user: 'stranger', item: 'unknown-item', type: 'click' }]);
    expect((await rec.recommend('stranger', { k: 1 })).source).toBe('fallback-popularity');
    await rec.close();
  });

  it('blends fold-in with item content for new users when item features are loaded (hybrid)', async () => {
    const itemFeatures = encodeItemFeatures(ITEMS, [{ name: 'genre', values: ['a', 'a', 'b', 'b', 'b'] }]);
    const rec = await Recommender.open(fx.m1, { modelRoot: fx.root, store: new SqliteStore(':memory:'), cacheK: 4, itemFeatures });
    await rec.ingest([{ user: 'fan', item: '10', type: 'click' }]);
    const r = await rec.recommend('fan', { k: 4 });
    expect(r.source).toBe('hybrid');
    expect(items(r)).not.toContain('10');
    expect(items(r)[0]).toBe('20'); // same genre as 10 and closest in factors
    await rec.close();
  });

  it('explains a score over the user’s training rows and events; contributions sum to the score', async () => {
    const rec = await open({ train: true });
    // history (10, 5) only: x = (y10 y10ᵀ + 0.1 I)⁻¹ 5·y10 = [25 / 25.1, 0], so score(20) = 4 · 25 / 25.1
    const e = await rec.explain('1', '20');
    expect(e.score).toBeCloseTo((4 * 25) / 25.1, 4);
    expect(e.contributions).toEqual([{ item: '10', rating: 5, contribution: expect.closeTo(e.score, 5) }]);
    await rec.ingest([{ user: '1', item: '50', type: 'like' }]);
    const after = await rec.explain('1', '20');
    expect(after.contributions.map((c) => c.item).sort()).toEqual(['10', '50']);
    expect(after.contributions.reduce((a, c) => a + c.contribution, 0)).toBeCloseTo(after.score, 4);
    await expect(rec.explain('1', '99')).rejects.toMatchObject({ code: 'unknown_item' });
    await expect(rec.explain('ghost', '20')).rejects.toMatchObject({ code: 'unknown_user' });
    await rec.close();
  });

  it('lists similar items by factor cosine, the item itself and the filter left out', async () => {
    const rec = await open();
    // unit factors: 10 = [1, 0], 20 ∝ [4, 1], 30 ∝ [3, 2]: cos(10, 20) = 4/√17 ≈ 0.970 > cos(10, 30) = 3/√13 ≈ 0.832
    const r = await rec.similarItems('10', { k: 2 });
    expect(r.items.map((x) => x.item)).toEqual(['20', '30']);
    expect(r.items[0]!.score).toBeCloseTo(4 / Math.sqrt(17), 5);
    expect((await rec.similarItems('10', { k: 1, filter: ['20'] })).items.map((x) => x.item)).toEqual(['30']);
    await expect(rec.similarItems('99')).rejects.toThrow(/item "99" is not in model/);
    await rec.close();
  });

  it('makes a new item with features recommendable through its regressed factor', async () => {
    const itemFeatures = encodeItemFeatures(ITEMS, [{ name: 'genre', values: ['a', 'a', 'b', 'b', 'b'] }]);
    const rec = await Recommender.open(fx.m1, { modelRoot: fx.root, store: new SqliteStore(':memory:'), cacheK: 4, itemFeatures });
    await rec.whenReady();
    const before = rec.model.version;
    const put = await rec.putItem('60', { 'genre=b': 1 });
    expect(put.modelVersion).not.toBe(before);
    // the reference: the library's ridge regression on the same features
    const expected = ridgeItemFactors(handModel(), encodeItemFeatures([...ITEMS, 60], [{ name: 'genre', values: ['a', 'a', 'b', 'b', 'b', 'b'] }]), { items: [60] }).factors;
    const r = await rec.recommend('2', { k: 6 }); // user 2 = [0, 1]: score = the factor's second entry
    const sixty = r.items.find((x) => x.item === '60');
    expect(sixty?.score).toBeCloseTo(expected[1]!, 5);
    await expect(rec.putItem('60', { 'genre=b': 1 })).rejects.toMatchObject({ code: 'conflict' });
    await expect(rec.putItem('70', { 'genre=z': 1 })).rejects.toMatchObject({ code: 'bad_request', message: expect.stringContaining('"genre=a"') });
    expect(rec.history.map((h) => h.kind)).toEqual(['start', 'item']);
    await rec.close();
  });

  it('retrains warm-started on training rows + stored events in a worker thread, saves into the root and swaps', async () => {
    const spec = `sqlite:${join(fx.root, 'retrain.db')}`;
    const store = await openStore(spec);
    const train = fromRows([{ user: 1, item: 10, rating: 5 }, { user: 2, item: 50, rating: 4 }, { user: 2, item: 40, rating: 3 }]);
    const rec = await Recommender.open(fx.m1, { modelRoot: fx.root, store, train, cacheK: 4, storeSpec: spec, retrainIterations: 2 });
    const before = rec.model.version;
    await rec.ingest([{ user: 'fresh', item: '30', type: 'like' }, { user: 'fresh', item: '20', type: 'click' }, { user: '1', item: '20', type: 'impression' }]);
    const r = await rec.retrain();
    expect(r.previous).toBe(before);
    // 3 base pairs + (fresh, 30), (fresh, 20), and (1, 20) from the impression: weight 0, kept as a row (seen, nothing)
    expect(r.retrain).toMatchObject({ baseRows: 3, events: 3, rows: 6 });
    expect(r.retrain.outDir.startsWith(join(fx.root, 'retrain-'))).toBe(true);
    expect(rec.model.version).toBe(r.modelVersion);
    expect(rec.model.model.userIds.has('fresh')).toBe(true); // a user known only from events is in the new model
    expect(rec.history.map((h) => h.kind)).toEqual(['start', 'swap']);
    expect((await rec.rollback()).modelVersion).toBe(before);
    await rec.close();
  });

  it('refuses to retrain without training data', async () => {
    const rec = await open();
    await expect(rec.retrain()).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('--train-data') });
    await rec.close();
  });

  it('rejects a cacheK that is not a non-negative integer', async () => {
    await expect(Recommender.open(fx.m1, { modelRoot: fx.root, store: new SqliteStore(':memory:'), cacheK: -1 })).rejects.toThrow(/cacheK must be an integer >= 0, got -1/);
  });


  it('keeps serving, not ready, when the cache build fails (the model directory vanished under the worker)', async () => {
    // a copy of m1 removed as soon as it is loaded: the cache worker, which reads the directory
    // after the slot starts serving, finds nothing; the failure must be reported, not thrown away
    // as an unhandled rejection (which ends a Node process)
    const dir = join(fx.root, 'gone');
    await cp(fx.m1, dir, { recursive: true });
    const rec = await Recommender.open(dir, { modelRoot: fx.root, store: new SqliteStore(join(fx.root, `events-${n++}.db`)), train: null, cacheK: 4 });
    await rm(dir, { recursive: true, force: true });
    await expect(rec.whenReady()).rejects.toThrow('cache-worker');
    const r = rec.readiness();
    expect(r.ready).toBe(false);
    expect(r.cacheError).toMatch(/^cache-worker: .*gone (does not exist|.* is missing); .*; lists are computed per request until a model is swapped in/);
    const list = await rec.recommend('1', { k: 3 });
    expect([list.source, items(list)]).toEqual(['cf-computed', ['10', '20', '30']]);
    await rec.close();
  });
});
