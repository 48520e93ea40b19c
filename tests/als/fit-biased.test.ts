import { beforeAll, describe, expect, it } from 'vitest';
import { ALS } from '../../src/als/als.js';
import { biasedHalfStep, biasedLoss } from '../../src/als/fit-biased.js';
import { buildCSR } from '../../src/data/csr.js';
import { fromRows, type Interactions } from '../../src/data/interactions.js';
import { Random } from '../../src/data/random.js';
import { updateFactors, type UpdateParams } from '../../src/kernels/update-factors.js';
import { updateFactorsWasm } from '../../src/kernels/wasm/update-factors-wasm.js';
import { loadWasmKernels } from '../../src/kernels/wasm/load-kernels.js';

beforeAll(async () => {
  expect(await loadWasmKernels()).not.toBeNull();
});

const params: UpdateParams = { rank: 2, regParam: 0.5, implicitPrefs: false, alpha: 1, nonnegative: false, solver: 'cholesky', cgSteps: 3 };

describe('biasedHalfStep solves the augmented normal equations (k = 1, by hand)', () => {
  for (const [name, solve] of [['TypeScript', updateFactors], ['WASM', updateFactorsWasm]] as const) {
    it(`a user's factor and bias against fixed items (${name})`, () => {
      // μ = 3, λ = 0.5. Item rows [y, 1, b]: A = [1, 1, 0.5], B = [−1, 1, −0.5]. The user rates A 5, B 2.
      // Features ỹ = [y, 1]: [1, 1], [−1, 1]; targets r − μ − b_i: 5 − 3 − 0.5 = 1.5, 2 − 3 + 0.5 = −0.5.
      // (Σ ỹỹᵀ + λ·n·I) = [[2, 0], [0, 2]] + 0.5·2·I = diag(3, 3);  Σ t ỹ = 1.5·[1, 1] − 0.5·[−1, 1] = [2, 1]
      // → [x, b_u] = [2/3, 1/3], stored as the user row [x, μ + b_u, 1] = [2/3, 10/3, 1].
      const items = Float32Array.of(1, 1, 0.5, -1, 1, -0.5);
      const user = new Float32Array(3);
      const block = buildCSR(Int32Array.of(0, 0), Int32Array.of(0, 1), Float32Array.of(5, 2), 1, 2);
      biasedHalfStep(block, items, user, 'users', 1, 3, params, solve);
      expect(user[0]).toBeCloseTo(2 / 3, 6);
      expect(user[1]).toBeCloseTo(10 / 3, 6);
      expect(user[2]).toBe(1);
    });

    it(`an item's factor and bias against fixed users (${name})`, () => {
      // μ = 3, λ = 0.5. User rows [x, μ + b, 1]: u1 = [1, 3.5, 1] (b = 0.5), u2 = [−1, 2.5, 1] (b = −0.5).
      // The item is rated 4 by u1 and 2 by u2. Features [x, 1]: [1, 1], [−1, 1]; targets r − (μ + b_u): 0.5, −0.5.
      // diag(3, 3) [y, b_i] = 0.5·[1, 1] − 0.5·[−1, 1] = [1, 0]  →  y = 1/3, b_i = 0: item row [1/3, 1, 0].
      const users = Float32Array.of(1, 3.5, 1, -1, 2.5, 1);
      const item = new Float32Array(3).fill(9);
      const block = buildCSR(Int32Array.of(0, 0), Int32Array.of(0, 1), Float32Array.of(4, 2), 1, 2);
      biasedHalfStep(block, users, item, 'items', 1, 3, params, solve);
      expect(item[0]).toBeCloseTo(1 / 3, 6);
      expect(item[1]).toBe(1);
      expect(item[2]).toBeCloseTo(0, 6);
    });
  }
});

/** Ratings μ + b_u + b_i + x_uᵀy_i (rank 2) + noise, every user rating 60% of the items. */
function planted(noise: number): Interactions {
  const rng = new Random(11);
  const nU = 60;
  const nI = 40;
  const bu = Array.from({ length: nU }, () => rng.nextGaussian() * 0.8);
  const bi = Array.from({ length: nI }, () => rng.nextGaussian() * 0.8);
  const x = Array.from({ length: nU * 2 }, () => rng.nextGaussian() * 0.5);
  const y = Array.from({ length: nI * 2 }, () => rng.nextGaussian() * 0.5);
  const rows = [];
  for (let u = 0; u < nU; u++) {
    for (let i = 0; i < nI; i++) {
      if (rng.next() > 0.6) continue;
      const r = 3.5 + bu[u]! + bi[i]! + x[2 * u]! * y[2 * i]! + x[2 * u + 1]! * y[2 * i + 1]! + noise * rng.nextGaussian();
      rows.push({ user: u, item: i, rating: r });
    }
  }
  return fromRows(rows);
}

function rmse(model: { transform(d: Interactions): { prediction: Float32Array; rows: Int32Array } }, data: Interactions): number {
  const p = model.transform(data);
  let s = 0;
  for (let j = 0; j < p.rows.length; j++) s += (p.prediction[j]! - data.ratings[p.rows[j]!]!) ** 2;
  return Math.sqrt(s / p.rows.length);
}

describe('biased ALS (biases: true)', () => {
  const data = planted(0);

  it('recovers planted ratings with offsets that plain ALS of the same rank cannot fit', async () => {
    const biased = await new ALS({ rank: 2, maxIter: 30, regParam: 0.001, biases: true }).fit(data);
    const plain = await new ALS({ rank: 2, maxIter: 30, regParam: 0.001 }).fit(data);
    // noise-free rank-2 + offsets data: biased rank 2 has the model's own form
    expect(rmse(biased, data)).toBeLessThan(0.05);
    expect(rmse(plain, data)).toBeGreaterThan(3 * rmse(biased, data));
  });

  it('stores μ and the biases in two extra factor columns: user [x, μ + b_u, 1], item [y, 1, b_i]', async () => {
    const model = await new ALS({ rank: 3, maxIter: 5, biases: true }).fit(data);
    expect(model.rank).toBe(5);
    expect(model.options.rank).toBe(3);
    let mean = 0;
    for (const r of data.ratings) mean += r;
    expect(model.globalMean).toBeCloseTo(mean / data.ratings.length, 5);
    for (let u = 0; u < model.userIds.size; u++) expect(model.userFactors[u * 5 + 4]).toBe(1);
    for (let i = 0; i < model.itemIds.size; i++) expect(model.itemFactors[i * 5 + 3]).toBe(1);
  });

  it('never increases its objective: each half-step minimises it exactly over one side', async () => {
    const losses = (await new ALS({ rank: 2, maxIter: 8, regParam: 0.1, biases: true, kernels: 'ts' }).fit(planted(0.3))).summary.loss;
    expect(losses).toHaveLength(8);
    for (let j = 1; j < losses.length; j++) expect(losses[j]!).toBeLessThanOrEqual(losses[j - 1]! * (1 + 1e-6));
  });

  it('reports the objective it minimises: the data term plus λ·n-weighted factor and bias norms', async () => {
    const d = fromRows([
      { user: 1, item: 1, rating: 4 },
      { user: 1, item: 2, rating: 2 },
      { user: 2, item: 1, rating: 5 },
    ]);
    const model = await new ALS({ rank: 1, maxIter: 2, regParam: 0.2, biases: true }).fit(d);
    // by hand from the rows: Σ (r − r̂)² + λ Σ_rows n (x² + b²), b_u = (μ + b_u) − μ
    const mu = model.globalMean!;
    const X = model.userFactors;
    const Y = model.itemFactors;
    let data = 0;
    for (const [u, i, r] of [[0, 0, 4], [0, 1, 2], [1, 0, 5]] as const) data += (r - model.score(u, i)) ** 2;
    const reg = 2 * (X[0]! ** 2 + (X[1]! - mu) ** 2) + 1 * (X[3]! ** 2 + (X[4]! - mu) ** 2) + 2 * (Y[0]! ** 2 + Y[2]! ** 2) + 1 * (Y[3]! ** 2 + Y[5]! ** 2);
    expect(model.summary.loss.at(-1)).toBeCloseTo(data + 0.2 * reg, 4);
    const ui = buildCSR(Int32Array.of(0, 0, 1), Int32Array.of(0, 1, 0), Float32Array.of(4, 2, 5), 2, 2);
    expect(biasedLoss(ui, X, Y, 1, mu, 0.2)).toBeCloseTo(data + 0.2 * reg, 4);
  });

  it('gives the same model on the WASM and the TypeScript kernels', async () => {
    const d = planted(0.3);
    const ts = await new ALS({ rank: 4, maxIter: 5, regParam: 0.05, biases: true, kernels: 'ts' }).fit(d);
    const wasm = await new ALS({ rank: 4, maxIter: 5, regParam: 0.05, biases: true, kernels: 'wasm' }).fit(d);
    for (let j = 0; j < ts.userFactors.length; j++) expect(wasm.userFactors[j]).toBeCloseTo(ts.userFactors[j]!, 3);
    expect(rmse(wasm, d)).toBeCloseTo(rmse(ts, d), 5);
  });

  it('ranks recommendations by the biased prediction (item biases included)', async () => {
    const model = await new ALS({ rank: 2, maxIter: 5, biases: true }).fit(data);
    const recs = [...model.recommendForUserSubset([0], 3).flat()];
    const all = fromRows(Array.from({ length: model.itemIds.size }, (_, i) => ({ user: 0, item: model.itemIds.toExternal(i), rating: 0 })));
    const p = model.transform(all);
    const best = Array.from(p.prediction).map((s, j) => [s, j] as const).sort((a, b) => b[0] - a[0]).slice(0, 3);
    expect(recs.map((r) => r.score)).toEqual(best.map(([s]) => expect.closeTo(s, 4)));
  });

  it('refuses implicit feedback and nonnegative, naming the fix', () => {
    expect(() => new ALS({ biases: true, implicitPrefs: true })).toThrow(/biases is for explicit ratings; drop biases, or set implicitPrefs false/);
    expect(() => new ALS({ biases: true, nonnegative: true })).toThrow(/biases cannot be combined with nonnegative/);
  });
});

describe('fold-in of a biased model', () => {
  it('gives back the trained user rows (users are solved last), biases included', async () => {
    const d = planted(0.3);
    const model = await new ALS({ rank: 3, maxIter: 4, regParam: 0.05, biases: true }).fit(d);
    const folded = model.foldInUsers(d);
    expect(folded.rank).toBe(5);
    for (let r = 0; r < folded.ids.size; r++) {
      const u = model.userIds.toIndex(folded.ids.toExternal(r));
      for (let a = 0; a < 5; a++) expect(folded.factors[r * 5 + a]).toBeCloseTo(model.userFactors[u * 5 + a]!, 3);
    }
  });

  it('predicts the bias baseline μ + b_i for a user whose items are all unknown', async () => {
    const model = await new ALS({ rank: 2, maxIter: 3, biases: true }).fit(planted(0.3));
    const folded = model.foldInUsers(fromRows([{ user: 'new', item: 'nope', rating: 5 }]));
    expect(Array.from(folded.factors)).toEqual([0, 0, Math.fround(model.globalMean!), 1]);
  });
});

describe('warm start of a biased fit (initialModel)', () => {
  it('continues from the model: one more iteration from a 4-iteration model equals a 5-iteration fit', async () => {
    // the initial rows are the only state ALS carries between iterations (μ is the same: same data)
    const d = planted(0.3);
    const o = { rank: 3, regParam: 0.05, biases: true, kernels: 'ts' as const };
    const four = await new ALS({ ...o, maxIter: 4 }).fit(d);
    const five = await new ALS({ ...o, maxIter: 5 }).fit(d);
    const more = await new ALS({ ...o, maxIter: 1 }).fit(d, { initialModel: four });
    for (let j = 0; j < five.userFactors.length; j++) expect(more.userFactors[j]).toBeCloseTo(five.userFactors[j]!, 5);
  });

  it('refuses a model without biases, naming what it needs', async () => {
    const d = planted(0.3);
    const plain = await new ALS({ rank: 3, maxIter: 1 }).fit(d);
    await expect(new ALS({ rank: 3, maxIter: 1, biases: true }).fit(d, { initialModel: plain })).rejects.toThrow(/initialModel must be a biased model of rank 3 \(factor rows of 5 columns\)/);
  });
});
