import { Field, Float32, Int32, List, Struct, Table, tableToIPC, Utf8, vectorFromArray, type DataType, type Vector } from 'apache-arrow';
import type { IdMap } from '../data/id-map.js';
import type { Interactions } from '../data/interactions.js';
import type { Recommendations } from '../als/recommendations.js';
import { writeFileAtomic } from './atomic.js';
import { flatRows, recommendationTable, type RecommendationsParquetOptions } from './recommendation-table.js';

/**
 * Arrow IPC file writers (`.arrow`; Feather v2 is the same format), uncompressed, with the same
 * columns and types as the Parquet writers: what pandas (`pd.read_feather`), pyarrow and Spark's
 * Arrow readers load, and what read-arrow-interactions.ts reads back.
 */

/** Interactions as `user, item` (Int32, or Utf8 when the ids are text), `rating` Float32[, `timestamp` Float64]. */
export async function writeInteractionsArrow(path: string, data: Interactions): Promise<void> {
  const column = (ids: IdMap, idx: Int32Array): Vector => {
    const ints = ids.intIds();
    return ints ? vectorFromArray(Int32Array.from(idx, (i) => ints[i]!)) : vectorFromArray(Array.from(idx, (i) => String(ids.toExternal(i))), new Utf8());
  };
  const columns: Record<string, Vector> = {
    user: column(data.userIds, data.users),
    item: column(data.itemIds, data.items),
    rating: vectorFromArray(data.ratings),
  };
  if (data.timestamps) columns.timestamp = vectorFromArray(data.timestamps);
  await writeFileAtomic(path, tableToIPC(new Table(columns), 'file'));
}

/**
 * Top-K lists: Spark's schema of recommendForAllUsers by default — `user, recommendations:
 * List<Struct<item, rating Float32>>` — or with `flat` one row per recommendation, `user, item,
 * rank Int32, score Float32`. Ids Int32 when the model's ids are ints, else Utf8 (as Parquet).
 */
export async function writeRecommendationsArrow(path: string, recs: Recommendations, opts: RecommendationsParquetOptions = {}): Promise<void> {
  const table = recommendationTable(recs, opts.extra);
  const { lists, queryInt, targetInt } = table;
  const idType = (int: boolean): DataType => (int ? new Int32() : new Utf8());
  const columns: Record<string, Vector> = {};
  if (opts.flat) {
    const { queries: q, targets: t, ranks, scores } = flatRows(table);
    columns[recs.queryCol] = vectorFromArray(q, idType(queryInt));
    columns[recs.targetCol] = vectorFromArray(t, idType(targetInt));
    columns.rank = vectorFromArray(ranks);
    columns.score = vectorFromArray(scores);
  } else {
    const element = new Struct([new Field(recs.targetCol, idType(targetInt), true), new Field(recs.scoreCol, new Float32(), true)]);
    columns[recs.queryCol] = vectorFromArray(
      lists.map(table.query),
      idType(queryInt),
    );
    columns.recommendations = vectorFromArray(
      lists.map((l) => l.targets.map((t, r) => ({ [recs.targetCol]: table.target(t), [recs.scoreCol]: l.scores[r]! }))),
      new List(new Field('element', element, true)),
    );
  }
  await writeFileAtomic(path, tableToIPC(new Table(columns), 'file'));
}
