import { describe, expect, it, vi } from 'vitest';
import { ALS } from '../../src/als/als.js';
import { implicitVariantLoss } from '../../src/als/loss-implicit-variant.js';
import { buildCSR } from '../../src/data/csr.js';
import { fromRows } from '../../src/data/interactions.js';
import { Random } from '../../src/data/random.js';
import type { UpdateParams } from '../../src/kernels/update-factors.js';

const params: UpdateParams = {
  rank: 1, regParam: 0.1, alpha: 1, implicitPrefs: true, nonnegative: false, solver: 'cholesky', cgSteps: 3,
  unobservedWeight: 0.5, regScaling: 'frequency', regExponent: 1,
};

describe('implicitVariantLoss', () => {
  it('is Σ_obs c(p − s)² + α₀ Σ_unobs s² + Σ λ_r‖x_r‖², by hand on 2 users × 2 items', () => {
    // X = [1, 2], Y = [0.5, −1]; user 0 rated item 0 (r = 1, c = 2), user 1 rated item 1 (r = 3, c = 4).
    // s: (0,0) = 0.5, (0,1) = −1, (1,0) = 1, (1,1) = −2.
    // observed: 2·(1 − 0.5)² + 4·(1 + 2)² = 0.5 + 36;  unobserved: 0.5·(1 + 1) = 1
    // λ_r = 0.1·(1 + 0.5·2) = 0.2 for every row (each has n⁺ = 1, N = 2):
    //   0.2·(1 + 4 + 0.25 + 1) = 1.25.   Total 38.75.
    const ui = buildCSR(Int32Array.of(0, 1), Int32Array.of(0, 1), Float32Array.of(1, 3), 2, 2);
    expect(implicitVariantLoss(ui, Float32Array.of(1, 2), Float32Array.of(0.5, -1), params)).toBeCloseTo(38.75, 10);
  });

  it('never increases over a fit with exact (Cholesky) solves: each half-step minimises it', async () => {
    const rng = new Random(3);
    const rows = [];
    for (let u = 0; u < 30; u++) for (let i = 0; i < 25; i++) if (rng.next() < 0.2) rows.push({ user: u, item: i, rating: 1 + rng.nextInt(3) });
    const model = await new ALS({
      rank: 3, maxIter: 6, implicitPrefs: true, alpha: 2, solver: 'cholesky', kernels: 'ts',
      unobservedWeight: 0.2, regScaling: 'frequency', regExponent: 1, regParam: 0.05, initStd: 0.1,
    }).fit(fromRows(rows));
    const loss = model.summary.loss;
    expect(loss).toHaveLength(6);
    for (let j = 1; j < loss.length; j++) expect(loss[j]!).toBeLessThanOrEqual(loss[j - 1]! * (1 + 1e-6));
  });
});

describe("Rendle's variant in a fit", () => {
  const rows = Array.from({ length: 60 }, (_, r) => ({ user: r % 9, item: (r * 7) % 13, rating: 1 }));
  const opts = { rank: 3, maxIter: 3, implicitPrefs: true, unobservedWeight: 0.3, regScaling: 'frequency' as const, regExponent: 0.5, regParam: 0.05 };

  it('on the WASM kernels falls back to the TypeScript ones, says so once, and gives the same model', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const wasm = await new ALS({ ...opts, kernels: 'wasm' }).fit(fromRows(rows, 'sum'));
      await new ALS({ ...opts, kernels: 'wasm' }).fit(fromRows(rows, 'sum'));
      const ts = await new ALS({ ...opts, kernels: 'ts' }).fit(fromRows(rows, 'sum'));
      expect(Array.from(wasm.userFactors)).toEqual(Array.from(ts.userFactors));
      const said = warn.mock.calls.filter((c) => String(c[0]).includes('run on the TypeScript kernels'));
      expect(said).toHaveLength(1); // once per process, though two fits asked
    } finally {
      warn.mockRestore();
    }
  });

  it('its options belong to implicit feedback, and errors say so', () => {
    expect(() => new ALS({ unobservedWeight: 0.5 })).toThrow(/unobservedWeight is an option of implicit feedback, got 0.5 with implicitPrefs false/);
    expect(() => new ALS({ implicitPrefs: true, unobservedWeight: 0 })).toThrow(/unobservedWeight must be > 0, got 0/);
    expect(() => new ALS({ implicitPrefs: true, regScaling: 'rendle' as never })).toThrow(/regScaling must be one of 'spark', 'frequency'/);
    expect(() => new ALS({ initStd: -1 })).toThrow(/initStd must be >= 0/);
  });
});
