import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../../src/data/random.js';
import { saveALSModel } from '../../src/io/als-model-dir.js';
import { topK } from '../../src/kernels/top-k.js';
import { Recommender } from '../../src/serve/recommender.js';
import { SqliteStore } from '../../src/serve/sqlite-store.js';
import { AUTO_MIN_TARGETS } from '../../src/retrieval/auto-method.js';
import { clusteredDirections, modelOf } from '../retrieval/fixtures.js';

// A catalogue above AUTO_MIN_TARGETS whose exact scan reads nearly everything (clustered unit
// directions): the service's 'auto' index must be IVF, and the lists it serves live must be those
// of the exact top-K for nearly every user.
describe('the service ranks live requests through the auto index', () => {
  const rank = 8;
  const numItems = AUTO_MIN_TARGETS + 20_000;
  const { items, queries } = clusteredDirections(new Random(31), numItems, 200, rank);
  const model = modelOf(queries, items, rank);
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'alsrec-live-index-'));
    await saveALSModel(model, join(root, 'big'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("chooses IVF, says so in readiness, and serves lists with recall ≥ 0.95 against the exact top-K", async () => {
    const rec = await Recommender.open(join(root, 'big'), { modelRoot: root, store: new SqliteStore(join(root, 'events.db')), train: null, cacheK: 2 });
    await rec.whenReady();
    process.stderr.write(`liveIndex: ${rec.readiness().liveIndex}\n`);
    expect(rec.readiness().liveIndex).toMatch(/^ivf \(346 lists, \d+ probed, recall@10 0\.9\d\d on 200 users\)$/);
    // k 10 > the cached 2: each list is computed live through the index
    const exact = topK({ queries, targets: items, rank, k: 10 });
    let hits = 0;
    for (let u = 0; u < 200; u++) {
      const r = await rec.recommend(String(u + 1), { k: 10 });
      expect(r.source).toBe('cf-computed');
      const want = new Set(Array.from(exact.indices.subarray(u * 10, u * 10 + 10), (t) => String(t + 1)));
      for (const x of r.items) hits += want.has(x.item) ? 1 : 0;
    }
    expect(hits / 2000).toBeGreaterThanOrEqual(0.95);
    await rec.close();
  });
});
