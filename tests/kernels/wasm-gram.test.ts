import { beforeAll, describe, expect, it } from 'vitest';
import { gram } from '../../src/kernels/gram.js';
import { gramWasm } from '../../src/kernels/wasm/gram-wasm.js';
import { loadWasmKernels } from '../../src/kernels/wasm/load-kernels.js';
import { Random } from '../../src/data/random.js';
import { randomFactors } from './wasm-fixtures.js';

beforeAll(async () => {
  expect(await loadWasmKernels(), 'WASM kernels missing: run npm run build:wasm').not.toBeNull();
});

describe('gramWasm', () => {
  it('computes YᵀY of a 2 × 2 example by hand', () => {
    // Y rows (1, 2) and (3, 4): YᵀY = [[1 + 9, 2 + 12], [2 + 12, 4 + 16]] = [[10, 14], [14, 20]] (exact in f32).
    const out = new Float64Array(4);
    gramWasm(Float32Array.of(1, 2, 3, 4), 2, 2, out);
    expect(Array.from(out)).toEqual([10, 14, 14, 20]);
  });

  it('gives the zero matrix for no rows', () => {
    const out = new Float64Array(4).fill(7);
    gramWasm(new Float32Array(0), 0, 2, out);
    expect(Array.from(out)).toEqual([0, 0, 0, 0]);
  });

  it('agrees with the float64 reference within float32 rounding, for ranks on and off multiples of 4', () => {
    const rng = new Random(7);
    for (const [n, k] of [[1, 1], [5, 3], [700, 10], [1500, 64], [300, 17]] as const) {
      const Y = randomFactors(rng, n, k);
      const ref = new Float64Array(k * k);
      const got = new Float64Array(k * k);
      gram(Y, n, k, ref);
      gramWasm(Y, n, k, got);
      // Each entry Σ_r y_ra y_rb is summed in float32 over at most 64 rows before a float64 flush:
      // error ≤ (64 + 1)·2⁻²⁴ · Σ_r |y_ra y_rb| ≈ 3.9e-6 · Σ|terms|; we allow 1e-5 · Σ|terms|.
      for (let a = 0; a < k; a++) {
        for (let b = 0; b < k; b++) {
          let absSum = 0;
          for (let r = 0; r < n; r++) absSum += Math.abs(Y[r * k + a]! * Y[r * k + b]!);
          expect(Math.abs(got[a * k + b]! - ref[a * k + b]!)).toBeLessThanOrEqual(1e-5 * absSum);
        }
      }
      for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) expect(got[a * k + b]).toBe(got[b * k + a]); // symmetric
    }
  });
});
