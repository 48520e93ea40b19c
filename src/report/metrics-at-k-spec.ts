import type { TopLevelSpec } from 'vega-lite';

export interface MetricsAtKInput {
  /**
   * Each metric's values by cut-off: `series.precision[i]` is precision@ks[i]. Typically
   * `{ precision, recall, ndcg }` from the ranking evaluation at k = 1…K.
   */
  series: Readonly<Record<string, readonly number[]>>;
  /** The cut-offs. Default 1, 2, …, n (n = length of the series). */
  ks?: readonly number[];
  /** Default 'Ranking metrics at k'. */
  title?: string;
}

export interface MetricAtK {
  metric: string;
  k: number;
  value: number;
}

export const METRICS_AT_K_WIDTH = 480;
export const METRICS_AT_K_HEIGHT = 260;

/** The points of the chart, one per (metric, k); non-finite values are dropped. */
export function metricsAtKPoints(input: MetricsAtKInput): MetricAtK[] {
  const entries = Object.entries(input.series);
  if (entries.length === 0) {
    throw new RangeError('metrics at k: series is empty; pass e.g. { precision: [...], recall: [...], ndcg: [...] }');
  }
  const n = entries[0]![1].length;
  for (const [name, values] of entries) {
    if (values.length !== n) {
      throw new RangeError(
        `metrics at k: ${name} has ${values.length} values but ${entries[0]![0]} has ${n}; every metric needs one value per k`,
      );
    }
  }
  const ks = input.ks ?? Array.from({ length: n }, (_, i) => i + 1);
  if (ks.length !== n) {
    throw new RangeError(`metrics at k: ks has ${ks.length} cut-offs but the series have ${n} values; pass one k per value`);
  }
  ks.forEach((k, i) => {
    if (!Number.isInteger(k) || k < 1 || (i > 0 && k <= ks[i - 1]!)) {
      throw new RangeError(`metrics at k: ks must be increasing integers >= 1, got ${k} at position ${i}`);
    }
  });
  return entries.flatMap(([metric, values]) =>
    values.flatMap((value, i) => (Number.isFinite(value) ? [{ metric, k: ks[i]!, value }] : [])),
  );
}

/**
 * A Vega-Lite chart of ranking metrics (precision@k, recall@k, NDCG@k, …) against the cut-off k:
 * one coloured line with points per metric, y from 0.
 */
export function metricsAtKSpec(input: MetricsAtKInput): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: input.title ?? 'Ranking metrics at k',
    data: { values: metricsAtKPoints(input) as unknown as Record<string, unknown>[] },
    width: METRICS_AT_K_WIDTH,
    height: METRICS_AT_K_HEIGHT,
    mark: { type: 'line', point: true, strokeWidth: 2 },
    encoding: {
      x: { field: 'k', type: 'quantitative', title: 'k', axis: { tickMinStep: 1, format: 'd' }, scale: { nice: false } },
      y: { field: 'value', type: 'quantitative', title: 'value', scale: { zero: true } },
      color: { field: 'metric', type: 'nominal', title: null, sort: Object.keys(input.series) },
    },
    config: { axis: { labelFontSize: 11, titleFontSize: 12 } },
  };
}
