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

/** indptr of the CSR whose row j holds the entries with rows[·] = j (numRows + 1 values). */
export function csrIndptr(rows: Int32Array, numRows: number): Int32Array {
  const indptr = new Int32Array(numRows + 1);
  for (let j = 0; j < rows.length; j++) indptr[rows[j]! + 1]!++;
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
