import { describe, expect, it } from 'vitest';
import { ALS } from '../../src/als/als.js';
import { size } from '../../src/data/interactions.js';
import { randomSplit } from '../../src/data/split-random.js';
import { plantedLowRank } from '../../src/data/synthetic-low-rank.js';
import { evaluateModel } from '../../src/eval/evaluate.js';
import { trainValidationSplit } from '../../src/tuning/train-validation-split.js';

// Planted rank 2 with noise σ = 0.1 (see cross-validate.test.ts): λ = 100 loses to λ = 0.01.
const { data } = plantedLowRank({ numUsers: 60, numItems: 40, rank: 2, density: 0.5, noise: 0.1, seed: 9 });

describe('trainValidationSplit', () => {
  it('with a given split: scores each configuration as evaluateModel does, best model = the fit on train', async () => {
    const [train, validation] = randomSplit(data, 0.75, 3) as [typeof data, typeof data];
    const tvs = await trainValidationSplit({ train, validation }, { regParam: [100, 0.01], rank: 2, maxIter: 6 }, { k: 5 });
    expect(tvs.kind).toBe('train-validation');
    expect(tvs.best.params.regParam).toBe(0.01);
    expect(tvs.results[0]!.folds).toBeUndefined();
    const model = await new ALS({ regParam: 0.01, rank: 2, maxIter: 6, coldStartStrategy: 'drop' }).fit(train);
    const e = evaluateModel(model, validation, { k: 5, train });
    expect(tvs.results[1]!.metrics).toMatchObject({ rmse: e.rmse, mae: e.mae, ndcgAtK: e.ndcgAtK, precisionAtK: e.precisionAtK });
    expect(tvs.bestModel.userFactors).toEqual(model.userFactors);
    expect(tvs.splits).toEqual([{ train: size(train), validation: size(validation) }]);
  });

  it('with trainRatio: splits as randomSplit and refits the best on all the data (Spark)', async () => {
    const tvs = await trainValidationSplit(data, { regParam: [100, 0.01], rank: 2, maxIter: 6 }, { trainRatio: 0.8, seed: 1 });
    expect(tvs.splits).toEqual([{ train: Math.round(0.8 * size(data)), validation: size(data) - Math.round(0.8 * size(data)) }]);
    const full = await new ALS({ regParam: 0.01, rank: 2, maxIter: 6, coldStartStrategy: 'drop' }).fit(data);
    expect(tvs.bestModel.itemFactors).toEqual(full.itemFactors);
  });

  it('computes beyond-accuracy metrics when one is optimised (coverage: higher is better)', async () => {
    const [train, validation] = randomSplit(data, 0.75, 3) as [typeof data, typeof data];
    const tvs = await trainValidationSplit({ train, validation }, { rank: [1, 2], maxIter: 3 }, { metric: 'catalogCoverage@5' });
    expect(tvs.largerIsBetter).toBe(true);
    for (const r of tvs.results) {
      expect(r.metrics.catalogCoverage).toBeGreaterThan(0);
      expect(r.metrics.catalogCoverage).toBeLessThanOrEqual(1);
      expect(r.metrics.novelty).toBeGreaterThan(0);
    }
    const [a, b] = tvs.results.map((r) => r.metrics.catalogCoverage!);
    expect(tvs.best.index).toBe(b! > a! ? 1 : 0);
  });
});
