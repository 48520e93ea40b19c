/**
 * Chunk boundaries for splitting rows among threads. They depend only on the data and the model
 * size, never on the thread count, so every per-chunk partial result (Gram blocks, loss terms)
 * and its fixed-order reduction are the same for 1 and N threads.
 */

/**
 * Work per chunk, in multiply-adds: ~0.1–0.2 ms on one core — short enough to balance threads and
 * to let V8 swap in its optimised code between calls (a running WASM call stays in the baseline
 * tier), long enough that a call's overhead (~1 µs) is lost in it.
 */
const CHUNK_WORK = 1e6;

/**
 * Cost-balanced boundaries over CSR rows: row r costs `perEntry · n_r + perRow`, and each chunk
 * gathers consecutive rows until it reaches max(CHUNK_WORK, total / maxChunks).
 * Returns numChunks + 1 boundaries, from 0 to numRows.
 */
export function costBounds(indptr: Int32Array, numRows: number, perEntry: number, perRow: number, maxChunks = 65536): Int32Array {
  const total = perEntry * (indptr[numRows]! - indptr[0]!) + perRow * numRows;
  const target = Math.max(CHUNK_WORK, total / maxChunks);
  const bounds: number[] = [0];
  let acc = 0;
  for (let r = 0; r < numRows; r++) {
    acc += perEntry * (indptr[r + 1]! - indptr[r]!) + perRow;
    if (acc >= target && r + 1 < numRows) {
      bounds.push(r + 1);
      acc = 0;
    }
  }
  bounds.push(numRows);
  return Int32Array.from(bounds);
}

/** `numChunks` near-equal runs of consecutive rows (the Gram blocks). */
export function evenBounds(numRows: number, numChunks: number): Int32Array {
  const out = new Int32Array(numChunks + 1);
  for (let c = 0; c <= numChunks; c++) out[c] = Math.round((c * numRows) / numChunks);
  return out;
}

/** Gram blocks of a matrix with n rows: at least 512 rows each, at most 64 blocks. */
export function gramChunkCount(n: number): number {
  return Math.max(1, Math.min(64, Math.ceil(n / 512)));
}
