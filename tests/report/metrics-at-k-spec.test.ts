import { describe, expect, it } from 'vitest';
import { metricsAtKPoints, metricsAtKSpec } from '../../src/report/metrics-at-k-spec.js';

const series = { precision: [0.5, 0.25], recall: [0.1, 0.2], ndcg: [0.5, 0.4] };

describe('metricsAtKPoints pairs each value with its cut-off', () => {
  it('uses k = 1…n by default', () => {
    expect(metricsAtKPoints({ series }).filter((p) => p.metric === 'recall')).toEqual([
      { metric: 'recall', k: 1, value: 0.1 },
      { metric: 'recall', k: 2, value: 0.2 },
    ]);
    expect(metricsAtKPoints({ series })).toHaveLength(6);
  });

  it('uses the given cut-offs', () => {
    expect(metricsAtKPoints({ series, ks: [5, 10] }).map((p) => p.k)).toEqual([5, 10, 5, 10, 5, 10]);
  });

  it('drops non-finite values', () => {
    expect(metricsAtKPoints({ series: { ndcg: [Number.NaN, 0.3] } })).toEqual([{ metric: 'ndcg', k: 2, value: 0.3 }]);
  });

  it('rejects series of different lengths, a ks of the wrong length, and ks that are not increasing integers', () => {
    expect(() => metricsAtKPoints({ series: { precision: [1, 2], recall: [1] } })).toThrow(/recall has 1 values but precision has 2/);
    expect(() => metricsAtKPoints({ series, ks: [1] })).toThrow(/ks has 1 cut-offs but the series have 2/);
    expect(() => metricsAtKPoints({ series, ks: [3, 3] })).toThrow(/increasing integers >= 1, got 3 at position 1/);
    expect(() => metricsAtKPoints({ series: {} })).toThrow(/series is empty/);
  });
});

describe('metricsAtKSpec draws one coloured line per metric', () => {
  it('plots value against k, from y = 0, coloured by metric in the given order', () => {
    const spec = metricsAtKSpec({ series }) as any;
    expect(spec.mark).toMatchObject({ type: 'line', point: true });
    expect(spec.encoding.x).toMatchObject({ field: 'k', axis: { tickMinStep: 1 } });
    expect(spec.encoding.y).toMatchObject({ field: 'value', scale: { zero: true } });
    expect(spec.encoding.color).toMatchObject({ field: 'metric', sort: ['precision', 'recall', 'ndcg'] });
  });
});
