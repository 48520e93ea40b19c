import fc from 'fast-check';
import { fromRows, type Interactions } from '../../src/data/interactions.js';

/**
 * Small random interaction sets for the splitter properties: up to 8 users × 12 items, each
 * (user, item) pair at most once — so a row is identified by its pair — and timestamps from a small
 * range so that ties happen.
 */
export const interactionsArb: fc.Arbitrary<Interactions> = fc
  .uniqueArray(
    fc.record({
      user: fc.integer({ min: 0, max: 7 }),
      item: fc.integer({ min: 100, max: 111 }),
      rating: fc.integer({ min: 1, max: 5 }),
      timestamp: fc.integer({ min: 0, max: 5 }),
    }),
    { minLength: 1, maxLength: 60, selector: (r) => `${r.user}/${r.item}` },
  )
  .map((rows) => fromRows(rows));

/** The key naming a row: its external (user, item) pair. */
export function rowKey(d: Interactions, r: number): string {
  return `${d.userIds.toExternal(d.users[r]!)}/${d.itemIds.toExternal(d.items[r]!)}`;
}

/** Row keys of `d` in row order. */
export function keys(d: Interactions): string[] {
  return Array.from(d.users, (_, r) => rowKey(d, r));
}

/** Input row index of every key of `data`. */
export function indexOfKey(data: Interactions): Map<string, number> {
  return new Map(keys(data).map((k, r) => [k, r]));
}

/** Rows per group (dense user or item index) of `d`. */
export function groupCounts(d: Interactions, by: 'user' | 'item'): Map<number, number> {
  const counts = new Map<number, number>();
  for (const g of by === 'user' ? d.users : d.items) counts.set(g, (counts.get(g) ?? 0) + 1);
  return counts;
}
