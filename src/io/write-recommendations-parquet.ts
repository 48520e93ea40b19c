import { parquetWriteBuffer } from 'hyparquet-writer';
import { canonicalInt, type ExternalId } from '../data/id-map.js';
import type { Recommendations } from '../als/recommendations.js';
import { writeFileAtomic } from './atomic.js';

/** One query's list, for rows that are not in a Recommendations (e.g. popularity fallbacks). */
export interface RecommendationList {
  query: ExternalId;
  targets: ExternalId[];
  scores: number[];
}

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
 * Writes top-K lists as one Parquet file, atomically. Ids are INT32 when the model's ids are ints
 * (as Spark's ALS ids are), else STRING holding each id's text; scores are FLOAT, as Spark's.
 */
export async function writeRecommendationsParquet(path: string, recs: Recommendations, opts: RecommendationsParquetOptions = {}): Promise<void> {
  const extra = opts.extra ?? [];
  const lists = allLists(recs, extra);
  // A model's map of ints gives INT32 (text ids of fallback rows must be ints too); a map that
  // holds text (even text like '7', read with --ids string) gives STRING.
  const queryInt = recs.queryIds.kind === 'int' && extra.every((l) => asInt(l.query) !== null);
  const targetInt = recs.targetIds.kind === 'int' && extra.every((l) => l.targets.every((t) => asInt(t) !== null));
  const id = (v: ExternalId, int: boolean) => (int ? asInt(v)! : String(v));
  const idType = (int: boolean) => (int ? { type: 'INT32' as const } : { type: 'BYTE_ARRAY' as const, converted_type: 'UTF8' as const });
  let buffer: ArrayBuffer;
  if (opts.flat) {
    const q: ExternalId[] = [];
    const t: ExternalId[] = [];
    const rank: number[] = [];
    const score: number[] = [];
    for (const l of lists) {
      l.targets.forEach((target, r) => {
        q.push(id(l.query, queryInt));
        t.push(id(target, targetInt));
        rank.push(r + 1);
        score.push(l.scores[r]!);
      });
    }
    buffer = parquetWriteBuffer({
      columnData: [
        { name: recs.queryCol, data: queryInt ? Int32Array.from(q as number[]) : q, type: queryInt ? 'INT32' : 'STRING' },
        { name: recs.targetCol, data: targetInt ? Int32Array.from(t as number[]) : t, type: targetInt ? 'INT32' : 'STRING' },
        { name: 'rank', data: Int32Array.from(rank), type: 'INT32' },
        { name: 'score', data: Float32Array.from(score), type: 'FLOAT' },
      ],
    });
  } else {
    // Spark's layout of array<struct<…>>: a LIST group, its repeated `list`, the `element` struct.
    const schema = [
      { name: 'spark_schema', num_children: 2 },
      { name: recs.queryCol, repetition_type: 'OPTIONAL' as const, ...idType(queryInt) },
      { name: 'recommendations', repetition_type: 'OPTIONAL' as const, converted_type: 'LIST' as const, num_children: 1 },
      { name: 'list', repetition_type: 'REPEATED' as const, num_children: 1 },
      { name: 'element', repetition_type: 'OPTIONAL' as const, num_children: 2 },
      { name: recs.targetCol, repetition_type: 'OPTIONAL' as const, ...idType(targetInt) },
      { name: recs.scoreCol, type: 'FLOAT' as const, repetition_type: 'OPTIONAL' as const },
    ];
    const queries = lists.map((l) => id(l.query, queryInt));
    const nested = lists.map((l) => l.targets.map((t, r) => ({ [recs.targetCol]: id(t, targetInt), [recs.scoreCol]: Math.fround(l.scores[r]!) })));
    buffer = parquetWriteBuffer({
      columnData: [
        { name: recs.queryCol, data: queryInt ? Int32Array.from(queries as number[]) : queries },
        { name: 'recommendations', data: nested },
      ],
      schema,
    });
  }
  await writeFileAtomic(path, new Uint8Array(buffer));
}

export function allLists(recs: Recommendations, extra: readonly RecommendationList[]): RecommendationList[] {
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
export function asInt(v: ExternalId): number | null {
  return typeof v === 'number' ? v : canonicalInt(v);
}
