import type * as Alsrec from '../../src/index.js';

/**
 * The workflow the browser test runs in headless Chromium on the core's browser bundle and, for
 * comparison, in Node on the sources: seeded data → randomSplit → ALS.fit → recommendForAllUsers →
 * evaluateModel. It reaches alsrec only through the module it is given (the bundle in the page),
 * and only through the public API, as a user's page would.
 */
export interface ScenarioOptions {
  kernels: 'wasm' | 'ts';
  /** ALS numThreads (default 'auto', which is 1 for data this small). */
  numThreads?: number;
}

export interface ScenarioResult {
  /** Why the WASM kernels are not in use, or null when they are. */
  wasmUnavailable: string | null;
  rows: number;
  loss: number[];
  userFactors: number[];
  itemFactors: number[];
  /** The top 5 (item, score) of the first 3 users, training items excluded. */
  firstLists: { user: Alsrec.ExternalId; items: Alsrec.ExternalId[]; scores: number[] }[];
  metrics: Record<'rmse' | 'mae' | 'precisionAtK' | 'ndcgAtK' | 'mapAtK', number | null>;
  fitSeconds: number;
  recommendSeconds: number;
}

/** 200 users × 120 items, planted rank-3 ratings plus noise on ~15% of pairs, from a fixed seed. */
function seededRows(): { user: number; item: number; rating: number }[] {
  let s = 20240601;
  const next = (): number => {
    // mulberry32: a tiny seeded generator, the same numbers in every JavaScript engine
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rank = 3;
  const U = Array.from({ length: 200 * rank }, () => next() * 1.2);
  const V = Array.from({ length: 120 * rank }, () => next() * 1.2);
  const rows: { user: number; item: number; rating: number }[] = [];
  for (let u = 0; u < 200; u++) {
    for (let i = 0; i < 120; i++) {
      if (next() > 0.15) continue;
      let r = 0;
      for (let a = 0; a < rank; a++) r += U[u * rank + a]! * V[i * rank + a]!;
      rows.push({ user: u + 1, item: i + 1, rating: Math.round((r + (next() - 0.5)) * 100) / 100 });
    }
  }
  return rows;
}

export async function runScenario(alsrec: typeof Alsrec, opts: ScenarioOptions): Promise<ScenarioResult> {
  const data = alsrec.fromRows(seededRows());
  const [train, test] = alsrec.randomSplit(data, [0.8, 0.2], 7);
  let t = performance.now();
  const model = await new alsrec.ALS({ rank: 8, maxIter: 8, regParam: 0.05, seed: 3, coldStartStrategy: 'drop', kernels: opts.kernels, numThreads: opts.numThreads }).fit(train!);
  const fitSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const recs = opts.numThreads ? await model.recommendForAllUsersAsync(5, { exclude: train, numThreads: opts.numThreads }) : model.recommendForAllUsers(5, { exclude: train });
  const recommendSeconds = (performance.now() - t) / 1000;
  const m = alsrec.evaluateModel(model, test!, { k: 5, train });
  return {
    wasmUnavailable: alsrec.wasmUnavailableReason() ?? null,
    rows: data.users.length,
    loss: model.summary.loss,
    userFactors: Array.from(model.userFactors),
    itemFactors: Array.from(model.itemFactors),
    firstLists: recs.toRows().slice(0, 3).map((r) => ({
      user: r.user as Alsrec.ExternalId,
      items: (r.recommendations as { item: Alsrec.ExternalId; rating: number }[]).map((x) => x.item),
      scores: (r.recommendations as { item: Alsrec.ExternalId; rating: number }[]).map((x) => x.rating),
    })),
    metrics: { rmse: m.rmse, mae: m.mae, precisionAtK: m.precisionAtK, ndcgAtK: m.ndcgAtK, mapAtK: m.mapAtK },
    fitSeconds,
    recommendSeconds,
  };
}
