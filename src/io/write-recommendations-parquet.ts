import { parquetWriteBuffer } from 'hyparquet-writer';
import type { Recommendations } from '../als/recommendations.js';
import { writeFileAtomic } from './atomic.js';
import { flatRows, recommendationTable, type RecommendationsParquetOptions } from './recommendation-table.js';

export type { RecommendationList, RecommendationsParquetOptions } from './recommendation-table.js';

/**
 * Writes top-K lists as one Parquet file, atomically. Ids are INT32 when the model's ids are ints
 * (as Spark's ALS ids are), else STRING holding each id's text; scores are FLOAT, as Spark's.
 */
export async function writeRecommendationsParquet(path: string, recs: Recommendations, opts: RecommendationsParquetOptions = {}): Promise<void> {
  const table = recommendationTable(recs, opts.extra);
  const { lists, queryInt, targetInt } = table;
  const idType = (int: boolean) => (int ? { type: 'INT32' as const } : { type: 'BYTE_ARRAY' as const, converted_type: 'UTF8' as const });
  let buffer: ArrayBuffer;
  if (opts.flat) {
    const { queries: q, targets: t, ranks, scores } = flatRows(table);
    buffer = parquetWriteBuffer({
      columnData: [
        { name: recs.queryCol, data: queryInt ? Int32Array.from(q as number[]) : q, type: queryInt ? 'INT32' : 'STRING' },
        { name: recs.targetCol, data: targetInt ? Int32Array.from(t as number[]) : t, type: targetInt ? 'INT32' : 'STRING' },
        { name: 'rank', data: ranks, type: 'INT32' },
        { name: 'score', data: scores, type: 'FLOAT' },
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
    const queries = lists.map(table.query);
    const nested = lists.map((l) => l.targets.map((t, r) => ({ [recs.targetCol]: table.target(t), [recs.scoreCol]: Math.fround(l.scores[r]!) })));
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
