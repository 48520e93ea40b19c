import { describe, expect, it } from 'vitest';
import { ALS } from '../../src/als/als.js';
import { plantedLowRank } from '../../src/data/synthetic-low-rank.js';
import { crossValidate } from '../../src/tuning/cross-validate.js';
import { fitAndScore } from '../../src/tuning/score-fit.js';
import { crossValidationPlan, splitParts } from '../../src/tuning/split-plan.js';

// 60 users × 40 items of planted rank 2 (clean ratings of unit variance), half observed, noise σ = 0.1.
// A light λ recovers the matrix (held-out RMSE near σ); λ = 100 shrinks every factor towards 0, so
// predictions are ≈ 0 and RMSE ≈ 1 (the ratings' spread) with R² ≈ 0: the heavy λ must lose.
const { data } = plantedLowRank({ numUsers: 60, numItems: 40, rank: 2, density: 0.5, noise: 0.1, seed: 9 });
const grid = { regParam: [100, 0.01], rank: 2, maxIter: 8 };

describe('crossValidate on a planted low-rank problem', () => {
  it('minimises RMSE: the light regParam wins, though listed second', async () => {
    const cv = await crossValidate(data, grid, { numFolds: 3, metric: 'rmse', seed: 5 });
    expect(cv.largerIsBetter).toBe(false);
    expect(cv.results.map((r) => r.params.regParam)).toEqual([100, 0.01]);
    expect(cv.best.index).toBe(1);
    expect(cv.best.params).toEqual({ regParam: 0.01, rank: 2, maxIter: 8 });
    expect(cv.results[1]!.metrics.rmse).toBeLessThan(0.3);
    expect(cv.results[0]!.metrics.rmse).toBeGreaterThan(0.7);
    expect(cv.best.metric).toBe(cv.results[1]!.metrics.rmse);
  });

  it('maximises R²: a larger-is-better metric picks the same light regParam', async () => {
    const cv = await crossValidate(data, grid, { numFolds: 3, metric: 'r2', seed: 5 });
    expect(cv.largerIsBetter).toBe(true);
    expect(cv.best.params.regParam).toBe(0.01);
    expect(cv.results[1]!.metrics.rsquared).toBeGreaterThan(cv.results[0]!.metrics.rsquared!);
  });

  it('maximises NDCG@5 with implicit feedback', async () => {
    const implicit = { ...data, ratings: data.ratings.map((r) => (r > 0.5 ? 1 : 0)) };
    const cv = await crossValidate(implicit, { regParam: [100, 0.01], alpha: 5, rank: 2, maxIter: 8, implicitPrefs: true }, { numFolds: 3, metric: 'ndcg@5' });
    expect(cv.label).toBe('ndcg@5');
    expect(cv.k).toBe(5);
    expect(cv.best.params.regParam).toBe(0.01);
    expect(cv.results[1]!.metrics.ndcgAtK).toBeGreaterThan(cv.results[0]!.metrics.ndcgAtK!);
  });

  it("a configuration's metric is the mean of its folds, each fold the fit on the other folds", async () => {
    const cv = await crossValidate(data, grid, { numFolds: 3, seed: 5 });
    const plan = crossValidationPlan(data, 3, 5);
    for (const [j, r] of cv.results.entries()) {
      expect(r.folds).toHaveLength(3);
      const folds = r.folds!.map((f) => f.metrics.rmse!);
      expect(r.metrics.rmse).toBeCloseTo((folds[0]! + folds[1]! + folds[2]!) / 3, 12);
      const { train, validation } = splitParts(plan, 2);
      const direct = await fitAndScore(train, validation, { ...cv.results[j]!.params, coldStartStrategy: 'drop' }, { families: ['rating'], k: 10 });
      expect(r.folds![2]!.metrics.rmse).toBe(direct.metrics.rmse);
      expect(r.fitSeconds).toBeGreaterThan(0);
    }
    expect(cv.splits.map((s) => s.train + s.validation)).toEqual([data.users.length, data.users.length, data.users.length]);
  });

  it('refits the best configuration on all the data, as Spark does, recording its loss', async () => {
    const cv = await crossValidate(data, grid, { numFolds: 3, seed: 5 });
    const direct = await new ALS({ regParam: 0.01, rank: 2, maxIter: 8, coldStartStrategy: 'drop' }).fit(data);
    expect(cv.bestModel.userFactors).toEqual(direct.userFactors);
    expect(cv.bestModel.itemFactors).toEqual(direct.itemFactors);
    expect(cv.bestModel.summary.loss).toHaveLength(8);
    expect(cv.bestModel.options.coldStartStrategy).toBe('drop');
  });

  it('checks every configuration before fitting and names the bad one', async () => {
    await expect(crossValidate(data, { rank: [2, 0] })).rejects.toThrow(/configuration 2 of 2 \(rank=0\): als: rank must be an integer >= 1, got 0/);
    await expect(crossValidate(data, { rnak: [2, 3] })).rejects.toThrow(/unknown parameter 'rnak'/);
    await expect(crossValidate(data, { implicitPrefs: ['yes', 'no'] })).rejects.toThrow(/implicitPrefs must be a boolean, got "yes"/);
    await expect(crossValidate(data, { rank: [2] }, { metric: 'auc' })).rejects.toThrow(/unknown metric "auc"/);
  });
});
