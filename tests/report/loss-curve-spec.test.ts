import { describe, expect, it } from 'vitest';
import { lossCurveSpec, lossPoints } from '../../src/report/loss-curve-spec.js';

describe('lossPoints numbers the iterations from 1', () => {
  it('gives (series, i + 1, loss) for each loss of each series', () => {
    expect(lossPoints({ series: [{ name: 'a', losses: [9, 4] }, { name: 'b', losses: [5] }] })).toEqual([
      { series: 'a', iteration: 1, loss: 9 },
      { series: 'a', iteration: 2, loss: 4 },
      { series: 'b', iteration: 1, loss: 5 },
    ]);
  });

  it('drops non-finite losses, and non-positive ones on a log scale, keeping the iteration numbers', () => {
    const series = [{ name: 'a', losses: [Number.NaN, 0, 2] }];
    expect(lossPoints({ series }).map((p) => p.iteration)).toEqual([2, 3]);
    expect(lossPoints({ series, logScale: true }).map((p) => p.iteration)).toEqual([3]);
  });

  it('rejects no series, and two series of the same name', () => {
    expect(() => lossPoints({ series: [] })).toThrow(/series is empty/);
    expect(() => lossPoints({ series: [{ name: 'x', losses: [] }, { name: 'x', losses: [] }] })).toThrow(/"x" appears twice/);
  });
});

describe('lossCurveSpec draws a line with a point per iteration', () => {
  it('plots loss against iteration with integer ticks', () => {
    const spec = lossCurveSpec({ series: [{ name: 'train', losses: [3, 2, 1] }] }) as any;
    expect(spec.mark).toMatchObject({ type: 'line', point: true });
    expect(spec.encoding.x).toMatchObject({ field: 'iteration', axis: { tickMinStep: 1, format: 'd' } });
    expect(spec.encoding.y).toMatchObject({ field: 'loss', title: 'loss' });
    expect(spec.data.values).toHaveLength(3);
    expect(spec.title).toBe('Training loss per iteration');
  });

  it('colours by series, in the given order, only when there are several', () => {
    const one = lossCurveSpec({ series: [{ name: 'train', losses: [1] }] }) as any;
    expect(one.encoding.color).toBeUndefined();
    const two = lossCurveSpec({ series: [{ name: 'rank 20', losses: [1] }, { name: 'rank 10', losses: [1] }] }) as any;
    expect(two.encoding.color).toMatchObject({ field: 'series', sort: ['rank 20', 'rank 10'] });
  });

  it('uses a log y scale on request', () => {
    const spec = lossCurveSpec({ series: [{ name: 't', losses: [100, 10, 1] }], logScale: true }) as any;
    expect(spec.encoding.y.scale).toEqual({ type: 'log' });
  });
});
