import type { SeenRows } from '../kernels/top-k.js';

/**
 * Exact re-ranking of an approximate method's candidates: for query row `row` of Q, scores each
 * candidate target t (qᵀy_t, summed in float64, rounded to float32 as the reference top-K does),
 * skips the targets seen by that row (listed in any order) and NaN scores, and writes the best k — best first, ties to
 * the lower target — into outIdx/outScore from `off` (−1 / NaN past the candidates). A sorted
 * insertion into k slots: candidates number in the hundreds to thousands and k is small.
 */
export function rerank(
  Q: Float32Array,
  row: number,
  Y: Float32Array,
  rank: number,
  candidates: Int32Array,
  count: number,
  seen: SeenRows | undefined,
  k: number,
  outIdx: Int32Array,
  outScore: Float32Array,
  off: number,
): void {
  let size = 0;
  const qo = row * rank;
  const s0 = seen ? seen.indptr[row]! : 0;
  const s1 = seen ? seen.indptr[row + 1]! : 0;
  // SeenRows may list a row's targets in any order: binary search when sorted, else a set
  const unsorted = s1 > s0 && !isSorted(seen!.indices, s0, s1) ? new Set(seen!.indices.subarray(s0, s1)) : null;
  for (let c = 0; c < count; c++) {
    const t = candidates[c]!;
    if (unsorted ? unsorted.has(t) : s1 > s0 && isSeen(seen!.indices, s0, s1, t)) continue;
    const to = t * rank;
    let s = 0;
    for (let a = 0; a < rank; a++) s += Q[qo + a]! * Y[to + a]!;
    s = Math.fround(s);
    if (s !== s) continue;
    if (size === k && !better(s, t, outScore[off + k - 1]!, outIdx[off + k - 1]!)) continue;
    let p = size < k ? size++ : k - 1;
    while (p > 0 && better(s, t, outScore[off + p - 1]!, outIdx[off + p - 1]!)) {
      outScore[off + p] = outScore[off + p - 1]!;
      outIdx[off + p] = outIdx[off + p - 1]!;
      p--;
    }
    outScore[off + p] = s;
    outIdx[off + p] = t;
  }
  for (let p = size; p < k; p++) {
    outIdx[off + p] = -1;
    outScore[off + p] = NaN;
  }
}

function better(sa: number, ia: number, sb: number, ib: number): boolean {
  return sa > sb || (sa === sb && ia < ib);
}

function isSorted(indices: Int32Array, lo: number, hi: number): boolean {
  for (let e = lo + 1; e < hi; e++) if (indices[e - 1]! > indices[e]!) return false;
  return true;
}

/** Binary search of t in the sorted indices[lo, hi). */
function isSeen(indices: Int32Array, lo: number, hi: number, t: number): boolean {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = indices[mid]!;
    if (v === t) return true;
    if (v < t) lo = mid + 1;
    else hi = mid;
  }
  return false;
}
