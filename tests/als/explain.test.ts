import { describe, expect, it } from 'vitest';
import { ALS } from '../../src/als/als.js';
import { ALSModel } from '../../src/als/als-model.js';
import { resolveALSOptions, type ALSOptions } from '../../src/als/options.js';
import { IdMap } from '../../src/data/id-map.js';
import { fromRows } from '../../src/data/interactions.js';
import { Random } from '../../src/data/random.js';
import { plantedLowRank } from '../../src/data/synthetic-low-rank.js';

describe('explain on a hand-made model', () => {
  it('splits the score over the history (derived)', () => {
    // Rank 2, explicit, λ = 0.5; items a = [1, 0], b = [0, 2], c = [1, 1]; history a 3, b 4.
    //   A = diag(2, 5) (see fold-in.test.ts), z = A⁻¹ c = [0.5, 0.2]
    //   a: 3 · aᵀz = 1.5;  b: 4 · bᵀz = 4 · 0.4 = 1.6;  score = 3.1
    const model = new ALSModel({
      rank: 2,
      userIds: IdMap.from([1]),
      itemIds: IdMap.from(['a', 'b', 'c']),
      userFactors: Float32Array.of(0, 0),
      itemFactors: Float32Array.of(1, 0, 0, 2, 1, 1),
      options: resolveALSOptions({ rank: 2, regParam: 0.5 }),
    });
    const e = model.explain('new', 'c', fromRows([{ user: 'new', item: 'a', rating: 3 }, { user: 'new', item: 'b', rating: 4 }, { user: 'x', item: 'a', rating: 1 }]));
    expect(e.score).toBeCloseTo(3.1, 6);
    expect(e.contributions.map((c) => [c.item, +c.contribution.toFixed(6)])).toEqual([['b', 1.6], ['a', 1.5]]);
  });
});

/** A model with random factors (no fit), to test the identity on arbitrary systems. */
function randomModel(seed: number, opts: ALSOptions): ALSModel {
  const rng = new Random(seed);
  const k = 5;
  const nI = 30;
  return new ALSModel({
    rank: k,
    userIds: IdMap.from([]),
    itemIds: IdMap.from(Array.from({ length: nI }, (_, i) => i)),
    userFactors: new Float32Array(0),
    itemFactors: Float32Array.from({ length: nI * k }, () => (opts.nonnegative ? Math.abs(rng.nextGaussian()) : rng.nextGaussian())),
    options: resolveALSOptions({ rank: k, regParam: 0.05 + rng.next(), ...opts }),
  });
}

describe('explain: contributions sum to the score within 1e-4 on random models', () => {
  const variants: [string, ALSOptions][] = [
    ['explicit', {}],
    ['implicit', { implicitPrefs: true, alpha: 3 }],
    ['nonnegative explicit', { nonnegative: true }],
    ['nonnegative implicit', { implicitPrefs: true, alpha: 3, nonnegative: true }],
  ];
  for (const [name, opts] of variants) {
    it(name, () => {
      for (let seed = 1; seed <= 20; seed++) {
        const model = randomModel(seed, opts);
        const rng = new Random(1000 + seed);
        const rows = Array.from({ length: 3 + rng.nextInt(10) }, (_, j) => ({ user: 'u', item: (j * 7 + seed) % 30, rating: Math.round((rng.next() * 10 - 2) * 10) / 10 }));
        const history = fromRows(rows, 'sum');
        const item = rng.nextInt(30);
        const e = model.explain('u', item, history);
        const total = e.contributions.reduce((s, c) => s + c.contribution, 0);
        expect(Math.abs(total - e.score)).toBeLessThan(1e-4 * Math.max(1, Math.abs(e.score)));
        // and the score is that of the folded-in factor
        const f = model.foldInUsers(history);
        let s = 0;
        for (let a = 0; a < 5; a++) s += f.factors[a]! * model.itemFactors[item * 5 + a]!;
        expect(e.score).toBeCloseTo(s, 4);
      }
    });
  }
});

describe('explain on a fitted model', () => {
  it("explains the model's own score for a training user (Cholesky: fold-in = the fit's factor)", () => {
    const { data } = plantedLowRank({ numUsers: 30, numItems: 20, rank: 2, density: 0.5, noise: 0.1, seed: 2 });
    const model = new ALS({ rank: 3, maxIter: 5, implicitPrefs: true, solver: 'cholesky', kernels: 'ts' }).fitSync(data);
    const e = model.explain(4, 9, data);
    expect(e.score).toBeCloseTo(model.score(model.userIds.toIndex(4), model.itemIds.toIndex(9)), 5);
    expect(e.contributions[0]!.contribution).toBeGreaterThanOrEqual(e.contributions.at(-1)!.contribution);
  });

  it('names an unknown item and a user without history', () => {
    const { data } = plantedLowRank({ numUsers: 5, numItems: 5, rank: 1, density: 1, noise: 0, seed: 2 });
    const model = new ALS({ rank: 2, maxIter: 1, kernels: 'ts' }).fitSync(data);
    expect(() => model.explain(1, 99, data)).toThrow(/explain: item 99 has no factor/);
    expect(() => model.explain(42, 1, data)).toThrow(/explain: user 42 has no interactions/);
  });
});
