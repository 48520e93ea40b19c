import { IdMap } from '../data/id-map.js';

/** Training rows numbered and ordered canonically (see `canonicalTraining`). */
export interface CanonicalTraining {
  userIds: IdMap;
  itemIds: IdMap;
  /** Dense user and item index of each training row, with its rating, sorted by (user, item). */
  users: Int32Array;
  items: Int32Array;
  ratings: Float32Array;
}

/**
 * The training rows in a form that depends on their content only, not on their order or on how
 * the reader numbered the ids:
 *
 * - only the users and items that occur get an index (Spark's behaviour), numbered in canonical id
 *   order: int ids ascending, then string ids by UTF-16 code units (data/id-map.ts compareIds);
 * - rows sorted by (user, item), so every CSR built from them lists a row's entries in index order
 *   and every sum over them runs in the same order.
 *
 * With the initial factors drawn per id (init-factors.ts), the same rows in any order give the same
 * model, bit for bit. Two stable counting sorts, O(rows + ids), plus sorting the ids.
 */
export function canonicalTraining(
  users: Int32Array,
  items: Int32Array,
  ratings: Float32Array,
  userIds: IdMap,
  itemIds: IdMap,
): CanonicalTraining {
  const { userIds: uMap, itemIds: iMap, userIndex: uNew, itemIndex: iNew } = canonicalIds(users, items, userIds, itemIds);
  const n = users.length;
  // Stable counting sort by item, then by user: rows end up ordered by (user, item).
  const byItem = countingOrder(items, iNew, iMap.size, null);
  const order = countingOrder(users, uNew, uMap.size, byItem);
  const u = new Int32Array(n);
  const i = new Int32Array(n);
  const r = new Float32Array(n);
  for (let j = 0; j < n; j++) {
    const row = order[j]!;
    u[j] = uNew[users[row]!]!;
    i[j] = iNew[items[row]!]!;
    r[j] = ratings[row]!;
  }
  return { userIds: uMap, itemIds: iMap, users: u, items: i, ratings: r };
}

/** The canonical numbering alone: new id maps, and each old index's new one (−1 when unused). */
export interface CanonicalIds {
  userIds: IdMap;
  itemIds: IdMap;
  userIndex: Int32Array;
  itemIndex: Int32Array;
}

/**
 * The first half of canonicalTraining: the ids the rows use, numbered canonically, without
 * reordering the rows (the WASM fit builds its CSRs in canonical order from the rows as they are,
 * kernels/wasm/csr-into-memory.ts, so it never needs the sorted copy).
 */
export function canonicalIds(users: Int32Array, items: Int32Array, userIds: IdMap, itemIds: IdMap): CanonicalIds {
  const [uMap, uNew] = canonicalSide(users, userIds);
  const [iMap, iNew] = canonicalSide(items, itemIds);
  return { userIds: uMap, itemIds: iMap, userIndex: uNew, itemIndex: iNew };
}

/**
 * The ids that `column` uses, as a new map in canonical order, and for every index of `ids` its
 * new index (−1 when unused).
 */
function canonicalSide(column: Int32Array, ids: IdMap): [IdMap, Int32Array] {
  const present = new Uint8Array(ids.size);
  for (let r = 0; r < column.length; r++) present[column[r]!] = 1;
  const ints: number[] = [];
  const strings: string[] = [];
  for (let k = 0; k < ids.size; k++) {
    if (!present[k]) continue;
    const id = ids.toExternal(k);
    if (typeof id === 'number') ints.push(id);
    else strings.push(id);
  }
  const sortedInts = Int32Array.from(ints).sort(); // typed arrays sort numerically
  strings.sort(); // default order: UTF-16 code units
  const map = IdMap.from([...sortedInts, ...strings]);
  const newIndex = new Int32Array(ids.size).fill(-1);
  for (let k = 0; k < ids.size; k++) if (present[k]) newIndex[k] = map.toIndex(ids.toExternal(k));
  return [map, newIndex];
}

/**
 * Row order of a stable counting sort by key `renumber[column[row]]`, visiting rows in `within`
 * order (or 0..n−1).
 */
function countingOrder(column: Int32Array, renumber: Int32Array, numKeys: number, within: Int32Array | null): Int32Array {
  const n = column.length;
  const start = new Int32Array(numKeys + 1);
  for (let r = 0; r < n; r++) start[renumber[column[r]!]! + 1]!++;
  for (let k = 0; k < numKeys; k++) start[k + 1]! += start[k]!;
  const out = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const row = within ? within[j]! : j;
    out[start[renumber[column[row]!]!]!++] = row;
  }
  return out;
}
