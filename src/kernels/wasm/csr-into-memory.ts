/**
 * CSR built directly in WASM memory, by the same stable counting sort as src/data/csr.ts (each row
 * lists its entries in input order, as on the TypeScript path) and without an intermediate
 * JavaScript copy of the big arrays. In two passes, because the memory is sized — and the chunk
 * boundaries chosen — from the row counts before anything is written:
 *
 *   const indptr = csrIndptr(users, numUsers);            // O(nnz)
 *   … size the memory …
 *   csrScatter(users, items, ratings, indptr, indices, values);   // views into the memory
 */
import type { HostValues } from './csr-window.js';


/**
 * indptr of the CSR whose row j holds the entries with rows[·] = j (numRows + 1 values); with
 * `renumber`, the entries with renumber[rows[·]] = j.
 */
export function csrIndptr(rows: Int32Array, numRows: number, renumber: Int32Array | null = null): Int32Array {
  const indptr = new Int32Array(numRows + 1);
  if (renumber) for (let j = 0; j < rows.length; j++) indptr[renumber[rows[j]!]! + 1]!++;
  else for (let j = 0; j < rows.length; j++) indptr[rows[j]! + 1]!++;
  for (let r = 0; r < numRows; r++) indptr[r + 1]! += indptr[r]!;
  return indptr;
}

/** Writes cols and values into `indices` and `vals` (views of nnz elements) in CSR order. */
export function csrScatter(
  rows: Int32Array,
  cols: Int32Array,
  values: Float32Array,
  indptr: Int32Array,
  indices: Int32Array,
  vals: Float32Array,
): void {
  const next = indptr.slice(0, indptr.length - 1);
  for (let j = 0; j < rows.length; j++) {
    const p = next[rows[j]!]!++;
    indices[p] = cols[j]!;
    vals[p] = values[j]!;
  }
}

/**
 * Both CSRs of a training set in canonical order (canonicalCsrPair), in host memory: what a WASM fit would otherwise build from the rows, for every fit.
 */
export interface CsrPair {
  userPtr: Int32Array;
  itemPtr: Int32Array;
  userIndices: Int32Array;
  userValues: Float32Array;
  itemIndices: Int32Array;
  itemValues: Float32Array;
}

/** A column of the input rows, as canonicalCsrPair lets go of them. */
export type RowColumn = 'users' | 'items' | 'ratings';

/** Where canonicalCsrPair writes: the two CSRs' indices and values (nnz elements each, in WASM memory or host memory). */
export interface CsrPairViews {
  /** Item indices of the user CSR: 16-bit where every index fits (csr-window.ts compactIndices). */
  userIndices: Int32Array | Uint16Array;
  /** Float32, or integer arrays when every rating is a whole number that fits (csr-window.ts compactValues). */
  userValues: HostValues;
  itemIndices: Int32Array | Uint16Array;
  itemValues: HostValues;
}

/**
 * Both CSRs of the rows (user → items and item → users) in canonical order — each row's entries by
 * ascending index, ties in input order — whatever order the rows come in, as if they had been
 * sorted by (user, item) first (als/canonical-order.ts) but without that sorted copy:
 *
 *   1. scatter the rows into the item CSR (each item's users in input order), first the ratings —
 *      then `release(['ratings'])` — then the users — then `release(['users', 'items'])`: the
 *      columns are not read again, so a caller may free them there;
 *   3. walk the items in order into the user CSR (each user's items now ascending);
 *   4. walk the users in order back into the item CSR (each item's users now ascending).
 *
 * Steps 3 and 4 are stable counting sorts, so the result equals csrScatter on rows sorted by
 * (user, item) with a stable sort, bit for bit. `userOf`/`itemOf` renumber the row's indices
 * (null: as they are); `userPtr`/`itemPtr` come from csrIndptr with the same renumbering.
 */
export function canonicalCsrPair(
  users: Int32Array,
  items: Int32Array,
  ratings: Float32Array,
  userOf: Int32Array | null,
  itemOf: Int32Array | null,
  userPtr: Int32Array,
  itemPtr: Int32Array,
  out: CsrPairViews,
  release: (columns: readonly RowColumn[]) => void = () => {},
): void {
  const { userIndices, userValues, itemIndices, itemValues } = out;
  const numUsers = userPtr.length - 1;
  const numItems = itemPtr.length - 1;
  const nnz = users.length;
  // Step 1 in two sweeps, so the ratings can go before the indices are written: the values first,
  // as they are often the narrower array (whole-number ratings in 8 bits, csr-window.ts), so the
  // peak is rows + values, then rows − ratings + values + indices.
  let next = itemPtr.slice(0, numItems);
  for (let j = 0; j < nnz; j++) itemValues[next[itemOf ? itemOf[items[j]!]! : items[j]!]!++] = ratings[j]!;
  release(['ratings']);
  next = itemPtr.slice(0, numItems);
  for (let j = 0; j < nnz; j++) {
    const p = next[itemOf ? itemOf[items[j]!]! : items[j]!]!++;
    itemIndices[p] = userOf ? userOf[users[j]!]! : users[j]!;
  }
  release(['users', 'items']);
  next = userPtr.slice(0, numUsers);
  for (let i = 0; i < numItems; i++) {
    for (let p = itemPtr[i]!, e = itemPtr[i + 1]!; p < e; p++) {
      const q = next[itemIndices[p]!]!++;
      userIndices[q] = i;
      userValues[q] = itemValues[p]!;
    }
  }
  next = itemPtr.slice(0, numItems);
  for (let u = 0; u < numUsers; u++) {
    for (let q = userPtr[u]!, e = userPtr[u + 1]!; q < e; q++) {
      const p = next[userIndices[q]!]!++;
      itemIndices[p] = u;
      itemValues[p] = userValues[q]!;
    }
  }
}
