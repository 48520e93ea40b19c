/**
 * Rating metrics on paired values: `truth[p]` is the held-out rating of pair p and `prediction[p]`
 * the model's estimate for the same (user, item) pair. Callers pass only the pairs present in both
 * (drop cold-start NaN predictions first, as `coldStartStrategy: 'drop'` does); every function
 * throws when the lengths differ, when there are no pairs, or when a value is not finite.
 * Sums run in float64 whatever the input type.
 *
 * Definitions are those of Microsoft recommenders' python_evaluation, which calls sklearn:
 * rmse, mae, rsquared (`r2_score`), explainedVariance (`explained_variance_score`).
 */

/** All four rating metrics, and the number of pairs they were computed on. */
export interface RatingMetrics {
  readonly rmse: number;
  readonly mae: number;
  readonly rsquared: number;
  readonly explainedVariance: number;
  readonly count: number;
}

/** rmse = sqrt( Σ_p (r_p − r̂_p)² / n ). 0 for a perfect prediction. */
export function rmse(truth: ArrayLike<number>, prediction: ArrayLike<number>): number {
  const n = checkPaired(truth, prediction, 'rmse');
  let ss = 0;
  for (let p = 0; p < n; p++) {
    const d = truth[p]! - prediction[p]!;
    ss += d * d;
  }
  return Math.sqrt(ss / n);
}

/** mae = Σ_p |r_p − r̂_p| / n. */
export function mae(truth: ArrayLike<number>, prediction: ArrayLike<number>): number {
  const n = checkPaired(truth, prediction, 'mae');
  let s = 0;
  for (let p = 0; p < n; p++) s += Math.abs(truth[p]! - prediction[p]!);
  return s / n;
}

/**
 * Coefficient of determination, sklearn's `r2_score`:
 *
 *   rsquared = 1 − Σ_p (r_p − r̂_p)² / Σ_p (r_p − r̄)²
 *
 * It charges a constant bias: predicting r + c scores 1 − n·c² / Σ(r − r̄)². Can be negative.
 * As sklearn (force_finite): a constant truth gives 1 when the prediction is exact, else 0;
 * a single pair gives NaN ("not well-defined with less than two samples").
 */
export function rsquared(truth: ArrayLike<number>, prediction: ArrayLike<number>): number {
  const n = checkPaired(truth, prediction, 'rsquared');
  if (n < 2) return NaN;
  const mean = meanOf(truth, n);
  let ssRes = 0;
  let ssTot = 0;
  for (let p = 0; p < n; p++) {
    const d = truth[p]! - prediction[p]!;
    const c = truth[p]! - mean;
    ssRes += d * d;
    ssTot += c * c;
  }
  return finiteScore(ssRes, ssTot);
}

/**
 * Explained variance, sklearn's `explained_variance_score`:
 *
 *   explainedVariance = 1 − Var(r − r̂) / Var(r),   Var(x) = Σ_p (x_p − x̄)² / n
 *
 * Unlike rsquared it ignores a constant bias: r̂ = r + c has Var(r − r̂) = 0 and scores 1.
 * A constant truth gives 1 when the residual is constant, else 0 (sklearn's force_finite).
 */
export function explainedVariance(truth: ArrayLike<number>, prediction: ArrayLike<number>): number {
  const n = checkPaired(truth, prediction, 'explainedVariance');
  const meanTruth = meanOf(truth, n);
  let meanDiff = 0;
  for (let p = 0; p < n; p++) meanDiff += truth[p]! - prediction[p]!;
  meanDiff /= n;
  let varDiff = 0;
  let varTruth = 0;
  for (let p = 0; p < n; p++) {
    const d = truth[p]! - prediction[p]! - meanDiff;
    const c = truth[p]! - meanTruth;
    varDiff += d * d;
    varTruth += c * c;
  }
  return finiteScore(varDiff / n, varTruth / n);
}

/** rmse, mae, rsquared and explainedVariance of the same pairs. */
export function ratingMetrics(truth: ArrayLike<number>, prediction: ArrayLike<number>): RatingMetrics {
  return {
    rmse: rmse(truth, prediction),
    mae: mae(truth, prediction),
    rsquared: rsquared(truth, prediction),
    explainedVariance: explainedVariance(truth, prediction),
    count: truth.length,
  };
}

/** 1 − num/den, with sklearn's force_finite rule when den = 0: 1 if num = 0, else 0. */
function finiteScore(num: number, den: number): number {
  if (den === 0) return num === 0 ? 1 : 0;
  return 1 - num / den;
}

function meanOf(x: ArrayLike<number>, n: number): number {
  let s = 0;
  for (let p = 0; p < n; p++) s += x[p]!;
  return s / n;
}

/** Returns the number of pairs after checking lengths and values. */
function checkPaired(truth: ArrayLike<number>, prediction: ArrayLike<number>, where: string): number {
  const n = truth.length;
  if (prediction.length !== n) {
    throw new RangeError(
      `${where}: truth has ${n} values but prediction has ${prediction.length}; ` +
        `pass the (user, item) pairs present in both, aligned index by index`,
    );
  }
  if (n === 0) throw new RangeError(`${where}: no pairs to score; truth and prediction are empty`);
  for (let p = 0; p < n; p++) {
    if (!Number.isFinite(truth[p])) {
      throw new RangeError(`${where}: truth[${p}] is ${truth[p]}, not a finite rating; remove that pair`);
    }
    if (!Number.isFinite(prediction[p])) {
      throw new RangeError(
        `${where}: prediction[${p}] is ${prediction[p]} (a cold-start user or item?); ` +
          `drop such pairs first, e.g. with coldStartStrategy 'drop'`,
      );
    }
  }
  return n;
}
