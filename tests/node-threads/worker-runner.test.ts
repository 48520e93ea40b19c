import { describe, expect, it } from 'vitest';
import { searchRunner, workerRunner } from '../../src/node-threads/worker-runner.js';
import { plantedLowRank } from '../../src/data/synthetic-low-rank.js';
import { crossValidate } from '../../src/tuning/cross-validate.js';
import { inProcessRunner } from '../../src/tuning/search-runner.js';

const { data } = plantedLowRank({ numUsers: 80, numItems: 50, rank: 2, density: 0.4, noise: 0.1, seed: 6 });
const grid = { rank: [2, 3], regParam: [0.01, 1], maxIter: 5 };

describe('the worker runner', () => {
  it('gives the same results as the in-process runner, fit for fit (results do not depend on parallelism)', async () => {
    const one = await crossValidate(data, grid, { numFolds: 3, metric: 'ndcg@5', runner: inProcessRunner });
    const slots = new Set<number>();
    let done = 0;
    let held = false;
    const two = await crossValidate(data, grid, {
      numFolds: 3,
      metric: 'ndcg@5',
      runner: workerRunner(2),
      events: {
        onTaskStart: (_t, slot) => {
          slots.add(slot);
          // The calling thread (lane 0) holds its first task for 2.5 s, so that the worker — which
          // takes tasks from the shared counter on its own — boots and takes some: both lanes fit.
          if (slot === 0 && !held) {
            held = true;
            const until = performance.now() + 2500;
            while (performance.now() < until);
          }
        },
        onTaskDone: () => done++,
      },
    });
    expect(two.results.map((r) => r.folds!.map((f) => f.metrics))).toEqual(one.results.map((r) => r.folds!.map((f) => f.metrics)));
    expect(two.results.map((r) => r.metrics)).toEqual(one.results.map((r) => r.metrics));
    expect(two.best).toEqual(one.best);
    expect(two.bestModel.userFactors).toEqual(one.bestModel.userFactors);
    expect(done).toBe(12); // 4 configurations × 3 folds
    expect([...slots].sort()).toEqual([0, 1]); // lane 0 is the calling thread, lane 1 the worker
  });

  it('boots its workers when asked to start now, and searches with them as with workers started by the search', async () => {
    const early = await crossValidate(data, grid, { numFolds: 2, runner: searchRunner(2, { startNow: true }) });
    const late = await crossValidate(data, grid, { numFolds: 2, runner: searchRunner(2) });
    expect(early.results.map((r) => r.metrics)).toEqual(late.results.map((r) => r.metrics));
  });

  it('searchRunner(1) is the in-process runner; a bad parallelism is refused', () => {
    expect(searchRunner(1)).toBe(inProcessRunner);
    expect(searchRunner(3).parallelism).toBe(3);
    expect(() => searchRunner(0)).toThrow(/parallelism must be an integer >= 1, got 0/);
  });
});
