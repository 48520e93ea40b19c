import { describe, expect, it } from 'vitest';
import { plantedLowRank } from '../../src/data/synthetic-low-rank.js';
import { runSearch } from '../../src/tuning/run-search.js';
import type { SearchRunner, SearchTask, TaskResult } from '../../src/tuning/search-runner.js';
import { crossValidationPlan } from '../../src/tuning/split-plan.js';
import type { ScoreSpec } from '../../src/tuning/score-fit.js';

const { data } = plantedLowRank({ numUsers: 20, numItems: 15, rank: 2, density: 0.5, noise: 0.1, seed: 2 });
const plan = crossValidationPlan(data, 2, 1);

/** A runner that answers from a table instead of fitting: runSearch's bookkeeping in isolation. */
function scripted(answer: (task: SearchTask) => TaskResult): SearchRunner & { seen: SearchTask[]; specs: ScoreSpec[] } {
  const seen: SearchTask[] = [];
  const specs: ScoreSpec[] = [];
  return {
    parallelism: 1,
    seen,
    specs,
    async run(_plan, tasks, spec) {
      seen.push(...tasks);
      specs.push(spec);
      return tasks.map(answer);
    },
  };
}

describe('runSearch', () => {
  it('hands the runner every configuration on every split, split by split, with the search defaults', async () => {
    const runner = scripted(() => ({ metrics: { rmse: 1 }, fitSeconds: 0.5 }));
    await runSearch(plan, { rank: [1, 2], maxIter: 2 }, { runner }, 'test');
    expect(runner.seen.map((t) => [t.index, t.split, t.config])).toEqual([
      [0, 0, 0],
      [1, 0, 1],
      [2, 1, 0],
      [3, 1, 1],
    ]);
    expect(runner.seen[1]!.options).toEqual({ coldStartStrategy: 'drop', computeLoss: false, rank: 2, maxIter: 2 });
  });

  it('scores rating and ranking metrics by default, only the families asked for with `families` (plus the metric\'s own)', async () => {
    const runner = scripted(() => ({ metrics: { rmse: 1, ndcgAtK: 0.5, novelty: 2 }, fitSeconds: 0.1 }));
    await runSearch(plan, { rank: [2, 3] }, { runner, metric: 'rmse' }, 'test');
    await runSearch(plan, { rank: [2, 3] }, { runner, metric: 'rmse', families: ['rating'] }, 'test');
    await runSearch(plan, { rank: [2, 3] }, { runner, metric: 'ndcg@5', families: ['rating'] }, 'test');
    await runSearch(plan, { rank: [2, 3] }, { runner, metric: 'novelty', families: [] }, 'test');
    expect(runner.specs.map((s) => s.families)).toEqual([['rating', 'ranking'], ['rating'], ['rating', 'ranking'], ['beyondAccuracy']]);
    expect(runner.specs[2]!.k).toBe(5);
    await expect(runSearch(plan, { rank: [2] }, { runner, families: ['speed' as 'rating'] }, 'test')).rejects.toThrow(
      "test: families lists 'speed'; known: rating, ranking, beyondAccuracy",
    );
  });

  it('averages each metric over the splits and the fit time too', async () => {
    // config 0: rmse 1.0 and 0.6 → 0.8; config 1: 0.9 and 0.9 → 0.9. Lower wins: config 0.
    const table: Record<string, number> = { '0,0': 1.0, '1,0': 0.6, '0,1': 0.9, '1,1': 0.9 };
    const runner = scripted((t) => ({ metrics: { rmse: table[`${t.split},${t.config}`]! }, fitSeconds: t.split + 1 }));
    const r = await runSearch(plan, { rank: [1, 2], maxIter: 2 }, { runner }, 'test');
    expect(r.results.map((c) => c.metrics.rmse)).toEqual([0.8, 0.9]);
    expect(r.results.map((c) => c.fitSeconds)).toEqual([1.5, 1.5]);
    expect(r.best).toEqual({ index: 0, params: { rank: 1, maxIter: 2 }, metric: 0.8 });
  });

  it('records a failed fit as NaN with its error and picks among the others', async () => {
    const runner = scripted((t) =>
      t.config === 0 ? { metrics: {}, fitSeconds: NaN, error: 'normal equations not positive definite' } : { metrics: { rmse: 2 }, fitSeconds: 1 },
    );
    const r = await runSearch(plan, { rank: [1, 2], maxIter: 2 }, { runner }, 'test');
    expect(r.results[0]!.error).toBe('normal equations not positive definite');
    expect(r.results[0]!.metrics.rmse).toBeNaN();
    expect(r.best.index).toBe(1);
  });

  it('fails, quoting the first error, when no configuration could be scored', async () => {
    const runner = scripted(() => ({ metrics: {}, fitSeconds: NaN, error: 'boom' }));
    await expect(runSearch(plan, { rank: [1, 2] }, { runner }, 'test')).rejects.toThrow(/no configuration could be scored; the first failure: boom/);
  });

  it('accepts an explicit list of configurations (Spark estimatorParamMaps) in its own order', async () => {
    const runner = scripted((t) => ({ metrics: { rmse: 1 + t.config }, fitSeconds: 1 }));
    const r = await runSearch(plan, [{ rank: 2, regParam: 0.5 }, { rank: 1 }], { runner }, 'test');
    expect(r.results.map((c) => c.params)).toEqual([{ rank: 2, regParam: 0.5 }, { rank: 1 }]);
  });
});
