import type { TopKResult } from '../kernels/top-k.js';
import { listStarts, type PreparedQuery, type TargetPartition } from '../kernels/wasm/top-k-prepared.js';

/**
 * Top-K through an inverted file (IVF; Jégou et al. 2011, faiss's IndexIVFFlat with inner product)
 * — the TypeScript reference of the WASM kernel (assembly/ivf-scan.ts). The targets are split into
 * lists by k-means (kmeans.ts); a query is scored against the lists' centroids, the `probes` lists
 * with the highest qᵀc are kept (ties to the lower list), and only their targets are scored,
 * exactly. A target in a list not probed is missed: that is the approximation, and `probes` its
 * knob (all lists: the exact top-K). Each list is a cluster of directions and norms, so the lists
 * whose mean points most along q hold most of the targets with the largest qᵀy.
 *
 * Lists as the exact top-K's: best first, ties to the lower target index, seen targets and NaN
 * scores skipped, −1 / NaN past the candidates. (The kernel also stops each list early by the norm
 * bound ‖q‖·‖y‖, exactly; the reference scores every member, which returns the same lists.)
 */
export function ivfTopK(query: PreparedQuery, targets: Float32Array, rank: number, members: IvfMembers, probes: number): TopKResult {
  const { queries, k, seen } = query;
  const { centroids, numLists, start, order } = members;
  const rows = query.queryRows ?? Int32Array.from({ length: queries.length / rank }, (_, i) => i);
  const P = Math.min(probes, numLists);
  const indices = new Int32Array(rows.length * k).fill(-1);
  const scores = new Float32Array(rows.length * k).fill(NaN);
  const listScore = new Float32Array(numLists);
  const byScore = (a: number, b: number) => listScore[b]! - listScore[a]! || a - b;
  for (let j = 0; j < rows.length; j++) {
    const row = rows[j]!;
    const q = queries.subarray(row * rank, row * rank + rank);
    for (let l = 0; l < numLists; l++) listScore[l] = dot(q, centroids, l, rank);
    const probed = Array.from({ length: numLists }, (_, l) => l)
      .filter((l) => listScore[l] === listScore[l])
      .sort(byScore)
      .slice(0, P);
    const skip = seen ? new Set(seen.indices.subarray(seen.indptr[row]!, seen.indptr[row + 1]!)) : null;
    const found: { s: number; t: number }[] = [];
    for (const l of probed) {
      for (let p = start[l]!; p < start[l + 1]!; p++) {
        const t = order[p]!;
        if (skip?.has(t)) continue;
        const s = dot(q, targets, t, rank);
        if (s === s) found.push({ s, t });
      }
    }
    found.sort((a, b) => b.s - a.s || a.t - b.t);
    for (let m = 0; m < Math.min(k, found.length); m++) {
      indices[j * k + m] = found[m]!.t;
      scores[j * k + m] = found[m]!.s;
    }
  }
  return { indices, scores, k };
}

/** A partition as the reference scans it: each list's targets, list after list. */
export interface IvfMembers {
  centroids: Float32Array;
  numLists: number;
  /** List l's targets are order[start[l] .. start[l+1]). */
  start: Int32Array;
  order: Int32Array;
}

export function ivfMembers(partition: TargetPartition): IvfMembers {
  const { lists, numLists } = partition;
  const start = listStarts(partition);
  const fill = start.slice(0, numLists);
  const order = new Int32Array(lists.length);
  for (let t = 0; t < lists.length; t++) order[fill[lists[t]!]!++] = t;
  return { centroids: partition.centroids, numLists, start, order };
}

/** qᵀ row r of M in float64, rounded to float32 (the reference scores). */
function dot(q: Float32Array, M: Float32Array, r: number, rank: number): number {
  let d = 0;
  for (let a = 0; a < rank; a++) d += q[a]! * M[r * rank + a]!;
  return Math.fround(d);
}
