/**
 * The metrics a search can optimise: every metric of `evaluateModel` (rating and ranking at k) and
 * the beyond-accuracy metrics. Definitions: docs METRICS.md, and src/eval.
 */
export const RATING_METRICS = ['rmse', 'mae', 'rsquared', 'explainedVariance'] as const;
export const RANKING_METRICS = ['precisionAtK', 'recallAtK', 'ndcgAtK', 'map', 'mapAtK'] as const;
export const BEYOND_ACCURACY_METRICS = ['catalogCoverage', 'distributionalCoverage', 'novelty', 'diversity', 'serendipity'] as const;

export type RatingMetricName = (typeof RATING_METRICS)[number];
export type RankingMetricName = (typeof RANKING_METRICS)[number];
export type BeyondAccuracyMetricName = (typeof BEYOND_ACCURACY_METRICS)[number];
export type MetricName = RatingMetricName | RankingMetricName | BeyondAccuracyMetricName;

export type MetricFamily = 'rating' | 'ranking' | 'beyondAccuracy';

/** Metric values of one evaluation, by name (a family not computed is absent). */
export type MetricValues = Partial<Record<MetricName, number>>;

/**
 * Direction of each metric, as Spark's `Evaluator.isLargerBetter`: errors (rmse, mae) are
 * better smaller; every other metric — rsquared, explainedVariance, the ranking metrics at k,
 * and the beyond-accuracy metrics (coverage, novelty, diversity, serendipity: more of each is
 * what a team tunes for) — is better larger.
 */
export function isLargerBetter(metric: MetricName): boolean {
  return metric !== 'rmse' && metric !== 'mae';
}

export function metricFamily(metric: MetricName): MetricFamily {
  if ((RATING_METRICS as readonly string[]).includes(metric)) return 'rating';
  if ((RANKING_METRICS as readonly string[]).includes(metric)) return 'ranking';
  return 'beyondAccuracy';
}

/** A metric to optimise and the cut-off of the ranking metrics. */
export interface MetricChoice {
  metric: MetricName;
  /** k of the ranking metrics and the length of the lists the beyond-accuracy metrics read. */
  k: number;
}

const ALIASES: Record<string, MetricName> = {
  r2: 'rsquared',
  precision: 'precisionAtK',
  recall: 'recallAtK',
  ndcg: 'ndcgAtK',
  meanAveragePrecision: 'map',
  meanAveragePrecisionAtK: 'mapAtK',
};

const ALL: readonly string[] = [...RATING_METRICS, ...RANKING_METRICS, ...BEYOND_ACCURACY_METRICS];

/**
 * Reads a metric as a user writes it: a name above ('rmse', 'ndcgAtK'), a short or Spark
 * evaluator name ('r2', 'ndcg', 'precision', 'recall', 'meanAveragePrecision',
 * 'meanAveragePrecisionAtK'), optionally with a cut-off: 'ndcg@10', 'precisionAtK@5'.
 * Case-insensitive. `defaultK` applies when no '@k' is given.
 */
export function parseMetric(text: string, defaultK = 10): MetricChoice {
  const m = /^\s*([A-Za-z0-9]+)\s*(?:@\s*(\S+))?\s*$/.exec(text);
  const name = m ? resolveName(m[1]!) : undefined;
  if (!m || name === undefined) {
    throw new RangeError(
      `metric: unknown metric ${JSON.stringify(text)}; use one of ${ALL.join(', ')} (ranking metrics take an optional @k, e.g. ndcg@10)`,
    );
  }
  if (m[2] === undefined) return { metric: name, k: checkK(defaultK, text) };
  if (metricFamily(name) === 'rating') {
    throw new RangeError(`metric: ${name} is a rating metric and takes no cut-off; write '${name}' without '@${m[2]}'`);
  }
  return { metric: name, k: checkK(Number(m[2]), text) };
}

function resolveName(word: string): MetricName | undefined {
  const lower = word.toLowerCase();
  const direct = ALL.find((n) => n.toLowerCase() === lower);
  if (direct) return direct as MetricName;
  const alias = Object.keys(ALIASES).find((a) => a.toLowerCase() === lower);
  return alias === undefined ? undefined : ALIASES[alias];
}

function checkK(k: number, text: string): number {
  if (!(Number.isInteger(k) && k >= 1)) throw new RangeError(`metric: the cut-off k must be an integer >= 1, got ${k} in ${JSON.stringify(text)}`);
  return k;
}

/**
 * Index of the best value: the smallest when `largerIsBetter` is false, else the largest; the
 * first on ties (Scala's minBy/maxBy, which Spark's tuning uses). NaN never wins; −1 when every
 * value is NaN.
 */
export function bestIndex(values: readonly number[], largerIsBetter: boolean): number {
  let best = -1;
  for (let j = 0; j < values.length; j++) {
    const v = values[j]!;
    if (Number.isNaN(v)) continue;
    if (best < 0 || (largerIsBetter ? v > values[best]! : v < values[best]!)) best = j;
  }
  return best;
}

/**
 * A metric as shown to people: 'ndcgAtK' at k 10 → 'ndcg@10', 'mapAtK' → 'map@10'; the others keep
 * their name ('rmse', and 'map', recommenders' MAP divided by |G|, which also reads the top k).
 */
export function metricLabel(choice: MetricChoice): string {
  return choice.metric.endsWith('AtK') ? `${choice.metric.slice(0, -3)}@${choice.k}` : choice.metric;
}
