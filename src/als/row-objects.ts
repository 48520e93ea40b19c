import { InteractionsBuilder, type Interactions } from '../data/interactions.js';
import type { ExternalId } from '../data/id-map.js';

/**
 * Row objects keyed by Spark column names (userCol, itemCol, ratingCol) → columnar interactions.
 * A missing rating column is an error for explicit data; with `implicitPrefs` a missing rating
 * counts as 1 (one observed event).
 */
export function rowsToInteractions(
  rows: readonly Record<string, unknown>[],
  cols: { userCol: string; itemCol: string; ratingCol: string; implicitPrefs?: boolean },
): Interactions {
  const b = new InteractionsBuilder();
  rows.forEach((row, r) => {
    const user = idOf(row[cols.userCol], cols.userCol, 'userCol', r);
    const item = idOf(row[cols.itemCol], cols.itemCol, 'itemCol', r);
    let rating = row[cols.ratingCol];
    if (rating === undefined && cols.implicitPrefs) rating = 1;
    if (typeof rating !== 'number') {
      throw new Error(`rows[${r}]: '${cols.ratingCol}' is ${JSON.stringify(rating)}, expected a number; set ratingCol to the rating field`);
    }
    b.add(user, item, rating, typeof row.timestamp === 'number' ? row.timestamp : undefined, `rows[${r}]`);
  });
  if (b.length === 0) throw new Error('als: no rows; pass at least one {user, item, rating} object');
  return b.build('error', (r) => `rows[${r}]`);
}

/** External ids of the pairs in row objects, for transform/recommend on subsets. */
export function idOf(v: unknown, col: string, option: 'userCol' | 'itemCol', r: number): ExternalId {
  if (typeof v === 'number' || typeof v === 'string') return v;
  throw new Error(`rows[${r}]: '${col}' is ${JSON.stringify(v)}, expected a number or string id; set ${option} to the field holding the ids`);
}
