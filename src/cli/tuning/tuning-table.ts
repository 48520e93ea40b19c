import type { GridAxis } from '../../tuning/param-grid.js';
import type { TuningResult } from '../../tuning/run-search.js';
import { describeParams } from '../../tuning/search-config.js';
import { metricFamily, metricLabel, type MetricFamily, type MetricName } from '../../tuning/tuning-metric.js';
import { formatTable, plural } from '../format-table.js';

/** Metrics shown beside the optimised one, by its family (every metric is in --json). */
const COMPANIONS: Record<ReturnType<typeof metricFamily>, MetricName[]> = {
  rating: ['rmse', 'mae', 'rsquared'],
  ranking: ['ndcgAtK', 'precisionAtK', 'recallAtK', 'mapAtK'],
  beyondAccuracy: ['ndcgAtK', 'precisionAtK'],
};

/** The columns of the results table: the optimised metric first, then up to three companions. */
export function shownMetrics(result: TuningResult): MetricName[] {
  const others = COMPANIONS[metricFamily(result.metric)].filter((m) => m !== result.metric).slice(0, 3);
  return [result.metric, ...others];
}

/**
 * The metric families the table of a search optimising `metric` shows (the metric's and its
 * companions'): what a search printed as a table needs to score. (--json prints every family.)
 */
export function tableFamilies(metric: MetricName): MetricFamily[] {
  const family = metricFamily(metric);
  return [...new Set([family, ...COMPANIONS[family].map(metricFamily)])];
}

/**
 * The results as text: one row per configuration (the searched parameters, the metrics, the
 * mean fit time), the best row starred; for cross-validation the spread of the optimised metric
 * over the folds (standard deviation, ddof 0 as scikit-learn's std_test_score).
 */
export function formatTuningTable(result: TuningResult, axes: readonly GridAxis[]): string {
  const metrics = shownMetrics(result);
  const cv = result.kind === 'cross-validation';
  const label = (m: MetricName) => metricLabel({ metric: m, k: result.k });
  const header = ['', ...axes.map((a) => a.name), label(result.metric), ...(cv ? ['± sd'] : []), ...metrics.slice(1).map(label), 'fit s'];
  const rows = result.results.map((r, j) => [
    j === result.best.index ? '*' : '',
    ...axes.map((a) => String(r.params[a.name])),
    r.metrics[result.metric] ?? NaN,
    ...(cv ? [foldSd(r.folds!.map((f) => f.metrics[result.metric] ?? NaN))] : []),
    ...metrics.slice(1).map((m) => r.metrics[m] ?? NaN),
    r.fitSeconds.toFixed(2),
  ]);
  return formatTable(header, rows);
}

/** The lines around the table: protocol, fixed settings, best configuration and timings. */
export function describeSearch(
  result: TuningResult,
  context: { train: string; validation?: string; fixed: Record<string, unknown>; parallelism: number },
): { head: string; tail: string } {
  const split = result.splits[0]!;
  const protocol =
    result.kind === 'cross-validation'
      ? `${result.splits.length}-fold cross-validation of ${context.train} (${split.train + split.validation} rows, seed ${result.seed})`
      : context.validation
        ? `train ${context.train} (${split.train} rows), validate on ${context.validation} (${split.validation} rows)`
        : `train/validation split of ${context.train}: ${split.train} train, ${split.validation} validation rows (seed ${result.seed})`;
  const fixed = Object.entries(context.fixed).map(([k, v]) => `${k}=${String(v)}`).join(', ');
  const direction = result.largerIsBetter ? 'higher is better' : 'lower is better';
  const head =
    `tune: ${protocol}\n` +
    `${plural(result.results.length, 'configuration')} × ${plural(result.splits.length, 'split')}; metric ${result.label} (${direction})` +
    (fixed ? `; fixed ${fixed}` : '') +
    '\n\n';
  const fits = result.results.length * result.splits.length;
  const lanes = context.parallelism === 1 ? 'in-process' : `on ${context.parallelism} threads (this one and ${context.parallelism - 1} worker${context.parallelism > 2 ? 's' : ''})`;
  const tail =
    `\nbest: ${describeParams(result.best.params)} — ${result.label} ${result.best.metric.toFixed(4)}\n` +
    `search: ${plural(fits, 'fit')} in ${result.seconds.search.toFixed(2)} s ${lanes}; refit of the best ${result.seconds.refit.toFixed(2)} s\n`;
  return { head, tail };
}

function foldSd(values: readonly number[]): number {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
}
