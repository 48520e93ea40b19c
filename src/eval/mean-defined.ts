/**
 * Mean of the entries that are not NaN; NaN when there are none. Per-user metric arrays mark
 * the users a metric leaves out with NaN, and their mean is over the others:
 *
 *   [0.5, NaN, 1]  →  0.75
 */
export function meanDefined(x: ArrayLike<number>): number {
  let s = 0;
  let n = 0;
  for (let p = 0; p < x.length; p++) {
    const v = x[p]!;
    if (Number.isNaN(v)) continue;
    s += v;
    n++;
  }
  return n === 0 ? NaN : s / n;
}
