import type { RetrievalIndex } from './retrieval-index.js';

/**
 * How many targets the exact top-K scores per query, estimated on a sample of queries: the exact
 * scan visits targets by decreasing norm and stops once ‖q‖·‖y‖ falls below the K-th score s_K
 * (assembly/top-k.ts), so a query scores about #{y : ‖q‖·‖y‖ ≥ s_K} targets — counted here by
 * binary search in the sorted norms, with s_K from the exact lists of `sampleSize` query rows spread
 * evenly over `queries`. A lower bound of the real count (the scan stops at the first tile boundary
 * past that point, and its running K-th score is below the final one until the list settles), but
 * the quantity that decides between a scan and a graph: popularity-shaped factors (a few very long
 * vectors) give hundreds of targets, isotropic or narrow-norm factors nearly all of them.
 * Lists with fewer than K targets, or s_K ≤ 0, count as a full scan.
 */
export function estimateExactScan(exact: RetrievalIndex, targets: Float32Array, queries: Float32Array, rank: number, k = 10, sampleSize = 64): number {
  const n = targets.length / rank;
  const numQueries = queries.length / rank;
  if (n === 0 || numQueries === 0) return n;
  const m = Math.min(sampleSize, numQueries);
  const rows = Int32Array.from({ length: m }, (_, j) => Math.floor((j * numQueries) / m));
  const kth = Math.min(k, n);
  const lists = exact.search({ queries, queryRows: rows, k: kth });
  const norms = new Float64Array(n);
  for (let t = 0; t < n; t++) norms[t] = rowNorm(targets, t, rank);
  norms.sort(); // ascending
  let total = 0;
  for (let j = 0; j < m; j++) {
    const s = lists.scores[j * kth + kth - 1]!;
    const qn = rowNorm(queries, rows[j]!, rank);
    total += s > 0 && qn > 0 ? n - lowerBound(norms, s / qn) : n;
  }
  return total / m;
}

function rowNorm(F: Float32Array, row: number, rank: number): number {
  let s = 0;
  for (let a = 0; a < rank; a++) s += F[row * rank + a]! * F[row * rank + a]!;
  return Math.sqrt(s);
}

/** First index of the ascending `a` whose value is ≥ x. */
function lowerBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
