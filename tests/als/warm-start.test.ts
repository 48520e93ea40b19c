import { describe, expect, it } from 'vitest';
import { ALS } from '../../src/als/als.js';
import { startingFactors } from '../../src/als/warm-start.js';
import { initFactors } from '../../src/als/init-factors.js';
import { IdMap } from '../../src/data/id-map.js';
import { selectRows, size } from '../../src/data/interactions.js';
import { plantedLowRank } from '../../src/data/synthetic-low-rank.js';
import { randomSplit } from '../../src/data/split-random.js';

const { data } = plantedLowRank({ numUsers: 80, numItems: 60, rank: 3, density: 0.3, noise: 0.1, seed: 11 });

describe('startingFactors', () => {
  const model = new ALS({ rank: 3, maxIter: 2, kernels: 'ts' }).fitSync(data);

  it("takes the initial model's rows for the ids it knows and seeded random rows for new ones", () => {
    const users = IdMap.from([2, 'new', 1]);
    const { X, reusedUsers } = startingFactors(users, IdMap.from([1]), 3, 0, model);
    expect(reusedUsers).toBe(2);
    const row = (ids: IdMap, id: number) => Array.from(model.userFactors.subarray(ids.toIndex(id) * 3, ids.toIndex(id) * 3 + 3));
    expect(Array.from(X.subarray(0, 3))).toEqual(row(model.userIds, 2));
    expect(Array.from(X.subarray(6, 9))).toEqual(row(model.userIds, 1));
    expect(Array.from(X.subarray(3, 6))).toEqual(Array.from(initFactors(IdMap.from(['new']), 3, 0, 0)));
  });

  it('refuses a model of another rank', () => {
    expect(() => startingFactors(IdMap.from([1]), IdMap.from([1]), 4, 0, model)).toThrow(/initialModel has rank 3 but this ALS has rank 4/);
  });
});

describe('fit(data, { initialModel })', () => {
  it('with maxIter 0 returns the initial factors unchanged', async () => {
    const model = new ALS({ rank: 3, maxIter: 3, kernels: 'ts' }).fitSync(data);
    const again = await new ALS({ rank: 3, maxIter: 0, seed: 99 }).fit(data, { initialModel: model });
    expect(Array.from(again.userFactors)).toEqual(Array.from(model.userFactors));
    expect(Array.from(again.itemFactors)).toEqual(Array.from(model.itemFactors));
  });

  it('reaches within 0.5% of a 15-iteration cold fit in at most 3 iterations after 10% more data', async () => {
    const [part] = randomSplit(data, [0.9, 0.1], 7);
    expect(size(part!)).toBeLessThan(size(data));
    const opts = { rank: 3, regParam: 0.05, numThreads: 1 } as const;
    const old = await new ALS({ ...opts, maxIter: 15 }).fit(part!);
    const cold = await new ALS({ ...opts, maxIter: 15 }).fit(data);
    const warm = await new ALS({ ...opts, maxIter: 3 }).fit(data, { initialModel: old });
    const target = cold.summary.loss.at(-1)! * 1.005;
    expect(warm.summary.loss.findIndex((l) => l <= target)).toBeGreaterThanOrEqual(0);
    // and a cold start given the same 3 iterations is not there yet
    const cold3 = await new ALS({ ...opts, maxIter: 3 }).fit(data);
    expect(cold3.summary.loss.at(-1)!).toBeGreaterThan(warm.summary.loss.at(-1)!);
  });

  it('gives new users and items factors too (they start random)', () => {
    const old = new ALS({ rank: 3, maxIter: 5, kernels: 'ts' }).fitSync(selectRows(data, Array.from({ length: 500 }, (_, r) => r)));
    const m = new ALS({ rank: 3, maxIter: 2, kernels: 'ts' }).fitSync(data, { initialModel: old });
    expect(m.userIds.size).toBeGreaterThan(old.userIds.size);
    expect(m.userFactors.every(Number.isFinite)).toBe(true);
  });
});
