/**
 * Top-K by dot product: for each query row q (a user's factors), the K target rows t (items) with
 * the largest qᵀt, best first, ties broken by the lower target index, skipping the targets listed
 * as seen for that query. Queries are scored in blocks against tiles of targets (a small GEMM), and
 * each query keeps a bounded min-heap of its best K, so memory is O(block × tile + block × K) — never
 * the full query × target matrix.
 *
 * Result rows hold target indices (−1 past the number of candidates) and their scores (NaN there).
 */
export interface TopKResult {
  /** numQueries × K target indices, best first; −1 where fewer than K candidates exist. */
  indices: Int32Array;
  /** numQueries × K scores matching `indices`; NaN where the index is −1. */
  scores: Float32Array;
  k: number;
}

/** The seen targets of each query, as CSR; a row's indices may come in any order and repeat. */
export interface SeenRows {
  indptr: Int32Array;
  indices: Int32Array;
}

export interface TopKInput {
  /** Query factors, numQueries × rank, row-major. */
  queries: Float32Array;
  /** Which rows of `queries` to score (all when omitted). Result row j belongs to queryRows[j]. */
  queryRows?: Int32Array;
  /** Target factors, numTargets × rank, row-major. */
  targets: Float32Array;
  rank: number;
  k: number;
  /** Seen targets per query row (indexed by query row, not by result row). */
  seen?: SeenRows;
}

const QUERY_BLOCK = 32;
const TARGET_TILE = 2048;

/** Blocked top-K with bounded heaps (the fast path). */
export function topK(input: TopKInput): TopKResult {
  const { queries, targets, rank, k, seen } = input;
  const numTargets = targets.length / rank;
  const rows = input.queryRows ?? identity(queries.length / rank);
  const n = rows.length;
  const outIdx = new Int32Array(n * k).fill(-1);
  const outScore = new Float32Array(n * k).fill(NaN);
  const tile = new Float32Array(QUERY_BLOCK * TARGET_TILE);
  const heapScore = new Float32Array(QUERY_BLOCK * k);
  const heapIdx = new Int32Array(QUERY_BLOCK * k);
  const heapSize = new Int32Array(QUERY_BLOCK);
  // Bit b of seenMask[t] says that query b of the current block has seen target t: one word per
  // target serves the whole block (QUERY_BLOCK = 32 bits), whatever the order or repeats of the
  // seen lists. Set before a block, cleared after it: O(seen) per block.
  const seenMask = seen ? new Int32Array(numTargets) : null;
  for (let q0 = 0; q0 < n; q0 += QUERY_BLOCK) {
    const qb = Math.min(QUERY_BLOCK, n - q0);
    heapSize.fill(0);
    if (seenMask) markSeen(seen!, rows, q0, qb, seenMask, true);
    for (let t0 = 0; t0 < numTargets; t0 += TARGET_TILE) {
      const tb = Math.min(TARGET_TILE, numTargets - t0);
      scoreTile(queries, rows, q0, qb, targets, t0, tb, rank, tile);
      for (let b = 0; b < qb; b++) {
        const hOff = b * k;
        const base = b * TARGET_TILE;
        for (let t = 0; t < tb; t++) {
          const target = t0 + t;
          if (seenMask && (seenMask[target]! >>> b) & 1) continue;
          const s = tile[base + t]!;
          if (s !== s) continue; // NaN factors never rank
          heapPush(heapScore, heapIdx, hOff, heapSize, b, k, s, target);
        }
      }
    }
    if (seenMask) markSeen(seen!, rows, q0, qb, seenMask, false);
    for (let b = 0; b < qb; b++) heapDrain(heapScore, heapIdx, b * k, heapSize[b]!, outIdx, outScore, (q0 + b) * k);
  }
  return { indices: outIdx, scores: outScore, k };
}

/** Sets (or clears) bit b of mask[t] for every target t seen by query b of the block at q0. */
function markSeen(seen: SeenRows, rows: Int32Array, q0: number, qb: number, mask: Int32Array, on: boolean): void {
  for (let b = 0; b < qb; b++) {
    const row = rows[q0 + b]!;
    for (let e = seen.indptr[row]!; e < seen.indptr[row + 1]!; e++) {
      const t = seen.indices[e]!;
      if (on) mask[t] = mask[t]! | (1 << b);
      else mask[t] = 0;
    }
  }
}

/** tile[b][t] = queries[rows[q0+b]] · targets[t0+t], in float64 rounded to float32. */
function scoreTile(
  queries: Float32Array,
  rows: Int32Array,
  q0: number,
  qb: number,
  targets: Float32Array,
  t0: number,
  tb: number,
  rank: number,
  tile: Float32Array,
): void {
  for (let b = 0; b < qb; b++) {
    const qo = rows[q0 + b]! * rank;
    const base = b * TARGET_TILE;
    for (let t = 0; t < tb; t++) {
      const to = (t0 + t) * rank;
      let s = 0;
      for (let a = 0; a < rank; a++) s += queries[qo + a]! * targets[to + a]!;
      tile[base + t] = s;
    }
  }
}

/** a ranks below b: lower score, or equal score and higher index. */
function worse(sa: number, ia: number, sb: number, ib: number): boolean {
  return sa < sb || (sa === sb && ia > ib);
}

function heapPush(
  hs: Float32Array,
  hi: Int32Array,
  off: number,
  sizes: Int32Array,
  b: number,
  k: number,
  s: number,
  idx: number,
): void {
  let size = sizes[b]!;
  if (size < k) {
    let i = size++;
    sizes[b] = size;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!worse(s, idx, hs[off + parent]!, hi[off + parent]!)) break;
      hs[off + i] = hs[off + parent]!;
      hi[off + i] = hi[off + parent]!;
      i = parent;
    }
    hs[off + i] = s;
    hi[off + i] = idx;
    return;
  }
  // heap root is the worst kept; replace it when the newcomer is better
  if (!worse(hs[off]!, hi[off]!, Math.fround(s), idx)) return;
  siftDown(hs, hi, off, size, Math.fround(s), idx);
}

function siftDown(hs: Float32Array, hi: Int32Array, off: number, size: number, s: number, idx: number): void {
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= size) break;
    const r = l + 1;
    let c = l;
    if (r < size && worse(hs[off + r]!, hi[off + r]!, hs[off + l]!, hi[off + l]!)) c = r;
    if (!worse(hs[off + c]!, hi[off + c]!, s, idx)) break;
    hs[off + i] = hs[off + c]!;
    hi[off + i] = hi[off + c]!;
    i = c;
  }
  hs[off + i] = s;
  hi[off + i] = idx;
}

/** Pops the heap worst-first into the output row from the back, leaving it best-first. */
function heapDrain(
  hs: Float32Array,
  hi: Int32Array,
  off: number,
  size: number,
  outIdx: Int32Array,
  outScore: Float32Array,
  outOff: number,
): void {
  for (let n = size; n > 0; n--) {
    outIdx[outOff + n - 1] = hi[off]!;
    outScore[outOff + n - 1] = hs[off]!;
    const lastS = hs[off + n - 1]!;
    const lastI = hi[off + n - 1]!;
    if (n > 1) siftDown(hs, hi, off, n - 1, lastS, lastI);
  }
}

/**
 * Reference: score every target, drop the seen ones, sort. Obviously correct, O(targets) memory
 * per query; tests compare `topK` against it.
 */
export function topKBruteForce(input: TopKInput): TopKResult {
  const { queries, targets, rank, k, seen } = input;
  const numTargets = targets.length / rank;
  const rows = input.queryRows ?? identity(queries.length / rank);
  const outIdx = new Int32Array(rows.length * k).fill(-1);
  const outScore = new Float32Array(rows.length * k).fill(NaN);
  rows.forEach((row, j) => {
    const excluded = new Set<number>();
    if (seen) for (let e = seen.indptr[row]!; e < seen.indptr[row + 1]!; e++) excluded.add(seen.indices[e]!);
    const cands: { s: number; t: number }[] = [];
    for (let t = 0; t < numTargets; t++) {
      if (excluded.has(t)) continue;
      let s = 0;
      for (let a = 0; a < rank; a++) s += queries[row * rank + a]! * targets[t * rank + a]!;
      s = Math.fround(s);
      if (!Number.isNaN(s)) cands.push({ s, t });
    }
    cands.sort((x, y) => y.s - x.s || x.t - y.t);
    cands.slice(0, k).forEach((c, r) => {
      outIdx[j * k + r] = c.t;
      outScore[j * k + r] = c.s;
    });
  });
  return { indices: outIdx, scores: outScore, k };
}

function identity(n: number): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}
