import { describe, expect, it } from 'vitest';
import { ALS } from '../../src/als/als.js';
import { ALSModel } from '../../src/als/als-model.js';
import { IdMap } from '../../src/data/id-map.js';
import { fromRows } from '../../src/data/interactions.js';
import { resolveALSOptions } from '../../src/als/options.js';
import { useNodeThreads } from '../../src/node-threads/kernel-thread-host.js';

useNodeThreads(); // the core starts no thread without a host

// A model with hand-set factors (rank 2) so every score is known:
//   users u1 = [1, 0], u2 = [0, 1];  items a = [3, 1], b = [1, 2], c = [2, 2]
//   scores u1: a 3, b 1, c 2      u2: a 1, b 2, c 2
function handModel(coldStartStrategy: 'nan' | 'drop' = 'nan'): ALSModel {
  return new ALSModel({
    rank: 2,
    userIds: IdMap.from(['u1', 'u2']),
    itemIds: IdMap.from(['a', 'b', 'c']),
    userFactors: Float32Array.of(1, 0, 0, 1),
    itemFactors: Float32Array.of(3, 1, 1, 2, 2, 2),
    options: resolveALSOptions({ rank: 2, coldStartStrategy }),
  });
}

describe('ALSModel.transform', () => {
  const pairs = fromRows([
    { user: 'u1', item: 'a', rating: 0 },
    { user: 'u9', item: 'a', rating: 0 }, // unknown user
    { user: 'u2', item: 'z', rating: 0 }, // unknown item
    { user: 'u2', item: 'c', rating: 0 },
  ]);

  it("predicts NaN for unknown users or items under coldStartStrategy 'nan' (Spark's default)", () => {
    const p = handModel('nan').transform(pairs);
    expect(Array.from(p.rows)).toEqual([0, 1, 2, 3]);
    expect(Array.from(p.prediction)).toEqual([3, NaN, NaN, 2]);
  });

  it("drops rows with unknown users or items under 'drop'", () => {
    const p = handModel('drop').transform(pairs);
    expect(Array.from(p.rows)).toEqual([0, 3]);
    expect(Array.from(p.prediction)).toEqual([3, 2]);
  });

  it('adds the prediction column to row objects', () => {
    const rows = handModel('drop').transformRows([
      { user: 'u2', item: 'b', rating: 4 },
      { user: 'nobody', item: 'b', rating: 4 },
    ]);
    expect(rows).toEqual([{ user: 'u2', item: 'b', rating: 4, prediction: 2 }]);
  });
});

describe('ALSModel recommendations', () => {
  it('ranks items by score for every user, ties to the earlier item', () => {
    const rows = handModel().recommendForAllUsers(2).toRows();
    expect(rows).toEqual([
      { user: 'u1', recommendations: [{ item: 'a', rating: 3 }, { item: 'c', rating: 2 }] },
      { user: 'u2', recommendations: [{ item: 'b', rating: 2 }, { item: 'c', rating: 2 }] },
    ]);
  });

  it('never recommends what the exclusion data holds for that user', () => {
    const seen = fromRows([
      { user: 'u1', item: 'a', rating: 5 },
      { user: 'u2', item: 'b', rating: 5 },
      { user: 'u2', item: 'c', rating: 5 },
    ]);
    const rows = handModel().recommendForAllUsers(3, { exclude: seen }).toRows();
    expect(rows).toEqual([
      { user: 'u1', recommendations: [{ item: 'c', rating: 2 }, { item: 'b', rating: 1 }] },
      { user: 'u2', recommendations: [{ item: 'a', rating: 1 }] },
    ]);
  });

  it('recommends users for items, and serves subsets skipping unknown ids', () => {
    const m = handModel();
    expect(m.recommendForAllItems(1).toRows()).toEqual([
      { item: 'a', recommendations: [{ user: 'u1', rating: 3 }] },
      { item: 'b', recommendations: [{ user: 'u2', rating: 2 }] },
      { item: 'c', recommendations: [{ user: 'u1', rating: 2 }] },
    ]);
    expect(m.recommendForUserSubset(['u2', 'ghost'], 1).toRows()).toEqual([
      { user: 'u2', recommendations: [{ item: 'b', rating: 2 }] },
    ]);
    expect(m.recommendForItemSubset(['c'], 2).toRows()).toEqual([
      { item: 'c', recommendations: [{ user: 'u1', rating: 2 }, { user: 'u2', rating: 2 }] },
    ]);
  });

  it('rejects a k that is not a positive integer', () => {
    expect(() => handModel().recommendForAllUsers(0)).toThrow(/k must be an integer >= 1, got 0/);
  });
});

describe('ALS fit', () => {
  it('gives factors only to users and items present in the training rows', async () => {
    const model = await new ALS({ rank: 2, maxIter: 2, seed: 1 }).fit([
      { user: 5, item: 1, rating: 4 },
      { user: 6, item: 2, rating: 3 },
    ]);
    expect(model.userIds.ids()).toEqual([5, 6]);
    expect(model.itemIds.ids()).toEqual([1, 2]);
    expect(model.userFactors).toHaveLength(4);
  });

  it('gives the same model for the same seed, and another for another seed', () => {
    const rows = [
      { user: 1, item: 1, rating: 4 },
      { user: 1, item: 2, rating: 1 },
      { user: 2, item: 2, rating: 5 },
    ];
    const fit = (seed: number) => new ALS({ rank: 3, maxIter: 3, seed }).fitSync(fromRows(rows));
    expect(Array.from(fit(1).userFactors)).toEqual(Array.from(fit(1).userFactors));
    expect(Array.from(fit(1).userFactors)).not.toEqual(Array.from(fit(2).userFactors));
  });

  it('reads row objects through the Spark column names', () => {
    const model = new ALS({ rank: 1, maxIter: 1, userCol: 'userId', itemCol: 'movieId', ratingCol: 'stars' }).fitSync(
      [{ userId: 1, movieId: 9, stars: 3 }] as unknown as never,
    );
    expect(model.itemIds.ids()).toEqual([9]);
  });

  it('names the missing id field and the option that points at it', () => {
    expect(() => new ALS({ itemCol: 'movieId' }).fitSync([{ user: 1, item: 2, rating: 3 }] as never)).toThrow(
      "rows[0]: 'movieId' is undefined, expected a number or string id (the row has fields user, item, rating); " +
        'name the id field with the ALS option itemCol, e.g. new ALS({ itemCol: "item" })',
    );
  });

  it('rejects empty data and bad options with the value and the fix', () => {
    expect(() => new ALS({ regParam: -1 })).toThrow('als: regParam must be >= 0, got -1');
    expect(() => new ALS({ rank: 2.5 })).toThrow('als: rank must be an integer >= 1, got 2.5');
    expect(() => new ALS({ coldStartStrategy: 'skip' as never })).toThrow(/coldStartStrategy must be one of 'nan', 'drop', got "skip"/);
    expect(() => new ALS({ solver: 'cg' })).toThrow(/solver 'cg' is for implicit feedback/);
    expect(() => new ALS({ rnak: 3 } as never)).toThrow(/unknown option 'rnak'/);
    expect(() => new ALS().fitSync([])).toThrow(/no rows/);
  });

  it("refuses boolean options given as anything but true or false ('false' trained implicit ALS before)", () => {
    expect(() => new ALS({ implicitPrefs: 'false' as never })).toThrow('als: implicitPrefs must be true or false, got "false"');
    expect(() => new ALS({ nonnegative: 1 as never })).toThrow('als: nonnegative must be true or false, got 1');
    expect(() => new ALS({ computeLoss: 'yes' as never })).toThrow('als: computeLoss must be true or false, got "yes"');
    expect(() => new ALS({ onIteration: 'log' as never })).toThrow('als: onIteration must be a function, got "log"');
    expect(() => new ALS({ kernels: 'WASM' as never })).toThrow(/kernels must be one of 'wasm', 'ts', got "WASM"/);
    expect(new ALS({ implicitPrefs: false }).options.implicitPrefs).toBe(false);
  });

  it('names the row and the fix when regParam 0 leaves a system singular', () => {
    // rank 2 but one rating per user: Σ y yᵀ has rank 1, and λ = 0 adds nothing.
    expect(() => new ALS({ rank: 2, maxIter: 1, regParam: 0 }).fitSync(fromRows([{ user: 1, item: 1, rating: 3 }]))).toThrow(
      /not positive definite; increase regParam \(now 0\)/,
    );
  });
});

describe('ALSModel *Async recommendations', () => {
  it('give the same lists on worker threads as the synchronous methods', async () => {
    const { plantedLowRank } = await import('../../src/data/synthetic-low-rank.js');
    const { data } = plantedLowRank({ numUsers: 300, numItems: 250, rank: 4, density: 0.2, noise: 0.1, seed: 8 });
    const model = await new ALS({ rank: 8, maxIter: 3, seed: 1 }).fit(data); // loads the WASM kernels
    const sync = model.recommendForAllUsers(7, { exclude: data }).toRows();
    const threaded = await model.recommendForAllUsersAsync(7, { exclude: data, numThreads: 2 });
    expect(threaded.toRows()).toEqual(sync);
    const items = await model.recommendForItemSubsetAsync([3, 1, 999], 4, { numThreads: 2 });
    expect(items.toRows()).toEqual(model.recommendForItemSubset([3, 1, 999], 4).toRows());
  });
});
