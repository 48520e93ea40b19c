import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALS } from '../../src/als/als.js';
import { ALSModel } from '../../src/als/als-model.js';
import { averageMembers } from '../../src/als/ensemble.js';
import { foldIn } from '../../src/als/fold-in.js';
import { resolveALSOptions } from '../../src/als/options.js';
import { fromRows, type Interactions } from '../../src/data/interactions.js';
import { IdMap } from '../../src/data/id-map.js';
import { Random } from '../../src/data/random.js';
import { loadALSModel, saveALSModel } from '../../src/io/als-model-dir.js';

const ids = (n: number) => IdMap.from(Array.from({ length: n }, (_, j) => j));
const member = (rank: number, users: number[], items: number[], biases = false) =>
  new ALSModel({ rank, userIds: ids(1), itemIds: ids(1), userFactors: Float32Array.from(users), itemFactors: Float32Array.from(items), options: resolveALSOptions({ rank: biases ? rank - 2 : rank, biases }), globalMean: biases ? 3 : undefined });

describe('averageMembers: one model predicting the mean of its members (by hand)', () => {
  it('stacks two rank-2 members side by side, scaled by 1/√2', () => {
    // A: x = [1, 0], y = [2, 0] → 2.  B: x = [0, 3], y = [0, 1] → 3.  Mean 2.5.
    // Rows [1, 0, 0, 3]/√2 and [2, 0, 0, 1]/√2: dot = (2 + 3)/2 = 2.5.
    const model = averageMembers([member(2, [1, 0], [2, 0]), member(2, [0, 3], [0, 1])], resolveALSOptions({ rank: 2, ensembleSize: 2 }));
    expect(model.rank).toBe(4);
    expect([...model.userFactors].map((v) => v * Math.SQRT2)).toEqual([1, 0, 0, 3].map((v) => expect.closeTo(v, 6)));
    expect([...model.itemFactors].map((v) => v * Math.SQRT2)).toEqual([2, 0, 0, 1].map((v) => expect.closeTo(v, 6)));
    expect(model.score(0, 0)).toBeCloseTo(2.5, 6);
  });

  it('averages the biases of biased members into the two bias columns', () => {
    // μ = 3. A: x = 1, b_u = 0.5, y = 2, b_i = −1 → 3 + 0.5 − 1 + 2 = 4.5; rows [1, 3.5, 1], [2, 1, −1].
    // B: x = −1, b_u = 0.1, y = 1, b_i = 0.3 → 3 + 0.1 + 0.3 − 1 = 2.4; rows [−1, 3.1, 1], [1, 1, 0.3].
    // Ensemble rows [1/√2, −1/√2, 3.3, 1] and [2/√2, 1/√2, 1, −0.35]: (2 − 1)/2 + 3.3 − 0.35 = 3.45 = (4.5 + 2.4)/2.
    const model = averageMembers([member(3, [1, 3.5, 1], [2, 1, -1], true), member(3, [-1, 3.1, 1], [1, 1, 0.3], true)], resolveALSOptions({ rank: 1, biases: true, ensembleSize: 2 }));
    expect(model.rank).toBe(4);
    expect(model.userFactors[2]).toBeCloseTo(3.3, 6);
    expect(model.userFactors[3]).toBe(1);
    expect(model.itemFactors[2]).toBe(1);
    expect(model.itemFactors[3]).toBeCloseTo(-0.35, 6);
    expect(model.score(0, 0)).toBeCloseTo(3.45, 5);
  });
});

/** 30 users × 20 items, rank-2 structure plus noise, 70% observed. */
function ratings(): Interactions {
  const rng = new Random(5);
  const rows = [];
  for (let u = 0; u < 30; u++) for (let i = 0; i < 20; i++) if (rng.next() < 0.7) rows.push({ user: u, item: i, rating: 3 + Math.sin(u) * Math.cos(i) + 0.3 * rng.nextGaussian() });
  return fromRows(rows);
}

describe('ALS with ensembleSize', () => {
  const data = ratings();

  for (const biases of [false, true]) {
    it(`predicts the mean of the fits seeded seed … seed + n − 1 (${biases ? 'biased' : 'plain'} explicit)`, async () => {
      const opts = { rank: 3, maxIter: 5, regParam: 0.1, biases, seed: 7 };
      const ensemble = await new ALS({ ...opts, ensembleSize: 3 }).fit(data);
      const members = await Promise.all([7, 8, 9].map((seed) => new ALS({ ...opts, seed }).fit(data)));
      expect(ensemble.rank).toBe(3 * 3 + (biases ? 2 : 0));
      const mean = members.map((m) => m.transform(data).prediction).reduce((acc, p) => acc.map((v, j) => v + p[j]! / 3), new Float64Array(data.users.length));
      const got = ensemble.transform(data).prediction;
      for (let j = 0; j < got.length; j++) expect(got[j]).toBeCloseTo(mean[j]!, 4);
      // seeds differ, so the members do differ: the mean is not any one of them
      expect(Math.max(...members[0]!.transform(data).prediction.map((v, j) => Math.abs(v - members[1]!.transform(data).prediction[j]!)))).toBeGreaterThan(1e-3);
    });
  }

  it('reports progress over all members, and keeps the summary per iteration', async () => {
    const seen: string[] = [];
    const model = await new ALS({ rank: 2, maxIter: 2, ensembleSize: 2, onIteration: (i) => seen.push(`${i.iteration}/${i.maxIter}`) }).fit(data);
    expect(seen).toEqual(['1/4', '2/4', '3/4', '4/4']);
    expect(model.summary.loss).toHaveLength(2);
  });

  it('survives saving and loading, options and predictions alike', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'alsrec-ensemble-'));
    try {
      for (const biases of [false, true]) {
        const model = await new ALS({ rank: 2, maxIter: 3, ensembleSize: 2, biases }).fit(data);
        await saveALSModel(model, join(dir, String(biases)));
        const back = await loadALSModel(join(dir, String(biases)));
        expect(back.options.rank).toBe(2);
        expect(back.options.ensembleSize).toBe(2);
        expect(back.rank).toBe(model.rank);
        expect(back.transform(data).prediction).toEqual(model.transform(data).prediction);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses what a stacked model cannot do, naming the fix', async () => {
    const model = await new ALS({ rank: 2, maxIter: 2, ensembleSize: 2 }).fit(data);
    expect(() => foldIn(model, data, 'user')).toThrow(/ensemble of 2 seeds.*ensembleSize 1/);
    await expect(new ALS({ rank: 2, ensembleSize: 2 }).fit(data, { initialModel: model })).rejects.toThrow(/initialModel/);
    expect(() => new ALS({ ensembleSize: 0 })).toThrow('als: ensembleSize must be an integer >= 1, got 0');
  });
});
