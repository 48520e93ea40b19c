import type { IdMap } from '../data/id-map.js';
import type { Interactions } from '../data/interactions.js';
import { translateIds } from '../data/id-translation.js';
import { historyUsers, type Ranker, type UserScores } from './ranker.js';

export interface PopularityOptions {
  /** 'count' (default): each interaction counts 1; 'confidence': each counts |rating| (clicks, plays, weights). */
  weighting?: 'count' | 'confidence';
  /**
   * Trending: an interaction at time t counts 2^(−(now − t)/halfLife) (same unit as the
   * timestamps, e.g. seconds). Default: no decay. Needs timestamps; rows without one (NaN) count 0.
   */
  halfLife?: number;
  /** The reference time of the decay. Default: the newest timestamp in the data. */
  now?: number;
  /** The catalogue to score. Default: the items of `data`. */
  itemIds?: IdMap;
}

/**
 * Popularity (Gorse's "popular"; with a half-life, "trending"): every user gets the same scores,
 * score(i) = Σ over the rows of item i of weight × decay. The fallback for a user with no history.
 */
export class PopularityRanker implements Ranker {
  readonly name: string;
  readonly itemIds: IdMap;
  /** score per catalogue item. */
  readonly popularity: Float64Array;

  constructor(data: Interactions, opts: PopularityOptions = {}) {
    const weighting = opts.weighting ?? 'count';
    if (weighting !== 'count' && weighting !== 'confidence') {
      throw new Error(`popularity: weighting must be 'count' or 'confidence', got ${JSON.stringify(weighting)}`);
    }
    const { halfLife } = opts;
    if (halfLife !== undefined && !(halfLife > 0 && Number.isFinite(halfLife))) {
      throw new Error(`popularity: halfLife must be a positive number (in timestamp units), got ${halfLife}`);
    }
    if (halfLife !== undefined && !data.timestamps) {
      throw new Error('popularity: halfLife needs timestamps, and the data has none; read them (--timestamp-col) or drop the half-life');
    }
    this.itemIds = opts.itemIds ?? data.itemIds;
    this.name = halfLife === undefined ? 'popularity' : 'trending';
    const col = translateIds(data.itemIds, this.itemIds);
    const ts = data.timestamps;
    let now = opts.now ?? -Infinity;
    if (halfLife !== undefined && opts.now === undefined) for (let r = 0; r < ts!.length; r++) if (ts![r]! > now) now = ts![r]!;
    this.popularity = new Float64Array(this.itemIds.size);
    for (let r = 0; r < data.items.length; r++) {
      const i = col[data.items[r]!]!;
      if (i < 0) continue;
      let w = weighting === 'count' ? 1 : Math.abs(data.ratings[r]!);
      if (halfLife !== undefined) {
        const t = ts![r]!;
        w = t === t ? w * 2 ** (-(now - t) / halfLife) : 0;
      }
      this.popularity[i]! += w;
    }
  }

  /** Popularity from per-item totals already known (e.g. a model's `itemCounts`), counts[j] for itemIds row j. */
  static fromCounts(itemIds: IdMap, counts: ArrayLike<number>): PopularityRanker {
    // One row per item holding its total: 'confidence' weighting then sums exactly those totals.
    const rows = Int32Array.from({ length: itemIds.size }, (_, j) => j);
    const ratings = Float32Array.from({ length: itemIds.size }, (_, j) => counts[j]!);
    return new PopularityRanker({ users: rows, items: rows, ratings, userIds: itemIds, itemIds }, { weighting: 'confidence' });
  }

  scoreUsers(histories: Interactions): UserScores {
    const { users, rowOf } = historyUsers(histories);
    const n = this.itemIds.size;
    const scores = new Float32Array(users.size * n);
    for (let u = 0; u < users.size; u++) for (let j = 0; j < n; j++) scores[u * n + j] = this.popularity[j]!;
    const counts = new Float64Array(users.size);
    for (let r = 0; r < histories.users.length; r++) counts[rowOf[histories.users[r]!]!]!++;
    return { users, scores, counts };
  }
}
