import { canonicalInt, type ExternalId } from '../data/id-map.js';
import type { Recommendations } from '../als/recommendations.js';

/** One query's list, for rows that are not in a Recommendations (e.g. popularity fallbacks). */
export interface RecommendationList {
  query: ExternalId;
  targets: ExternalId[];
  scores: number[];
}

/** Options shared by the columnar recommendation writers (Parquet, Arrow). */
export interface RecommendationsParquetOptions {
  /**
   * false (default): Spark's schema of recommendForAllUsers, one row per query —
   * `user INT|STRING, recommendations: array<struct<item INT|STRING, rating FLOAT>>`.
   * true: one row per recommendation, the columns of alsrec's CSV — `user, item, rank INT, score FLOAT`.
   * (Column names are the model's userCol/itemCol, swapped for item queries.)
   */
  flat?: boolean;
  /** Lists written after those of `recs` (queries the model does not know, served by a fallback). */
  extra?: readonly RecommendationList[];
}

/**
 * What both columnar writers need of top-K lists: every list (the model's, then `extra`), whether
 * each id column is written as ints, and the ids in that form. A model's map of ints gives ints
 * (text ids of fallback rows must be ints too); a map that holds text (even text like '7', read
 * with --ids string) gives strings.
 */
export interface RecommendationTable {
  lists: RecommendationList[];
  queryInt: boolean;
  targetInt: boolean;
  query(l: RecommendationList): number | string;
  target(t: ExternalId): number | string;
}

export function recommendationTable(recs: Recommendations, extra: readonly RecommendationList[] = []): RecommendationTable {
  const queryInt = recs.queryIds.kind === 'int' && extra.every((l) => asInt(l.query) !== null);
  const targetInt = recs.targetIds.kind === 'int' && extra.every((l) => l.targets.every((t) => asInt(t) !== null));
  const id = (v: ExternalId, int: boolean) => (int ? asInt(v)! : String(v));
  return {
    lists: allLists(recs, extra),
    queryInt,
    targetInt,
    query: (l) => id(l.query, queryInt),
    target: (t) => id(t, targetInt),
  };
}

/** One row per recommendation: `user, item, rank (1-based), score`, ids as the table says. */
export function flatRows(table: RecommendationTable): { queries: (number | string)[]; targets: (number | string)[]; ranks: Int32Array; scores: Float32Array } {
  const n = table.lists.reduce((s, l) => s + l.targets.length, 0);
  const queries: (number | string)[] = [];
  const targets: (number | string)[] = [];
  const ranks = new Int32Array(n);
  const scores = new Float32Array(n);
  let row = 0;
  for (const l of table.lists) {
    const q = table.query(l);
    l.targets.forEach((t, r) => {
      queries.push(q);
      targets.push(table.target(t));
      ranks[row] = r + 1;
      scores[row++] = l.scores[r]!;
    });
  }
  return { queries, targets, ranks, scores };
}

function allLists(recs: Recommendations, extra: readonly RecommendationList[]): RecommendationList[] {
  const out: RecommendationList[] = [];
  for (let j = 0; j < recs.length; j++) {
    const list = recs.list(j);
    out.push({
      query: recs.queryId(j),
      targets: Array.from(list, (t) => recs.targetIds.toExternal(t)),
      scores: Array.from(list, (_, r) => recs.scores[j * recs.k + r]!),
    });
  }
  return out.concat(extra);
}

/** The Spark int an id stands for (7 and '7' alike), or null ('007', 'abc'). */
function asInt(v: ExternalId): number | null {
  return typeof v === 'number' ? v : canonicalInt(v);
}
