import type { ExternalId, IdMap } from '../data/id-map.js';

/** One query's list in Spark's schema: `{ user, recommendations: [{ item, rating }] }`. */
export type RecommendationRow = Record<string, ExternalId | Record<string, ExternalId | number>[]>;

/**
 * Top-K lists for a set of queries (users, or items for recommendForAllItems), kept as typed
 * arrays: query j is model row `queryRows[j]`; its list is `indices[j·k .. j·k+k)` (target model
 * rows, −1 past the end) with `scores` alongside.
 */
export class Recommendations {
  readonly side: 'user' | 'item';
  readonly queryIds: IdMap;
  readonly targetIds: IdMap;
  readonly queryRows: Int32Array;
  readonly indices: Int32Array;
  readonly scores: Float32Array;
  readonly k: number;
  readonly queryCol: string;
  readonly targetCol: string;
  /** Name of the score field in `toRows` ('rating' as Spark; 'similarity' for similarItems). */
  readonly scoreCol: string;

  constructor(p: {
    side: 'user' | 'item';
    queryIds: IdMap;
    targetIds: IdMap;
    queryRows: Int32Array;
    indices: Int32Array;
    scores: Float32Array;
    k: number;
    queryCol: string;
    targetCol: string;
    scoreCol?: string;
  }) {
    this.side = p.side;
    this.queryIds = p.queryIds;
    this.targetIds = p.targetIds;
    this.queryRows = p.queryRows;
    this.indices = p.indices;
    this.scores = p.scores;
    this.k = p.k;
    this.queryCol = p.queryCol;
    this.targetCol = p.targetCol;
    this.scoreCol = p.scoreCol ?? 'rating';
  }

  get length(): number {
    return this.queryRows.length;
  }

  /** Target model rows recommended to query j, best first (no −1 padding). */
  list(j: number): Int32Array {
    const row = this.indices.subarray(j * this.k, (j + 1) * this.k);
    const end = row.indexOf(-1);
    return end < 0 ? row : row.subarray(0, end);
  }

  /** External id of query j. */
  queryId(j: number): ExternalId {
    return this.queryIds.toExternal(this.queryRows[j]!);
  }

  /** Spark's schema: [{ user: 196, recommendations: [{ item: 1449, rating: 4.9 }, …] }, …]. */
  toRows(): RecommendationRow[] {
    const out: RecommendationRow[] = [];
    for (let j = 0; j < this.length; j++) {
      const list = this.list(j);
      const recs: Record<string, ExternalId | number>[] = [];
      list.forEach((t, r) => recs.push({ [this.targetCol]: this.targetIds.toExternal(t), [this.scoreCol]: this.scores[j * this.k + r]! }));
      out.push({ [this.queryCol]: this.queryId(j), recommendations: recs });
    }
    return out;
  }

  /** Flat rows (query, target, rank from 1, score), as a "long" table for CSV. */
  *flat(): Generator<{ query: ExternalId; target: ExternalId; rank: number; score: number }> {
    for (let j = 0; j < this.length; j++) {
      const list = this.list(j);
      for (let r = 0; r < list.length; r++) {
        yield { query: this.queryId(j), target: this.targetIds.toExternal(list[r]!), rank: r + 1, score: this.scores[j * this.k + r]! };
      }
    }
  }
}
