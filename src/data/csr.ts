/**
 * Compressed sparse rows: the entries of row r are `indices[indptr[r] .. indptr[r+1])` with
 * `values` alongside. `userItems` has a row per user listing the items they rated; `itemUsers` is
 * its transpose. Built with a counting sort in O(nnz + rows); within a row, entries keep the
 * order of the input rows.
 *
 *   users [0,0,1], items [1,2,0], ratings [4,5,3], 2 users, 3 items
 *   userItems: indptr [0,2,3], indices [1,2,0], values [4,5,3]
 *   itemUsers: indptr [0,1,2,3], indices [1,0,0], values [3,4,5]
 */
export interface CSR {
  readonly numRows: number;
  readonly numCols: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

/** CSR of (rows[j], cols[j], values[j]) with `numRows` rows and `numCols` columns. */
export function buildCSR(
  rows: Int32Array,
  cols: Int32Array,
  values: Float32Array,
  numRows: number,
  numCols: number,
): CSR {
  const nnz = rows.length;
  const indptr = new Int32Array(numRows + 1);
  for (let j = 0; j < nnz; j++) indptr[rows[j]! + 1]!++;
  for (let r = 0; r < numRows; r++) indptr[r + 1]! += indptr[r]!;
  const next = indptr.slice(0, numRows);
  const indices = new Int32Array(nnz);
  const vals = new Float32Array(nnz);
  for (let j = 0; j < nnz; j++) {
    const p = next[rows[j]!]!++;
    indices[p] = cols[j]!;
    vals[p] = values[j]!;
  }
  return { numRows, numCols, indptr, indices, values: vals };
}

/** Number of entries in row r. */
export function rowLength(csr: CSR, r: number): number {
  return csr.indptr[r + 1]! - csr.indptr[r]!;
}
