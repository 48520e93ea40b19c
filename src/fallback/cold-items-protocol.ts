import { ALS } from '../als/als.js';
import type { ALSModel } from '../als/als-model.js';
import type { FoldedFactors } from '../als/fold-in.js';
import type { ALSOptions } from '../als/options.js';
import { IdMap, type ExternalId } from '../data/id-map.js';
import { selectRows, type Interactions } from '../data/interactions.js';
import { translateIds } from '../data/id-translation.js';
import { Random } from '../data/random.js';
import type { ItemFeatures } from './item-features.js';
import { ridgeItemFactors } from './ridge-item-factors.js';

export interface ColdItemsOptions {
  /** Share of the items (among those with features) held out as "new", seeded. Default 0.1. */
  fraction?: number;
  seed?: number;
  als?: ALSOptions;
  /** Ridge penalty of the feature → factor regression. Default 1. */
  lambda?: number;
  /** Cut-offs of the hit rates. Default [10, 100]. */
  hitsAt?: readonly number[];
}

export interface ColdItemsRow {
  placement: 'content-regressed' | 'random';
  /** (user, held-out item) pairs ranked: the user is in the model and later interacted with the item. */
  pairs: number;
  /** Mean of (rank − 1)/(candidates − 1) over the pairs: 0 = always first, 0.5 = chance. */
  meanPercentileRank: number;
  /** Share of the pairs with the item ranked within the top K, for each K of hitsAt. */
  hitRate: Record<number, number>;
}

/**
 * The cold-start protocol for items: hold out a seeded share of the items that have features,
 * fit ALS without their rows, give them factors by ridge regression from features
 * (ridge-item-factors.ts) or at random (Gaussian rows scaled to the mean item-factor norm), and
 * see where each lands in the ranking of every user who did interact with it: all items are
 * candidates except the user's training items.
 */
export async function coldItemsProtocol(data: Interactions, features: ItemFeatures, opts: ColdItemsOptions = {}): Promise<{ heldOutItems: number; rows: ColdItemsRow[]; model: ALSModel }> {
  const fraction = opts.fraction ?? 0.1;
  if (!(fraction > 0 && fraction < 1)) throw new Error(`cold items: fraction must be in (0, 1), got ${fraction}`);
  const hitsAt = opts.hitsAt ?? [10, 100];
  const withFeatures: number[] = [];
  const present = new Uint8Array(data.itemIds.size);
  for (const i of data.items) present[i] = 1;
  for (let i = 0; i < data.itemIds.size; i++) if (present[i] && features.ids.has(data.itemIds.toExternal(i))) withFeatures.push(i);
  if (withFeatures.length < 2) throw new Error('cold items: fewer than 2 items of the data have features; the feature ids must match the item ids');
  const rng = new Random(opts.seed ?? 42);
  for (let j = withFeatures.length - 1; j > 0; j--) {
    const t = rng.nextInt(j + 1);
    [withFeatures[j], withFeatures[t]] = [withFeatures[t]!, withFeatures[j]!];
  }
  const held = new Set(withFeatures.slice(0, Math.max(1, Math.round(fraction * withFeatures.length))));
  const trainRows: number[] = [];
  const testRows: number[] = [];
  for (let r = 0; r < data.items.length; r++) (held.has(data.items[r]!) ? testRows : trainRows).push(r);
  const train = selectRows(data, trainRows);
  const model = await new ALS(opts.als ?? {}).fit(train);
  const heldIds: ExternalId[] = [...held].map((i) => data.itemIds.toExternal(i));

  const regressed = ridgeItemFactors(model, features, { lambda: opts.lambda, items: heldIds });
  const random = randomFactors(model, heldIds, opts.seed ?? 42);
  const rows: ColdItemsRow[] = [];
  for (const [placement, folded] of [['content-regressed', regressed], ['random', random]] as const) {
    rows.push({ placement, ...rankHeldOut(model.withItems(folded), train, selectRows(data, testRows), hitsAt) });
  }
  return { heldOutItems: held.size, rows, model };
}

function randomFactors(model: ALSModel, ids: ExternalId[], seed: number): FoldedFactors {
  const k = model.rank;
  let norm = 0;
  for (let i = 0; i < model.itemIds.size; i++) {
    let s = 0;
    for (let a = 0; a < k; a++) s += model.itemFactors[i * k + a]! ** 2;
    norm += Math.sqrt(s);
  }
  norm /= Math.max(1, model.itemIds.size);
  const rng = new Random(seed + 1);
  const factors = new Float32Array(ids.length * k);
  for (let r = 0; r < ids.length; r++) {
    const v = Array.from({ length: k }, () => rng.nextGaussian());
    const len = Math.hypot(...v);
    for (let a = 0; a < k; a++) factors[r * k + a] = (v[a]! / len) * norm;
  }
  return { side: 'item', ids: IdMap.from(ids), factors, counts: new Float64Array(ids.length), rank: k };
}

/** Rank of each test pair's item among all model items except the user's training items. */
function rankHeldOut(model: ALSModel, train: Interactions, test: Interactions, hitsAt: readonly number[]): Omit<ColdItemsRow, 'placement'> {
  const k = model.rank;
  const n = model.itemIds.size;
  const userRow = translateIds(test.userIds, model.userIds);
  const testItem = translateIds(test.itemIds, model.itemIds);
  const trainUser = translateIds(train.userIds, model.userIds);
  const trainItem = translateIds(train.itemIds, model.itemIds);
  const seen = new Map<number, number[]>();
  for (let r = 0; r < train.users.length; r++) {
    const u = trainUser[train.users[r]!]!;
    if (u < 0) continue;
    let l = seen.get(u);
    if (!l) seen.set(u, (l = []));
    l.push(trainItem[train.items[r]!]!);
  }
  const byUser = new Map<number, number[]>();
  for (let r = 0; r < test.users.length; r++) {
    const u = userRow[test.users[r]!]!;
    if (u < 0) continue;
    let l = byUser.get(u);
    if (!l) byUser.set(u, (l = []));
    l.push(testItem[test.items[r]!]!);
  }
  const scores = new Float32Array(n);
  let pairs = 0;
  let percentile = 0;
  const hits = hitsAt.map(() => 0);
  for (const [u, items] of byUser) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let a = 0; a < k; a++) s += model.userFactors[u * k + a]! * model.itemFactors[i * k + a]!;
      scores[i] = s;
    }
    for (const i of seen.get(u) ?? []) scores[i] = NaN;
    let candidates = 0;
    for (let i = 0; i < n; i++) if (scores[i] === scores[i]) candidates++;
    for (const i of items) {
      const s = scores[i]!;
      let above = 0;
      for (let j = 0; j < n; j++) if (scores[j]! > s) above++;
      pairs++;
      percentile += above / Math.max(1, candidates - 1);
      hitsAt.forEach((K, h) => {
        if (above < K) hits[h]!++;
      });
    }
  }
  return {
    pairs,
    meanPercentileRank: percentile / Math.max(1, pairs),
    hitRate: Object.fromEntries(hitsAt.map((K, h) => [K, hits[h]! / Math.max(1, pairs)])),
  };
}
