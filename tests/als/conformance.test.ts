import { afterAll, describe, expect, it } from 'vitest';
import { ALS } from '../../src/als/als.js';
import type { ALSModel } from '../../src/als/als-model.js';
import type { ALSOptions } from '../../src/als/options.js';
import { plantedLowRank } from '../../src/data/synthetic-low-rank.js';
import { selectRows, type Interactions } from '../../src/data/interactions.js';
import { IdMap } from '../../src/data/id-map.js';
import { Random } from '../../src/data/random.js';
import { closeSharedPool } from '../../src/kernels/pool/shared-pool.js';
import { useNodeThreads } from '../../src/node-threads/kernel-thread-host.js';

useNodeThreads(); // the core starts no thread without a host

afterAll(closeSharedPool);

// One suite for every solver variant (STYLE item 11): explicit/implicit × Cholesky/CG/NNLS, each on
// the TypeScript kernels, the WASM kernels on 1 thread and on 2 threads.

const sigma = 0.1;

function split(data: Interactions): { train: Interactions; test: Interactions } {
  const order = new Random(11).shuffle(Int32Array.from({ length: data.users.length }, (_, i) => i));
  const cut = Math.round(order.length * 0.8);
  return { train: selectRows(data, order.subarray(0, cut)), test: selectRows(data, order.subarray(cut)) };
}

/** 300 users × 200 items of rank 3, 25% observed, noise σ: signed factors (planted-recovery data). */
const signed = split(plantedLowRank({ numUsers: 300, numItems: 200, rank: 3, density: 0.25, noise: sigma, seed: 3 }).data);

/** The same shape with factors uniform in [0, 1): a matrix nonnegative factors can recover (for NNLS). */
const nonnegative = split(
  (() => {
    const rng = new Random(4);
    const [nU, nI, r] = [300, 200, 3];
    const U = Float64Array.from({ length: nU * r }, () => rng.next());
    const V = Float64Array.from({ length: nI * r }, () => rng.next());
    const users: number[] = [];
    const items: number[] = [];
    const ratings: number[] = [];
    for (let u = 0; u < nU; u++) {
      for (let i = 0; i < nI; i++) {
        if (rng.next() >= 0.25) continue;
        let s = 0;
        for (let a = 0; a < r; a++) s += U[u * r + a]! * V[i * r + a]!;
        users.push(u);
        items.push(i);
        ratings.push(s + sigma * rng.nextGaussian());
      }
    }
    return {
      users: Int32Array.from(users),
      items: Int32Array.from(items),
      ratings: Float32Array.from(ratings),
      userIds: IdMap.from(Array.from({ length: nU }, (_, u) => u + 1)),
      itemIds: IdMap.from(Array.from({ length: nI }, (_, i) => i + 1)),
    };
  })(),
);

function predictions(m: ALSModel, test: Interactions): Float32Array {
  const p = m.transform(test);
  expect(p.rows.length).toBe(test.users.length);
  return p.prediction;
}

function rmse(m: ALSModel, test: Interactions): number {
  const p = predictions(m, test);
  let se = 0;
  for (let j = 0; j < p.length; j++) se += (test.ratings[j]! - p[j]!) ** 2;
  return Math.sqrt(se / p.length);
}

/** Probability that a held-out positive rating scores above a held-out negative one (ROC AUC). */
function auc(m: ALSModel, test: Interactions): number {
  const p = predictions(m, test);
  const pos: number[] = [];
  const neg: number[] = [];
  for (let j = 0; j < p.length; j++) (test.ratings[j]! > 0 ? pos : neg).push(p[j]!);
  neg.sort((a, b) => a - b);
  let wins = 0;
  for (const s of pos) {
    let lo = 0;
    let hi = neg.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (neg[mid]! < s) lo = mid + 1;
      else hi = mid;
    }
    wins += lo;
  }
  return wins / (pos.length * neg.length);
}

interface Variant {
  name: string;
  options: ALSOptions;
  data: { train: Interactions; test: Interactions };
  /** The quality every backend must reach: explicit → held-out RMSE near σ, implicit → AUC. */
  quality: (m: ALSModel, test: Interactions) => void;
}

const explicitQuality = (m: ALSModel, test: Interactions) => {
  // Recovered planted matrix: RMSE within 1.5σ of the noise floor σ (an unfitted model sits near 1).
  expect(rmse(m, test)).toBeLessThan(1.5 * sigma);
};
const implicitQuality = (m: ALSModel, test: Interactions) => {
  // Preferences p = [r > 0] of the planted matrix: held-out positives outrank negatives (chance is 0.5).
  expect(auc(m, test)).toBeGreaterThan(0.8);
};

const variants: Variant[] = [
  { name: 'explicit, Cholesky', options: { regParam: 0.001 }, data: signed, quality: explicitQuality },
  { name: 'explicit, NNLS', options: { regParam: 0.001, nonnegative: true }, data: nonnegative, quality: explicitQuality },
  { name: 'implicit, Cholesky', options: { implicitPrefs: true, alpha: 5, regParam: 0.1, solver: 'cholesky' }, data: signed, quality: implicitQuality },
  { name: 'implicit, CG', options: { implicitPrefs: true, alpha: 5, regParam: 0.1, solver: 'cg' }, data: signed, quality: implicitQuality },
  { name: 'implicit, iALS++ (block 2 of rank 3)', options: { implicitPrefs: true, alpha: 5, regParam: 0.1, solver: 'ials++', blockSize: 2 }, data: signed, quality: implicitQuality },
  { name: 'implicit, NNLS', options: { implicitPrefs: true, alpha: 5, regParam: 0.1, nonnegative: true }, data: signed, quality: implicitQuality },
];

const backends: [string, ALSOptions][] = [
  ['TypeScript', { kernels: 'ts' }],
  ['WASM, 1 thread', { kernels: 'wasm', numThreads: 1 }],
  ['WASM, 2 threads', { kernels: 'wasm', numThreads: 2 }],
];

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('ALS conformance: every solver on every backend', () => {
  for (const v of variants) {
    it(`${v.name}: TypeScript, WASM 1 thread, WASM 2 threads (CSR resident or windowed) reach the quality and agree`, async () => {
      const models: ALSModel[] = [];
      for (const [, backend] of backends) {
        const m = await new ALS({ rank: 3, maxIter: 15, seed: 1, ...v.options, ...backend }).fit(v.data.train);
        v.quality(m, v.data.test);
        models.push(m);
      }
      // the CSRs streamed from host memory through a window of one chunk (the smallest there is)
      const windowed = await new ALS({ rank: 3, maxIter: 15, seed: 1, ...v.options, kernels: 'wasm', numThreads: 2 }).fit(v.data.train, { csrWindow: 1 });
      const [ts, wasm1, wasm2] = models as [ALSModel, ALSModel, ALSModel];
      // windowed vs resident: the kernels read the same entries at other addresses → the same bits
      expect(Array.from(windowed.userFactors)).toEqual(Array.from(wasm2.userFactors));
      expect(Array.from(windowed.itemFactors)).toEqual(Array.from(wasm2.itemFactors));
      expect(windowed.summary.loss).toEqual(wasm2.summary.loss);
      // WASM vs TypeScript: float32 vs float64 accumulation gives ~1e-6 relative differences per
      // half-step; ALS converging to the same fixed point does not amplify them (observed ~1e-6 after
      // 15 iterations). We allow 1e-4 on predictions of size ~1 and 1e-5 relative on the loss.
      expect(maxAbsDiff(predictions(wasm1, v.data.test), predictions(ts, v.data.test))).toBeLessThan(1e-4);
      expect(Math.abs(wasm1.summary.loss.at(-1)! / ts.summary.loss.at(-1)! - 1)).toBeLessThan(1e-5);
      // 1 vs 2 threads: each row's solve depends on its own inputs only → the same bits.
      expect(Array.from(wasm2.userFactors)).toEqual(Array.from(wasm1.userFactors));
      expect(Array.from(wasm2.itemFactors)).toEqual(Array.from(wasm1.itemFactors));
      expect(wasm2.summary.loss).toEqual(wasm1.summary.loss);
    });
  }

  it('implicit CG (3 warm-started steps) lands within 0.5% of the exact Cholesky objective', async () => {
    const opts: ALSOptions = { rank: 3, maxIter: 15, seed: 1, implicitPrefs: true, alpha: 5, regParam: 0.1 };
    const chol = await new ALS({ ...opts, solver: 'cholesky' }).fit(signed.train);
    const cg = await new ALS({ ...opts, solver: 'cg' }).fit(signed.train);
    expect(cg.summary.loss.at(-1)! / chol.summary.loss.at(-1)!).toBeLessThan(1.005);
    expect(Math.abs(auc(cg, signed.test) - auc(chol, signed.test))).toBeLessThan(0.01);
  });

  it('implicit iALS++ (one block sweep per half-step) lands within 0.5% of the exact Cholesky objective, at any block size', async () => {
    const opts: ALSOptions = { rank: 3, maxIter: 15, seed: 1, implicitPrefs: true, alpha: 5, regParam: 0.1 };
    const chol = await new ALS({ ...opts, solver: 'cholesky' }).fit(signed.train);
    for (const blockSize of [1, 2]) {
      const ials = await new ALS({ ...opts, solver: 'ials++', blockSize }).fit(signed.train);
      expect(ials.summary.loss.at(-1)! / chol.summary.loss.at(-1)!).toBeLessThan(1.005);
      expect(Math.abs(auc(ials, signed.test) - auc(chol, signed.test))).toBeLessThan(0.01);
    }
    // blockSize >= rank: one block, the exact solve, so the Cholesky fit itself (float64 on TS)
    const whole = await new ALS({ ...opts, solver: 'ials++', blockSize: 3, kernels: 'ts' }).fit(signed.train);
    const cholTs = await new ALS({ ...opts, solver: 'cholesky', kernels: 'ts' }).fit(signed.train);
    expect(maxAbsDiff(whole.userFactors, cholTs.userFactors)).toBeLessThan(1e-5);
  });

  it('gives the same bits on 1 and 2 threads, and through a CSR window, when the rows are split into many chunks', async () => {
    // rank 24 over ~100k ratings: each half-step has dozens of chunks, so the worker takes part.
    const { data } = plantedLowRank({ numUsers: 1500, numItems: 800, rank: 8, density: 0.08, noise: sigma, seed: 9 });
    for (const options of [{ regParam: 0.01 }, { implicitPrefs: true, solver: 'cg' as const, regParam: 0.1 }, { implicitPrefs: true, solver: 'ials++' as const, blockSize: 8, regParam: 0.1 }]) {
      const fit = (numThreads: number) => new ALS({ rank: 24, maxIter: 4, seed: 2, ...options, numThreads }).fit(data);
      const one = await fit(1);
      const two = await fit(2);
      expect(Array.from(two.userFactors)).toEqual(Array.from(one.userFactors));
      expect(Array.from(two.itemFactors)).toEqual(Array.from(one.itemFactors));
      expect(two.summary.loss).toEqual(one.summary.loss);
      // a window of ~3,000 entries: several windows per half-step, each of several chunks
      const windowed = await new ALS({ rank: 24, maxIter: 4, seed: 2, ...options, numThreads: 2 }).fit(data, { csrWindow: 3000 });
      expect(Array.from(windowed.userFactors)).toEqual(Array.from(one.userFactors));
      expect(windowed.summary.loss).toEqual(one.summary.loss);
    }
  });
});

describe('backend options', () => {
  it('fitSync runs the WASM kernels once they are loaded, with the bits of fit on one thread', async () => {
    const opts: ALSOptions = { rank: 3, maxIter: 5, seed: 1, regParam: 0.01, numThreads: 1 };
    const viaFit = await new ALS(opts).fit(signed.train); // loads the kernels
    const viaSync = new ALS(opts).fitSync(signed.train);
    const viaTs = new ALS({ ...opts, kernels: 'ts' }).fitSync(signed.train);
    expect(Array.from(viaSync.userFactors)).toEqual(Array.from(viaFit.userFactors));
    expect(Array.from(viaTs.userFactors)).not.toEqual(Array.from(viaFit.userFactors)); // float64 vs float32 sums
  });

  it('rejects a bad kernels or numThreads value, naming it and the valid ones', () => {
    expect(() => new ALS({ kernels: 'gpu' as never })).toThrow(/kernels must be one of 'wasm', 'ts', got "gpu"/);
    expect(() => new ALS({ numThreads: 0 })).toThrow(/numThreads must be an integer >= 1 or 'auto', got 0/);
    expect(() => new ALS({ numThreads: 1.5 })).toThrow(/numThreads must be an integer >= 1 or 'auto', got 1.5/);
  });

  it('rejects a csrWindow that is not a positive whole number of entries, naming it', async () => {
    for (const bad of [0, -5, 2.5]) {
      await expect(new ALS({ rank: 3, maxIter: 1 }).fit(signed.train, { csrWindow: bad })).rejects.toThrow(
        new RegExp(`csrWindow must be 'auto' or an integer >= 1 \\(entries\\), got ${bad}`),
      );
    }
  });

  it("defaults the solver by feedback: 'cg' for implicit, 'cholesky' for explicit and for NNLS", () => {
    expect(new ALS({ implicitPrefs: true }).options.solver).toBe('cg');
    expect(new ALS({ implicitPrefs: true, solver: 'cholesky' }).options.solver).toBe('cholesky');
    expect(new ALS({ implicitPrefs: true, nonnegative: true }).options.solver).toBe('cholesky');
    expect(new ALS({}).options.solver).toBe('cholesky');
    expect(new ALS({}).options.kernels).toBe('wasm');
    expect(new ALS({}).options.numThreads).toBe('auto');
  });
});
