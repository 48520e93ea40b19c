import type { IdMap } from '../data/id-map.js';
import type { Interactions } from '../data/interactions.js';
import { translateIds } from '../data/id-translation.js';
import type { SeenRows } from '../kernels/top-k.js';

/**
 * The pairs of `data` as seen-lists for top-K: for side 'user', row u lists the model item rows the
 * user has interacted with (sorted ascending); for side 'item', row i lists the model user rows.
 * Pairs whose user or item has no factors are ignored (they could never be recommended).
 */
export function seenRows(data: Interactions, modelUsers: IdMap, modelItems: IdMap, side: 'user' | 'item'): SeenRows {
  const userRow = translateIds(data.userIds, modelUsers);
  const itemRow = translateIds(data.itemIds, modelItems);
  const numQueries = side === 'user' ? modelUsers.size : modelItems.size;
  const n = data.users.length;
  const q = new Int32Array(n);
  const t = new Int32Array(n);
  let m = 0;
  for (let r = 0; r < n; r++) {
    const u = userRow[data.users[r]!]!;
    const i = itemRow[data.items[r]!]!;
    if (u < 0 || i < 0) continue;
    q[m] = side === 'user' ? u : i;
    t[m++] = side === 'user' ? i : u;
  }
  const indptr = new Int32Array(numQueries + 1);
  for (let j = 0; j < m; j++) indptr[q[j]! + 1]!++;
  for (let r = 0; r < numQueries; r++) indptr[r + 1]! += indptr[r]!;
  const next = indptr.slice(0, numQueries);
  const indices = new Int32Array(m);
  for (let j = 0; j < m; j++) indices[next[q[j]!]!++] = t[j]!;
  for (let r = 0; r < numQueries; r++) indices.subarray(indptr[r]!, indptr[r + 1]!).sort();
  return { indptr, indices };
}
