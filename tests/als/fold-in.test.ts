import { describe, expect, it } from 'vitest';
import { ALS } from '../../src/als/als.js';
import { ALSModel } from '../../src/als/als-model.js';
import { resolveALSOptions, type ALSOptions } from '../../src/als/options.js';
import { IdMap } from '../../src/data/id-map.js';
import { fromRows } from '../../src/data/interactions.js';
import { plantedLowRank } from '../../src/data/synthetic-low-rank.js';
import { foldInRow } from '../../src/als/fold-in.js';

const { data } = plantedLowRank({ numUsers: 40, numItems: 30, rank: 3, density: 0.4, noise: 0.1, seed: 5 });

/** Largest |a − b| relative to the largest |b|. */
function relDiff(a: Float32Array, b: Float32Array): number {
  let d = 0;
  let m = 0;
  for (let j = 0; j < b.length; j++) {
    d = Math.max(d, Math.abs(a[j]! - b[j]!));
    m = Math.max(m, Math.abs(b[j]!));
  }
  return d / m;
}

describe('foldInUsers: every training user folded in against the final item factors gives back the final user factors', () => {
  // A fit ends each iteration with the user half-step: x_u = argmin of the user's normal equations
  // given the final Y. Fold-in solves exactly those equations again, so the factors must agree —
  // bit for bit on the TypeScript kernels (same order of summation), to float32 rounding on WASM
  // (float32 SIMD accumulation there vs float64 here).
  const cases: [string, ALSOptions][] = [
    ['explicit', { implicitPrefs: false }],
    ['implicit (Cholesky)', { implicitPrefs: true, alpha: 2, solver: 'cholesky' }],
    ['nonnegative explicit (NNLS)', { nonnegative: true }],
    ['nonnegative implicit (NNLS)', { implicitPrefs: true, alpha: 2, nonnegative: true }],
  ];
  for (const [name, opts] of cases) {
    it(`${name}, TypeScript kernels: identical`, () => {
      const model = new ALS({ rank: 4, maxIter: 5, regParam: 0.1, seed: 3, kernels: 'ts', ...opts }).fitSync(data);
      const folded = model.foldInUsers(data);
      expect(folded.ids.ids()).toEqual(model.userIds.ids());
      expect(Array.from(folded.factors)).toEqual(Array.from(model.userFactors));
    });
    it(`${name}, WASM kernels: within float32 rounding`, async () => {
      const model = await new ALS({ rank: 4, maxIter: 5, regParam: 0.1, seed: 3, numThreads: 1, ...opts }).fit(data);
      expect(relDiff(model.foldInUsers(data).factors, model.userFactors)).toBeLessThan(1e-4);
    });
  }
});

// Rank 2, explicit, λ = 0.5, items a = [1, 0], b = [0, 2]. A new user rates a 3 and b 4 (n = 2):
//   A = a aᵀ + b bᵀ + λ·2·I = diag(1 + 1, 4 + 1) = diag(2, 5),  rhs = 3a + 4b = [3, 8]
//   x = [3/2, 8/5] = [1.5, 1.6];  scores: a 1.5, b 3.2, c = [1, 1] → 3.1.
function handModel(extra: ALSOptions = {}): ALSModel {
  return new ALSModel({
    rank: 2,
    userIds: IdMap.from([1]),
    itemIds: IdMap.from(['a', 'b', 'c']),
    userFactors: Float32Array.of(1, 1),
    itemFactors: Float32Array.of(1, 0, 0, 2, 1, 1),
    options: resolveALSOptions({ rank: 2, regParam: 0.5, ...extra }),
    itemCounts: Float64Array.of(5, 6, 7),
  });
}

describe('foldInUsers on a hand-made model', () => {
  it('solves the ALS-WR normal equations of a new user (derived in the comment above)', () => {
    const f = handModel().foldInUsers(fromRows([{ user: 'new', item: 'a', rating: 3 }, { user: 'new', item: 'b', rating: 4 }]));
    expect(f.ids.ids()).toEqual(['new']);
    expect(f.factors[0]).toBeCloseTo(1.5, 6);
    expect(f.factors[1]).toBeCloseTo(1.6, 6);
    expect(Array.from(f.counts)).toEqual([2]);
  });

  it('implicit: YᵀY over all items plus confidence on the rated ones (derived)', () => {
    // α = 1, λ = 0.5; the user has item a with r = 1 (c = 2, p = 1), n⁺ = 1.
    // YᵀY = a aᵀ + b bᵀ + c cᵀ = [[2, 1], [1, 5]];  A = YᵀY + (c − 1)·a aᵀ + 0.5·I = [[3.5, 1], [1, 5.5]]
    // rhs = c·a = [2, 0];  x = A⁻¹ rhs = [5.5·2, −1·2] / (3.5·5.5 − 1) = [11, −2] / 18.25
    const f = handModel({ implicitPrefs: true, alpha: 1 }).foldInUsers(fromRows([{ user: 9, item: 'a', rating: 1 }]));
    expect(f.factors[0]).toBeCloseTo(11 / 18.25, 6);
    expect(f.factors[1]).toBeCloseTo(-2 / 18.25, 6);
  });

  it('ignores items the model does not know, and leaves a user with none at zero (count 0)', () => {
    const f = handModel().foldInUsers(
      fromRows([
        { user: 'u', item: 'a', rating: 3 },
        { user: 'u', item: 'zz', rating: 1 },
        { user: 'u', item: 'b', rating: 4 },
        { user: 'v', item: 'zz', rating: 5 },
      ]),
    );
    expect(Array.from(f.counts)).toEqual([2, 0]);
    expect(f.factors[0]).toBeCloseTo(1.5, 6);
    expect(Array.from(f.factors.subarray(2))).toEqual([0, 0]);
  });

  it('names the user when its normal equations are singular (regParam 0)', () => {
    expect(() => handModel({ regParam: 0 }).foldInUsers(fromRows([{ user: 'solo', item: 'a', rating: 3 }]))).toThrow(/fold-in: user "solo".*increase regParam/);
  });
});

describe('foldInItems', () => {
  it('solves a new item from the users who rated it, against fixed user factors', () => {
    // Users x₁ = [1, 1]; item rated 2 by user 1, λ = 0.5, n = 1: A = [[1.5, 1], [1, 1.5]], rhs = [2, 2]
    // → y = [2, 2] / 2.5 = [0.8, 0.8].
    const f = handModel().foldInItems(fromRows([{ user: 1, item: 'd', rating: 2 }]));
    expect(f.side).toBe('item');
    expect(Array.from(f.factors).map((v) => +v.toFixed(6))).toEqual([0.8, 0.8]);
  });
});

describe('recommendFor', () => {
  it('recommends for a user the model has never seen, leaving out the items it was folded in from', () => {
    const recs = handModel().recommendFor(fromRows([{ user: 'new', item: 'a', rating: 3 }, { user: 'new', item: 'b', rating: 4 }]), 2);
    expect(recs.toRows()).toEqual([{ user: 'new', recommendations: [{ item: 'c', rating: expect.closeTo(3.1, 5) }] }]);
  });

  it("keeps the input items with exclude 'none' (best first: b 3.2, c 3.1, a 1.5)", () => {
    const recs = handModel().recommendFor(fromRows([{ user: 'new', item: 'a', rating: 3 }, { user: 'new', item: 'b', rating: 4 }]), 3, { exclude: 'none' });
    expect(recs.toRows()[0]!.recommendations).toEqual([
      { item: 'b', rating: expect.closeTo(3.2, 5) },
      { item: 'c', rating: expect.closeTo(3.1, 5) },
      { item: 'a', rating: expect.closeTo(1.5, 5) },
    ]);
  });

  it('gives training users the lists of recommendForUserSubset', () => {
    const model = new ALS({ rank: 4, maxIter: 5, regParam: 0.1, seed: 3, kernels: 'ts' }).fitSync(data);
    const users = [1, 7, 22];
    const a = model.recommendForUserSubset(users, 5, { exclude: data }).toRows();
    const b = model.recommendFor(data, 5).toRows().filter((r) => users.includes(r.user as number));
    expect(b).toEqual(a);
  });
});

describe('withUsers / withItems', () => {
  it('adds new users and replaces known ones in a new model, leaving the original as it was', () => {
    const m = handModel();
    const folded = m.foldInUsers(fromRows([{ user: 1, item: 'a', rating: 3 }, { user: 1, item: 'b', rating: 4 }, { user: 2, item: 'a', rating: 1 }]));
    const m2 = m.withUsers(folded);
    expect(m2.userIds.ids()).toEqual([1, 2]);
    expect(m2.userFactors[0]).toBeCloseTo(1.5, 6);
    expect(m2.userFactors[1]).toBeCloseTo(1.6, 6);
    expect(Array.from(m.userFactors)).toEqual([1, 1]);
    expect(m.userIds.size).toBe(1);
  });

  it('appends new items with their fold-in counts as popularity', () => {
    const m2 = handModel().withItems(handModel().foldInItems(fromRows([{ user: 1, item: 'd', rating: 2 }])));
    expect(m2.itemIds.ids()).toEqual(['a', 'b', 'c', 'd']);
    expect(Array.from(m2.itemCounts!)).toEqual([5, 6, 7, 1]);
    // user 1 = [1, 1] scores a 1, b 2, c 2, d = [0.8, 0.8] → 1.6: d ranks third, after the tie b, c.
    expect(Array.from(m2.recommendForAllUsers(4).list(0), (i) => m2.itemIds.toExternal(i))).toEqual(['b', 'c', 'd', 'a']);
  });

  it('refuses item factors where user factors are expected', () => {
    const m = handModel();
    expect(() => m.withUsers(m.foldInItems(fromRows([{ user: 1, item: 'd', rating: 2 }])))).toThrow(/withUsers: expected user factors/);
  });
});

describe('foldInRow: one row from model rows, as foldIn solves it', () => {
  it('gives back the hand-solved user of the rank-2 example: items a (row 0) = 3, b (row 1) = 4 → [1.5, 1.6]', () => {
    const x = foldInRow(handModel(), 'user', Int32Array.of(0, 1), Float32Array.of(3, 4));
    expect(Array.from(x)).toEqual([1.5, Math.fround(1.6)]);
  });

  for (const [name, opts] of [['explicit', { implicitPrefs: false }], ['implicit', { implicitPrefs: true, alpha: 2 }], ['nonnegative implicit', { implicitPrefs: true, alpha: 2, nonnegative: true }]] as const) {
    it(`${name}: equals foldInUsers on every training user, bit for bit`, () => {
      const model = new ALS({ rank: 4, maxIter: 3, regParam: 0.1, seed: 3, kernels: 'ts', ...opts }).fitSync(data);
      const folded = model.foldInUsers(data);
      const byUser = new Map<number, { cols: number[]; values: number[] }>();
      for (let r = 0; r < data.users.length; r++) {
        const e = byUser.get(data.users[r]!) ?? byUser.set(data.users[r]!, { cols: [], values: [] }).get(data.users[r]!)!;
        e.cols.push(model.itemIds.toIndex(data.itemIds.toExternal(data.items[r]!)));
        e.values.push(data.ratings[r]!);
      }
      for (const [u, e] of byUser) {
        const row = folded.ids.toIndex(data.userIds.toExternal(u));
        const x = foldInRow(model, 'user', Int32Array.from(e.cols), Float32Array.from(e.values));
        expect(Array.from(x)).toEqual(Array.from(folded.factors.subarray(row * 4, row * 4 + 4)));
      }
    });
  }

  it('returns zeros for no interactions and refuses rows outside the model or a biased model, naming them', () => {
    expect(Array.from(foldInRow(handModel(), 'user', new Int32Array(0), new Float32Array(0)))).toEqual([0, 0]);
    expect(() => foldInRow(handModel(), 'user', Int32Array.of(3), Float32Array.of(1))).toThrow(/cols\[0\] = 3 is not a model item row \(0\.\.2\)/);
    const biased = new ALS({ rank: 2, maxIter: 2, biases: true, kernels: 'ts', seed: 1 }).fitSync(data);
    expect(() => foldInRow(biased, 'user', Int32Array.of(0), Float32Array.of(1))).toThrow(/biased model/);
  });
});

describe('foldInRow on the WASM kernels (fixed factors prepared once per model)', () => {
  it('agrees with foldInUsers within float32 rounding on every training user, implicit and explicit', async () => {
    for (const opts of [{ implicitPrefs: true, alpha: 2 }, { implicitPrefs: false }]) {
      const model = await new ALS({ rank: 6, maxIter: 3, regParam: 0.1, seed: 3, numThreads: 1, ...opts }).fit(data);
      const folded = model.foldInUsers(data);
      for (let row = 0; row < folded.ids.size; row++) {
        const u = data.userIds.toIndex(folded.ids.toExternal(row));
        const cols: number[] = [];
        const values: number[] = [];
        for (let r = 0; r < data.users.length; r++) {
          if (data.users[r] !== u) continue;
          cols.push(model.itemIds.toIndex(data.itemIds.toExternal(data.items[r]!)));
          values.push(data.ratings[r]!);
        }
        const x = foldInRow(model, 'user', Int32Array.from(cols), Float32Array.from(values));
        expect(relDiff(x, folded.factors.subarray(row * 6, row * 6 + 6))).toBeLessThan(1e-4);
      }
    }
  });
});
