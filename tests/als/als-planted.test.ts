import { describe, expect, it } from 'vitest';
import { ALS } from '../../src/als/als.js';
import { plantedLowRank } from '../../src/data/synthetic-low-rank.js';
import { selectRows } from '../../src/data/interactions.js';
import { Random } from '../../src/data/random.js';

describe('explicit ALS on planted low-rank data', () => {
  it('recovers the planted matrix: held-out RMSE within 1.5× the noise level', () => {
    // 400 users × 300 items of rank 3 (unit-variance clean ratings), 25% observed, noise σ = 0.1.
    // The best possible held-out RMSE is σ; an unrecovered model would sit near 1 (the signal's std).
    const sigma = 0.1;
    const { data } = plantedLowRank({ numUsers: 400, numItems: 300, rank: 3, density: 0.25, noise: sigma, seed: 3 });
    const order = new Random(11).shuffle(Int32Array.from({ length: data.users.length }, (_, i) => i));
    const cut = Math.round(order.length * 0.8);
    const train = selectRows(data, order.subarray(0, cut));
    const test = selectRows(data, order.subarray(cut));
    const model = new ALS({ rank: 3, maxIter: 15, regParam: 0.001, seed: 1 }).fitSync(train);
    const { rows, prediction } = model.transform(test);
    let se = 0;
    for (let j = 0; j < rows.length; j++) se += (test.ratings[rows[j]!]! - prediction[j]!) ** 2;
    const rmse = Math.sqrt(se / rows.length);
    expect(rows.length).toBe(test.users.length);
    expect(rmse).toBeLessThan(1.5 * sigma);
    expect(rmse).toBeGreaterThan(0.8 * sigma); // cannot beat the noise floor by much: a sanity check on the metric
  });

  it('the training loss falls from the first iteration to the last', () => {
    const { data } = plantedLowRank({ numUsers: 100, numItems: 80, rank: 2, density: 0.3, noise: 0.05, seed: 5 });
    const model = new ALS({ rank: 2, maxIter: 8, regParam: 0.01, seed: 2 }).fitSync(data);
    const loss = model.summary.loss;
    expect(loss).toHaveLength(8);
    for (let t = 1; t < loss.length; t++) expect(loss[t]).toBeLessThanOrEqual(loss[t - 1]! * (1 + 1e-6));
  });
});
