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
    const user = idOf(row[cols.userCol], cols.userCol, 'userCol', r, row);
    const item = idOf(row[cols.itemCol], cols.itemCol, 'itemCol', r, row);
    let rating = row[cols.ratingCol];
    if (rating === undefined && cols.implicitPrefs) rating = 1;
    if (typeof rating !== 'number') {
      throw new Error(
        `rows[${r}]: '${cols.ratingCol}' is ${JSON.stringify(rating)}, expected a number (the row has ${fields(row)}); ` +
          `name the rating field with the ALS option ratingCol, e.g. new ALS({ ratingCol: ${JSON.stringify(guess(row, 'rating'))} })`,
      );
    }
    b.add(user, item, rating, typeof row.timestamp === 'number' ? row.timestamp : undefined, `rows[${r}]`);
  });
  if (b.length === 0) throw new Error('als: no rows; pass at least one {user, item, rating} object');
  return b.build('error', (r) => `rows[${r}]`);
}

/** External ids of the pairs in row objects, for transform/recommend on subsets. */
export function idOf(v: unknown, col: string, option: 'userCol' | 'itemCol', r: number, row?: Record<string, unknown>): ExternalId {
  if (typeof v === 'number' || typeof v === 'string') return v;
  const has = row ? ` (the row has ${fields(row)})` : '';
  const example = row ? guess(row, option === 'userCol' ? 'user' : 'item') : option === 'userCol' ? 'userId' : 'itemId';
  throw new Error(
    `rows[${r}]: '${col}' is ${JSON.stringify(v)}, expected a number or string id${has}; ` +
      `name the id field with the ALS option ${option}, e.g. new ALS({ ${option}: ${JSON.stringify(example)} })`,
  );
}

function fields(row: Record<string, unknown>): string {
  const keys = Object.keys(row);
  return keys.length === 0 ? 'no fields' : `fields ${keys.join(', ')}`;
}

/** The row's field whose name contains `word` (userId for 'user'), else a made-up example. */
function guess(row: Record<string, unknown>, word: string): string {
  return Object.keys(row).find((k) => k.toLowerCase().includes(word)) ?? `${word}Id`;
}
