import { describe, expect, it } from 'vitest';
import { plantedLowRank } from '../../src/data/synthetic-low-rank.js';
import { metricMatrix, searchedAxes } from '../../src/tuning/metric-matrix.js';
import { runSearch } from '../../src/tuning/run-search.js';
import type { SearchRunner } from '../../src/tuning/search-runner.js';
import { trainValidationPlan } from '../../src/tuning/split-plan.js';

const { data } = plantedLowRank({ numUsers: 10, numItems: 10, rank: 1, density: 0.6, noise: 0.1, seed: 1 });
const plan = trainValidationPlan(data, 0.75, 1);

/** Scores each configuration rmse = rank + regParam + alpha/100 (no fitting), so cells are known. */
const formula: SearchRunner = {
  parallelism: 1,
  async run(_plan, tasks) {
    return tasks.map((t) => {
      const o = t.options as { rank: number; regParam: number; alpha?: number };
      return { metrics: { rmse: o.rank + o.regParam + (o.alpha ?? 0) / 100 }, fitSeconds: 1 };
    });
  },
};

describe('metricMatrix lays the metric out over two searched parameters', () => {
  it('rows = the first searched parameter, cols = the second, in grid order', async () => {
    const r = await runSearch(plan, { rank: [10, 20], regParam: [0.5, 0.1, 1], maxIter: 3 }, { runner: formula }, 'test');
    const m = metricMatrix(r);
    expect(m.rows).toEqual({ name: 'rank', values: [10, 20] });
    expect(m.cols).toEqual({ name: 'regParam', values: [0.5, 0.1, 1] });
    expect(m.cells).toEqual([
      [10.5, 10.1, 11],
      [20.5, 20.1, 21],
    ]);
    expect(m.reducedOver).toEqual([]);
  });

  it('with a third searched parameter each cell keeps the best over it (lowest rmse here)', async () => {
    // alpha adds alpha/100: alpha 1 beats alpha 40 in every cell.
    const r = await runSearch(plan, { alpha: [40, 1], rank: [10, 20], regParam: [0.1, 1] }, { runner: formula }, 'test');
    const m = metricMatrix(r, 'rank', 'regParam');
    expect(m.cells).toEqual([
      [10 + 0.1 + 1 / 100, 10 + 1 + 1 / 100],
      [20 + 0.1 + 1 / 100, 20 + 1 + 1 / 100],
    ]);
    expect(m.reducedOver).toEqual(['alpha']);
  });

  it('with one searched parameter it is a single row named after the metric', async () => {
    const r = await runSearch(plan, { rank: [10, 20], regParam: 0.1 }, { runner: formula }, 'test');
    const m = metricMatrix(r);
    expect(m.rows).toEqual({ name: 'metric', values: ['rmse'] });
    expect(m.cols.name).toBe('rank');
    expect(m.cells).toEqual([[10.1, 20.1]]);
  });

  it('names the searched parameters when asked for another', async () => {
    const r = await runSearch(plan, { rank: [10, 20], regParam: [0.1, 1] }, { runner: formula }, 'test');
    expect(() => metricMatrix(r, 'alpha')).toThrow(/'alpha' is not a searched parameter; searched: rank, regParam/);
    expect(() => metricMatrix(r, 'rank', 'rank')).toThrow(/rows and cols are both 'rank'/);
  });

  it('searchedAxes keeps only the parameters that vary', () => {
    expect(searchedAxes([{ rank: 1, maxIter: 5 }, { rank: 2, maxIter: 5 }])).toEqual([{ name: 'rank', values: [1, 2] }]);
  });
});
