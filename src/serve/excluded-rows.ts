import type { ModelSlot, RankedRows } from './model-slot.js';

/**
 * Item rows a response leaves out: the user's training items, the items of their events and the
 * request's filter, as model rows of one slot.
 */

/** Rows never to list: the user's training items (when excluding seen ones) and `extra`. */
export function seenRows(slot: ModelSlot, u: number, excludeSeen: boolean, extra: Set<number>): number[] {
  return excludeSeen ? [...slot.trainItems(u), ...extra] : [...extra];
}

/** Adds the row of `item` to `set`; an item the model does not know is skipped. */
export function addRow(set: Set<number>, slot: ModelSlot, item: string): void {
  const i = slot.itemRowOf(item);
  if (i >= 0) set.add(i);
}

/** The first `k` of `list` not in `drop`, or null when fewer than k remain (compute instead). */
export function dropRows(list: RankedRows, drop: Set<number>, k: number): RankedRows | null {
  if (drop.size === 0) return list.rows.length >= k ? { rows: list.rows.subarray(0, k), scores: list.scores.subarray(0, k) } : null;
  const rows: number[] = [];
  const scores: number[] = [];
  for (let j = 0; j < list.rows.length && rows.length < k; j++) {
    if (drop.has(list.rows[j]!)) continue;
    rows.push(list.rows[j]!);
    scores.push(list.scores[j]!);
  }
  return rows.length >= k ? { rows: Int32Array.from(rows), scores: Float32Array.from(scores) } : null;
}
