import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plantedLowRank } from '../../src/data/synthetic-low-rank.js';
import { budgetedSearch, halvingIterations, halvingSchedule, parseBudget } from '../../src/tuning/budgeted-search.js';
import { parseRange, sampleConfigs } from '../../src/tuning/random-search.js';
import type { SearchRunner, SearchTask, TaskResult } from '../../src/tuning/search-runner.js';
import { trainValidationPlan } from '../../src/tuning/split-plan.js';

const { data } = plantedLowRank({ numUsers: 20, numItems: 15, rank: 2, density: 0.5, noise: 0.1, seed: 2 });
const plan = trainValidationPlan(data, 0.75, 1);
const ranges = [parseRange('regParam=0.01:1:log'), parseRange('rank=2:8')];

/**
 * A runner that scores without fitting: rmse = |log(regParam / 0.1)| + 1 / maxIter, so the
 * closer regParam is to 0.1 and the more iterations, the better.
 */
function scripted(parallelism = 1): SearchRunner & { seen: SearchTask[] } {
  const seen: SearchTask[] = [];
  const score = (t: SearchTask): TaskResult => ({ metrics: { rmse: Math.abs(Math.log(t.options.regParam! / 0.1)) + 1 / t.options.maxIter! }, fitSeconds: 0 });
  return {
    parallelism,
    seen,
    async run(_plan, tasks) {
      seen.push(...tasks);
      return tasks.map(score);
    },
  };
}

describe('parseBudget', () => {
  it('reads whole numbers as fits and 120s or 2m as seconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), (n) => {
        expect(parseBudget(String(n))).toEqual({ fits: n });
        expect(parseBudget(`${n}s`)).toEqual({ seconds: n });
        expect(parseBudget(`${n}m`)).toEqual({ seconds: 60 * n });
      }),
    );
    expect(parseBudget('1.5s')).toEqual({ seconds: 1.5 });
  });

  it('names a bad budget and shows both forms', () => {
    expect(() => parseBudget('0')).toThrow("budget '0': write a number of fits (30) or a duration (120s, 2m), greater than 0");
    expect(() => parseBudget('ten')).toThrow(/budget 'ten'/);
    expect(() => parseBudget('2.5')).toThrow(/a number of fits must be a whole number/);
  });
});

describe('halvingSchedule (successive halving, η = 3)', () => {
  it('rungs at 2, 5 and 15 iterations for maxIter 15 (15/9 ≈ 1.67 → 2, 15/3 = 5)', () => {
    expect(halvingIterations(15)).toEqual([2, 5, 15]);
    expect(halvingIterations(15, 3, 3)).toEqual([5, 15]);
  });

  it('spends 30 fits as 86 settings × 2, 28 × 5, 9 × 15 iterations', () => {
    // cost(n0) = (2·n0 + 5·⌊n0/3⌋ + 15·⌊n0/9⌋) / 15:
    // cost(86) = (172 + 140 + 135) / 15 = 29.8 ≤ 30;  cost(87) = (174 + 145 + 135) / 15 = 30.27 > 30.
    expect(halvingSchedule(30, 15)).toEqual([
      { maxIter: 2, configs: 86 },
      { maxIter: 5, configs: 28 },
      { maxIter: 15, configs: 9 },
    ]);
  });

  it('drops rungs when the budget cannot fill them, down to plain random search', () => {
    // 2 fits: three rungs need n0 ≥ 9, cost(9) = (18 + 15 + 15)/15 = 3.2 > 2; two rungs [5, 15]: cost(3) = (15 + 15)/15 = 2.
    expect(halvingSchedule(2, 15)).toEqual([
      { maxIter: 5, configs: 3 },
      { maxIter: 15, configs: 1 },
    ]);
    expect(halvingSchedule(1, 15)).toEqual([{ maxIter: 15, configs: 1 }]);
  });

  it('never spends more than the budget and always ends at maxIter with at least one setting', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 2, max: 5 }), (fits, maxIter, eta) => {
        const rungs = halvingSchedule(fits, maxIter, eta);
        const cost = rungs.reduce((c, r) => c + (r.configs * r.maxIter) / maxIter, 0);
        expect(cost).toBeLessThanOrEqual(fits + 1e-9);
        expect(rungs.at(-1)!.maxIter).toBe(maxIter);
        expect(rungs.at(-1)!.configs).toBeGreaterThanOrEqual(1);
        for (let j = 1; j < rungs.length; j++) expect(rungs[j]!.configs).toBe(Math.floor(rungs[j - 1]!.configs / eta));
      }),
    );
  });
});

describe('budgetedSearch', () => {
  it('random, a fits budget: the first N draws of sampleConfigs, the best refitted', async () => {
    const runner = scripted();
    const result = await budgetedSearch(plan, ranges, { maxIter: 3 }, { fits: 7 }, { runner, seed: 5 }, 'test');
    const expected = sampleConfigs(ranges, { maxIter: 3 }, 7, 5);
    expect(runner.seen.map((t) => t.options.regParam)).toEqual(expected.map((c) => c.regParam));
    const closest = Math.min(...expected.map((c) => Math.abs(Math.log((c.regParam as number) / 0.1))));
    expect(result.best.metric).toBeCloseTo(closest + 1 / 3, 12);
    expect(result.rungs).toEqual([{ maxIter: 3, configs: 7 }]);
    expect(result.fitsUsed).toBe(7);
    expect(result.bestModel.options.regParam).toBe(result.best.params.regParam);
  });

  it('random, a seconds budget: at least one batch of the runner\'s parallelism', async () => {
    const runner = scripted(3);
    const result = await budgetedSearch(plan, ranges, { maxIter: 2 }, { seconds: 1e-9 }, { runner }, 'test');
    expect(runner.seen).toHaveLength(3);
    expect(result.rungs).toEqual([{ maxIter: 2, configs: 3 }]);
  });

  it('halving promotes the best third of each rung and picks the best of the last', async () => {
    const runner = scripted();
    const result = await budgetedSearch(plan, ranges, { maxIter: 15 }, { fits: 30 }, { runner, strategy: 'halving', seed: 3 }, 'test');
    expect(result.rungs).toEqual(halvingSchedule(30, 15));
    const draws = sampleConfigs(ranges, { maxIter: 15 }, 86, 3).map((c) => c.regParam as number);
    const distance = (r: number) => Math.abs(Math.log(r / 0.1));
    const bestNine = [...draws].sort((a, b) => distance(a) - distance(b)).slice(0, 9);
    const last = runner.seen.filter((t) => t.options.maxIter === 15).map((t) => t.options.regParam);
    expect(new Set(last)).toEqual(new Set(bestNine));
    expect(result.best.params.maxIter).toBe(15);
    expect(result.best.params.regParam).toBe(bestNine[0]);
    expect(result.fitsUsed).toBeCloseTo(29.8, 9);
  });

  it('refuses to halve over a searched maxIter, naming the fix', async () => {
    await expect(budgetedSearch(plan, [parseRange('maxIter=2:20')], {}, { fits: 9 }, { runner: scripted(), strategy: 'halving' }, 'tune')).rejects.toThrow(
      /tune: successive halving spends maxIter as its resource.*maxIter 15/,
    );
  });

  it('refits with refitWith added to the chosen setting', async () => {
    const result = await budgetedSearch(plan, ranges, { maxIter: 2 }, { fits: 2 }, { runner: scripted(), refitWith: { ensembleSize: 2 } }, 'test');
    expect(result.bestModel.options.ensembleSize).toBe(2);
    expect(result.bestModel.rank).toBe(2 * (result.best.params.rank as number));
  });
});
