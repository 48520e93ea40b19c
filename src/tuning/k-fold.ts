import { Random } from '../data/random.js';
import { cutPoints } from '../data/split-ratios.js';

/**
 * The fold of each of n rows for k-fold cross-validation: the row indices are shuffled with
 * Random(seed) (Fisher–Yates, as randomSplit) and the shuffled order is cut into k parts at
 * round(n·j/k), j = 1 … k−1. Fold j is the validation set of split j; the other k−1 folds train.
 *
 *   n = 10, k = 3 → fold sizes 3, 4, 3 (cuts at round(3.33) = 3 and round(6.67) = 7)
 *
 * Every row is in exactly one fold and fold sizes differ by at most one. Spark's CrossValidator
 * (MLUtils.kFold) instead draws one uniform number per row and keeps it in fold ⌊u·k⌋, so its
 * fold sizes vary around n/k; the exact sizes here keep every fold non-empty whenever n ≥ k.
 */
export function kFoldAssignment(n: number, k: number, seed: number): Int32Array {
  if (!(Number.isInteger(k) && k >= 2)) throw new RangeError(`kFold: the number of folds must be an integer >= 2, got ${k}`);
  if (!(Number.isInteger(n) && n >= k)) {
    throw new RangeError(`kFold: ${n} rows cannot make ${k} non-empty folds; use at most ${n} folds or more data`);
  }
  if (!Number.isFinite(seed)) throw new RangeError(`kFold: seed must be a finite number, got ${seed}`);
  const order = new Int32Array(n);
  for (let r = 0; r < n; r++) order[r] = r;
  new Random(seed).shuffle(order);
  const cut = cutPoints(new Array<number>(k).fill(1 / k), n);
  const fold = new Int32Array(n);
  for (let j = 0; j < k; j++) {
    for (let p = cut[j]!; p < cut[j + 1]!; p++) fold[order[p]!] = j;
  }
  return fold;
}
