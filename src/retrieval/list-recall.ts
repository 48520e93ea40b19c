import type { TopKResult } from '../kernels/top-k.js';

/**
 * recall@k of approximate top-K lists against the exact ones (same queries, same k): the share of
 * the exact lists' targets (−1 padding left out) that the approximate lists hold; 1 when the exact
 * lists are empty.
 */
export function listRecall(got: TopKResult, truth: TopKResult): number {
  const k = truth.k;
  let hits = 0;
  let total = 0;
  for (let j = 0; j < truth.indices.length / k; j++) {
    const want = new Set(Array.from(truth.indices.subarray(j * k, j * k + k)).filter((t) => t >= 0));
    total += want.size;
    for (const t of got.indices.subarray(j * k, j * k + k)) if (want.has(t)) hits++;
  }
  return total === 0 ? 1 : hits / total;
}
