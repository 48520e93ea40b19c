import { buildCSR, type CSR } from '../data/csr.js';

/**
 * Item–item co-occurrence cosine over training users (Zhang et al., Auralist, WSDM 2012;
 * recommenders' `item_cooccurrence_count` measure):
 *
 *   sim(i, j) = |U_i ∩ U_j| / sqrt(|U_i| · |U_j|),   U_i = the training users of item i
 *
 * 0 when the items share no user or either has none (recommenders' fillna(0)).
 *
 *   U_0 = {0, 2}, U_3 = {2}:  sim(0, 3) = 1 / sqrt(2 · 1) ≈ 0.707
 *
 * No items × items matrix is ever built: `itemSimilarity` intersects two sorted user lists for one
 * pair, and `cooccurrenceRow` fills the counts |U_i ∩ U_j| of one item against all others through
 * item → users → items, touching only the items that co-occur.
 */
export interface CooccurrenceIndex {
  /** Row u lists the training items of user u (input order). */
  readonly userItems: CSR;
  /** Row i lists the training users of item i, ascending. */
  readonly itemUsers: CSR;
}

/**
 * The index of distinct training pairs grouped by user (`userItems`, e.g. from `groupInputs`).
 * Transposing a by-user CSR visits users in order, so every item's user list comes out sorted.
 */
export function cooccurrenceIndex(userItems: CSR): CooccurrenceIndex {
  const nnz = userItems.indices.length;
  const rowOf = new Int32Array(nnz);
  for (let u = 0; u < userItems.numRows; u++) {
    rowOf.fill(u, userItems.indptr[u]!, userItems.indptr[u + 1]!);
  }
  const itemUsers = buildCSR(userItems.indices, rowOf, new Float32Array(nnz), userItems.numCols, userItems.numRows);
  return { userItems, itemUsers };
}

/** sim(i, j) by merging the sorted user lists of i and j: O(|U_i| + |U_j|). */
export function itemSimilarity(index: CooccurrenceIndex, i: number, j: number): number {
  const { indptr, indices } = index.itemUsers;
  let p = indptr[i]!;
  let q = indptr[j]!;
  const pEnd = indptr[i + 1]!;
  const qEnd = indptr[j + 1]!;
  const ni = pEnd - p;
  const nj = qEnd - q;
  if (ni === 0 || nj === 0) return 0;
  let common = 0;
  while (p < pEnd && q < qEnd) {
    const a = indices[p]!;
    const b = indices[q]!;
    if (a === b) {
      common++;
      p++;
      q++;
    } else if (a < b) p++;
    else q++;
  }
  return common / Math.sqrt(ni * nj);
}

/**
 * Writes counts[j] += |U_i ∩ U_j| for every item j co-occurring with i (i itself included, with
 * count |U_i|) and lists each such j once in `touched`; returns how many. `counts` must be zero
 * on entry (numItems long); the caller resets the touched entries afterwards.
 * Cost Σ_{v ∈ U_i} |I_v|.
 */
export function cooccurrenceRow(index: CooccurrenceIndex, i: number, counts: Int32Array, touched: Int32Array): number {
  const { indptr: iu, indices: users } = index.itemUsers;
  const { indptr: ui, indices: items } = index.userItems;
  let t = 0;
  for (let p = iu[i]!; p < iu[i + 1]!; p++) {
    const v = users[p]!;
    for (let q = ui[v]!; q < ui[v + 1]!; q++) {
      const j = items[q]!;
      if (counts[j]!++ === 0) touched[t++] = j;
    }
  }
  return t;
}

/** |U_i| for every item: the number of training users of each. */
export function itemUserCounts(index: CooccurrenceIndex): Int32Array {
  const { indptr, numRows } = index.itemUsers;
  const out = new Int32Array(numRows);
  for (let i = 0; i < numRows; i++) out[i] = indptr[i + 1]! - indptr[i]!;
  return out;
}
