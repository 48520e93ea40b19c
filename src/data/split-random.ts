import type { Interactions } from './interactions.js';
import { Random } from './random.js';
import { cutPoints, normaliseRatios, partsFromAssignment, requireRows, type SplitRatio } from './split-ratios.js';

/**
 * Random split: the n row indices are shuffled with Random(seed) (Fisher–Yates), and the shuffled
 * order is cut at round(n · cumulative fraction). `ratio` r means [r, 1 − r]; a list is normalised
 * to sum 1. Sizes are exact (unlike Spark's randomSplit, which samples each row independently).
 * Each part keeps the input's row order and its id maps.
 *
 *   randomSplit(data, 0.75)          → [train, test], |train| = round(0.75 n)
 *   randomSplit(data, [0.6, 0.2, 0.2]) → [train, validation, test]
 */
export function randomSplit(data: Interactions, ratio: SplitRatio, seed = 42): Interactions[] {
  const fractions = normaliseRatios(ratio, 'randomSplit');
  const n = requireRows(data, 'randomSplit');
  if (!Number.isFinite(seed)) throw new Error(`randomSplit: seed must be a finite number, got ${seed}`);
  const order = new Int32Array(n);
  for (let r = 0; r < n; r++) order[r] = r;
  new Random(seed).shuffle(order);
  const cut = cutPoints(fractions, n);
  const partOf = new Int32Array(n);
  for (let k = 0; k < fractions.length; k++) {
    for (let j = cut[k]!; j < cut[k + 1]!; j++) partOf[order[j]!] = k;
  }
  return partsFromAssignment(data, partOf, fractions.length);
}
