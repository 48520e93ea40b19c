/**
 * The shared first step of every ranking metric: where, among the first min(k, ranked.length)
 * recommendations, the relevant items sit.
 *
 *   ranked [7, 3, 9, 4], relevant {4, 7, 8}, k 3  →  hit ranks [1]   (4 is at rank 4, past k)
 *
 * Ranks count from 1. `ranked` holds item ids in rank order (best first), already cut or not;
 * items past k are ignored. A list shorter than k is simply scored as it is.
 */

/** Throws unless k is a positive integer. */
export function checkK(k: number, where: string): void {
  if (!Number.isInteger(k) || k < 1) {
    throw new RangeError(`${where}: k must be a positive integer, got ${k}`);
  }
}

/**
 * Ranks (1-based, increasing) of the items of `ranked[0 .. min(k, length))` that are in `relevant`.
 * Throws when a relevant item appears twice in the top k: it would be counted twice (Spark and
 * recommenders both do) and push recall or nDCG above 1; a recommendation list holds each item once.
 */
export function hitRanks(
  ranked: ArrayLike<number>,
  relevant: ReadonlySet<number>,
  k: number,
  where: string,
): number[] {
  checkK(k, where);
  const n = Math.min(k, ranked.length);
  const ranks: number[] = [];
  const items: number[] = [];
  for (let p = 0; p < n; p++) {
    const item = ranked[p]!;
    if (!relevant.has(item)) continue;
    const first = items.indexOf(item);
    if (first >= 0) {
      throw new RangeError(
        `${where}: item ${item} appears at ranks ${ranks[first]} and ${p + 1} of the ranked list; ` +
          `each item must be recommended at most once`,
      );
    }
    ranks.push(p + 1);
    items.push(item);
  }
  return ranks;
}
