import { describe, expect, it } from 'vitest';
import { bestIndex, isLargerBetter, metricFamily, metricLabel, parseMetric } from '../../src/tuning/tuning-metric.js';

describe('tuning metrics', () => {
  it('errors are better lower, every other metric higher (Spark isLargerBetter)', () => {
    expect(isLargerBetter('rmse')).toBe(false);
    expect(isLargerBetter('mae')).toBe(false);
    for (const m of ['rsquared', 'explainedVariance', 'precisionAtK', 'recallAtK', 'ndcgAtK', 'map', 'mapAtK', 'catalogCoverage', 'novelty', 'diversity', 'serendipity'] as const) {
      expect(isLargerBetter(m), m).toBe(true);
    }
  });

  it('parseMetric reads names, Spark names, short names and @k, case-insensitively', () => {
    expect(parseMetric('rmse')).toEqual({ metric: 'rmse', k: 10 });
    expect(parseMetric('R2')).toEqual({ metric: 'rsquared', k: 10 });
    expect(parseMetric('ndcg@5')).toEqual({ metric: 'ndcgAtK', k: 5 });
    expect(parseMetric('precisionAtK', 20)).toEqual({ metric: 'precisionAtK', k: 20 });
    expect(parseMetric('meanAveragePrecisionAtK@3')).toEqual({ metric: 'mapAtK', k: 3 });
    expect(parseMetric('diversity@10')).toEqual({ metric: 'diversity', k: 10 });
  });

  it('parseMetric rejects unknown names, a cut-off on a rating metric, and a bad k', () => {
    expect(() => parseMetric('auc')).toThrow(/unknown metric "auc"; use one of rmse/);
    expect(() => parseMetric('rmse@10')).toThrow(/rmse is a rating metric and takes no cut-off/);
    expect(() => parseMetric('ndcg@0')).toThrow(/k must be an integer >= 1, got 0/);
    expect(() => parseMetric('ndcg@x')).toThrow(/got NaN/);
  });

  it('families and labels', () => {
    expect(metricFamily('mae')).toBe('rating');
    expect(metricFamily('map')).toBe('ranking');
    expect(metricFamily('novelty')).toBe('beyondAccuracy');
    expect(metricLabel({ metric: 'ndcgAtK', k: 10 })).toBe('ndcg@10');
    expect(metricLabel({ metric: 'mapAtK', k: 5 })).toBe('map@5');
    expect(metricLabel({ metric: 'rmse', k: 10 })).toBe('rmse');
  });

  it('bestIndex takes the first of ties, skips NaN, and says -1 when all are NaN', () => {
    expect(bestIndex([0.9, 0.8, 0.8, 1.2], false)).toBe(1);
    expect(bestIndex([0.9, 0.8, 0.8, 1.2], true)).toBe(3);
    expect(bestIndex([NaN, 0.5, NaN, 0.7], true)).toBe(3);
    expect(bestIndex([NaN, 0.5], false)).toBe(1);
    expect(bestIndex([NaN, NaN], false)).toBe(-1);
  });
});
