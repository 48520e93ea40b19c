import { ALS } from '../als/als.js';
import type { ALSModel } from '../als/als-model.js';
import type { ALSOptions } from '../als/options.js';
import { selectRows, type Interactions } from '../data/interactions.js';
import { translateIds } from '../data/id-translation.js';
import { Random } from '../data/random.js';
import { rankingMetrics } from '../eval/ranking-metrics.js';
import { FoldInRanker } from './cf-ranker.js';
import { ContentRanker } from './content.js';
import { HybridRanker } from './hybrid.js';
import type { ItemFeatures } from './item-features.js';
import { PopularityRanker } from './popularity.js';
import { recommendWith, type Ranker } from './ranker.js';

export interface ColdUsersOptions {
  /** Share of the users held out as "new", seeded. Default 0.1. */
  fraction?: number;
  /** How many of each held-out user's first interactions (in time) are revealed. Default [1, 3, 5, 10]. */
  reveal?: readonly number[];
  /** Seed of the choice of users. Default 42. */
  seed?: number;
  /** Cut-off of P@k and NDCG@k. Default 10. */
  k?: number;
  /** Options of the ALS fit on the other users. Default: ALS's defaults. */
  als?: ALSOptions;
  /** Item features: adds a content ranker, and the hybrid blends fold-in with content instead of popularity. */
  itemFeatures?: ItemFeatures;
  /** n₀ of the hybrid's weight n / (n + n₀). Default 5. */
  shrinkage?: number;
  /**
   * Which interactions are revealed first: 'time' (default: the earliest, by timestamp; row order
   * without timestamps) or 'random' (a seeded shuffle of each user's rows).
   */
  order?: 'time' | 'random';
}

export interface ColdUsersRow {
  reveal: number;
  ranker: string;
  /** Held-out users with more than `reveal` interactions (the rest have nothing left to rank). */
  users: number;
  precisionAtK: number;
  ndcgAtK: number;
}

export interface ColdUsersResult {
  k: number;
  heldOutUsers: number;
  rows: ColdUsersRow[];
  /** The smallest revealed N from which fold-in beats popularity on P@k at every larger N tried; null if it never does. */
  crossover: number | null;
  model: ALSModel;
}

/**
 * The cold-start protocol for users: hold out a seeded share of the users; fit ALS on everyone
 * else; for each held-out user reveal their first N interactions in time (row order without
 * timestamps; or a seeded random N) and rank the catalogue for the rest, N = 1, 3, 5, 10. Rankers:
 * popularity (training counts), fold-in (the user's factor solved from the N revealed rows),
 * hybrid(fold-in, popularity), and with features content and hybrid(fold-in, content). Every
 * item of a held-out user's remaining rows is relevant; revealed items are not recommended.
 */
export async function coldUsersProtocol(data: Interactions, opts: ColdUsersOptions = {}): Promise<ColdUsersResult> {
  const fraction = opts.fraction ?? 0.1;
  const reveal = [...(opts.reveal ?? [1, 3, 5, 10])].sort((a, b) => a - b);
  const k = opts.k ?? 10;
  if (!(fraction > 0 && fraction < 1)) throw new Error(`cold users: fraction must be in (0, 1), got ${fraction}`);
  if (reveal.length === 0 || reveal.some((n) => !(Number.isInteger(n) && n >= 1))) throw new Error(`cold users: reveal must list integers >= 1, got ${reveal.join(',')}`);
  const order = opts.order ?? 'time';
  if (order !== 'time' && order !== 'random') throw new Error(`cold users: order must be 'time' or 'random', got ${JSON.stringify(order)}`);
  const rng = new Random(opts.seed ?? 42);
  const byUser = rowsByUser(data, order, rng);
  const users = [...byUser.keys()];
  for (let j = users.length - 1; j > 0; j--) {
    const t = rng.nextInt(j + 1);
    [users[j], users[t]] = [users[t]!, users[j]!];
  }
  const held = users.slice(0, Math.max(1, Math.round(fraction * users.length)));
  const heldSet = new Set(held);
  const trainRows: number[] = [];
  for (let r = 0; r < data.users.length; r++) if (!heldSet.has(data.users[r]!)) trainRows.push(r);
  const train = selectRows(data, trainRows);
  const model = await new ALS(opts.als ?? {}).fit(train);

  const popularity = new PopularityRanker(train, { itemIds: model.itemIds });
  const foldIn = new FoldInRanker(model);
  const content = opts.itemFeatures ? new ContentRanker(opts.itemFeatures, { itemIds: model.itemIds }) : null;
  const hybrid = (fallback: Ranker) => new HybridRanker(foldIn, fallback, { shrinkage: opts.shrinkage });
  const rankers: Ranker[] = [popularity, foldIn, hybrid(popularity), ...(content ? [content, hybrid(content)] : [])];
  const toData = translateIds(model.itemIds, data.itemIds);

  const rows: ColdUsersRow[] = [];
  for (const n of reveal) {
    const shown: number[] = [];
    const relevant = new Map<number, Set<number>>();
    for (const u of held) {
      const ordered = byUser.get(u)!;
      if (ordered.length <= n) continue;
      shown.push(...ordered.slice(0, n));
      relevant.set(u, new Set(ordered.slice(n).map((r) => data.items[r]!)));
    }
    if (relevant.size === 0) continue;
    const histories = selectRows(data, shown);
    for (const ranker of rankers) {
      const recs = recommendWith(ranker, histories, k);
      const recommended = new Map<number, Int32Array>();
      for (let j = 0; j < recs.length; j++) {
        recommended.set(data.userIds.toIndex(recs.queryId(j)), Int32Array.from(recs.list(j), (i) => toData[i]!));
      }
      const m = rankingMetrics(recommended, relevant, k);
      rows.push({ reveal: n, ranker: ranker.name, users: relevant.size, precisionAtK: m.precisionAtK, ndcgAtK: m.ndcgAtK });
    }
  }
  return { k, heldOutUsers: held.length, rows, crossover: crossover(rows, foldIn.name, popularity.name), model };
}

/** Each user's rows, ordered by timestamp (ties and missing times: row order), or shuffled. */
function rowsByUser(data: Interactions, order: 'time' | 'random', rng: Random): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (let r = 0; r < data.users.length; r++) {
    let list = out.get(data.users[r]!);
    if (!list) out.set(data.users[r]!, (list = []));
    list.push(r);
  }
  const ts = data.timestamps;
  if (order === 'time' && ts) for (const list of out.values()) list.sort((a, b) => (ts[a]! - ts[b]! || a - b) || 0);
  if (order === 'random') {
    for (const list of out.values()) {
      for (let j = list.length - 1; j > 0; j--) {
        const t = rng.nextInt(j + 1);
        [list[j], list[t]] = [list[t]!, list[j]!];
      }
    }
  }
  return out;
}

function crossover(rows: ColdUsersRow[], cf: string, pop: string): number | null {
  const ns = [...new Set(rows.map((r) => r.reveal))];
  let from: number | null = null;
  for (const n of ns) {
    const p = (name: string) => rows.find((r) => r.reveal === n && r.ranker === name)!.precisionAtK;
    if (p(cf) > p(pop)) from ??= n;
    else from = null;
  }
  return from;
}
