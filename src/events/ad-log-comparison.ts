import { ALS } from '../als/als.js';
import type { ALSModel } from '../als/als-model.js';
import type { ALSOptions } from '../als/options.js';
import { selectRows, type Interactions } from '../data/interactions.js';
import { AD_EVENT_TYPES, type AdLog } from '../data/synthetic-ad-log.js';
import { rankingMetrics } from '../eval/ranking-metrics.js';
import { EventAggregator } from './aggregate-events.js';
import { DEFAULT_EVENT_WEIGHTS, type EventWeights } from './event-weights.js';

/** One way of turning the log before the cut-off into training data. */
export interface AdLogVariant {
  name: string;
  weights: EventWeights;
  /** Clip every positive sum to 1 (the "did click" matrix). */
  binary?: boolean;
  /** Time decay half-life in seconds. */
  halfLife?: number;
}

const DAY = 86400;

/** The four variants of the comparison: clicks only → the ad weights → + scroll-past negatives → + decay. */
export const AD_LOG_VARIANTS: readonly AdLogVariant[] = [
  { name: 'clicks only (binary)', weights: { impression: 0, click: 1, complete: 0, like: 0, scroll_past: 0 }, binary: true },
  { name: 'default weights', weights: { ...DEFAULT_EVENT_WEIGHTS, scroll_past: 0 } },
  { name: '+ scroll-past negatives', weights: DEFAULT_EVENT_WEIGHTS },
  { name: '+ decay (half-life 7 d)', weights: DEFAULT_EVENT_WEIGHTS, halfLife: 7 * DAY },
];

export interface AdLogComparisonOptions {
  /** Train on events before this time, test on clicks at or after it. Default: 80% of the log's time span. */
  cutoff?: number;
  variants?: readonly AdLogVariant[];
  /** ALS options, the same for every variant. Default rank 16, maxIter 10, regParam 0.1, implicit, alpha 2. */
  als?: ALSOptions;
  k?: number;
}

export interface AdLogComparisonRow {
  variant: string;
  /** Pairs with a non-zero rating in the training data. */
  trainPairs: number;
  precisionAtK: number;
  ndcgAtK: number;
}

/**
 * Which event weighting predicts future clicks best: each variant aggregates the events before
 * the cut-off (events/aggregate-events.ts; zero sums dropped), fits implicit ALS, and recommends
 * the top k ads to each user who clicks after the cut-off; relevant = the ads they click then.
 * Users are those every variant's model knows (so clicks-only, which cannot place users who never
 * clicked, is not charged for that); already-seen ads are not excluded, since ads are shown again.
 */
export async function compareAdLogWeights(log: AdLog, opts: AdLogComparisonOptions = {}): Promise<{ users: number; testClicks: number; rows: AdLogComparisonRow[] }> {
  let end = 0;
  for (let j = 0; j < log.length; j++) if (log.timestamps[j]! > end) end = log.timestamps[j]!;
  const cutoff = opts.cutoff ?? 0.8 * end;
  const k = opts.k ?? 10;
  const als: ALSOptions = { rank: 16, maxIter: 10, regParam: 0.1, implicitPrefs: true, alpha: 2, ...opts.als };
  const variants = opts.variants ?? AD_LOG_VARIANTS;
  const click = AD_EVENT_TYPES.indexOf('click');

  const relevant = new Map<number, Set<number>>();
  let testClicks = 0;
  for (let j = 0; j < log.length; j++) {
    if (log.timestamps[j]! < cutoff || log.types[j] !== click) continue;
    const u = log.users[j]! + 1;
    let set = relevant.get(u);
    if (!set) relevant.set(u, (set = new Set()));
    set.add(log.ads[j]! + 1);
    testClicks++;
  }
  const trained: { variant: AdLogVariant; data: Interactions }[] = variants.map((variant) => ({ variant, data: aggregateBefore(log, cutoff, variant) }));
  const models: ALSModel[] = [];
  for (const t of trained) models.push(await new ALS(als).fit(t.data));
  const users = [...relevant.keys()].filter((u) => models.every((m) => m.userIds.has(u)));
  const rel = new Map(users.map((u) => [u, relevant.get(u)!]));
  const rows = trained.map(({ variant, data }, v) => {
    const model = models[v]!;
    const recs = model.recommendForUserSubset(users, k);
    const recommended = new Map<number, Int32Array>();
    for (let j = 0; j < recs.length; j++) recommended.set(recs.queryId(j) as number, Int32Array.from(recs.list(j), (i) => model.itemIds.toExternal(i) as number));
    const m = rankingMetrics(recommended, rel, k);
    return { variant: variant.name, trainPairs: data.users.length, precisionAtK: m.precisionAtK, ndcgAtK: m.ndcgAtK };
  });
  return { users: users.length, testClicks, rows };
}

/** The variant's training data: events before the cut-off aggregated, zero sums dropped, optionally binarised. */
export function aggregateBefore(log: AdLog, cutoff: number, variant: AdLogVariant): Interactions {
  const agg = new EventAggregator(variant.weights, { halfLife: variant.halfLife, now: variant.halfLife ? cutoff : undefined });
  const code = AD_EVENT_TYPES.map((t) => agg.weights.code.get(t) ?? -1);
  for (let j = 0; j < log.length; j++) {
    if (!(log.timestamps[j]! < cutoff)) continue;
    const c = code[log.types[j]!]!;
    if (c < 0) throw new Error(`ad log comparison: the weights of '${variant.name}' lack the event type ${AD_EVENT_TYPES[log.types[j]!]}`);
    agg.add(agg.userIds.add(log.users[j]! + 1), agg.itemIds.add(log.ads[j]! + 1), c, log.values[j]!, log.timestamps[j]!);
  }
  const data = agg.finish();
  const keep: number[] = [];
  for (let r = 0; r < data.ratings.length; r++) if (data.ratings[r] !== 0) keep.push(r);
  const out = selectRows(data, keep);
  if (variant.binary) out.ratings.forEach((x, r) => (out.ratings[r] = x > 0 ? 1 : 0));
  return out;
}
