import { beforeAll, describe, expect, it } from 'vitest';
import { updateFactors, type RowBlock, type UpdateParams } from '../../src/kernels/update-factors.js';
import { updateFactorsWasm } from '../../src/kernels/wasm/update-factors-wasm.js';
import { loadWasmKernels } from '../../src/kernels/wasm/load-kernels.js';

beforeAll(async () => {
  expect(await loadWasmKernels()).not.toBeNull();
});

/**
 * Implicit NNLS, rank 2, α = 0, λ = 0, with a YᵀY that is singular: A = YᵀY = [[0, 0], [0, 1]].
 * Row 0 rates the fixed row y = [1, 0] with −1 (preference 0: b = 0, nothing to free, x = 0 is the
 * answer). Row 1 rates it with +1: b = (1 + α|r|)·y = [1, 0], the gradient frees x₁, and its 1 × 1
 * subsystem [0] cannot be factored. The unconstrained solve throws naming the row; NNLS must too.
 */
const block: RowBlock = { indptr: Int32Array.of(0, 1, 2), indices: Int32Array.of(0, 0), values: Float32Array.of(-1, 1) };
const src = Float32Array.of(1, 0);
const YtY = Float64Array.of(0, 0, 0, 1);
const params: UpdateParams = { rank: 2, regParam: 0, alpha: 0, implicitPrefs: true, nonnegative: true, solver: 'cholesky', cgSteps: 3 };

describe('updateFactors', () => {
  it('throws naming the row when NNLS cannot factor its normal equations', () => {
    expect(() => updateFactors(block, src, new Float32Array(4), YtY, params, 0, 2)).toThrow(/row 1 \(1 ratings\) are not positive definite; increase regParam/);
  });

  it('solves the row that can be solved', () => {
    const dst = new Float32Array(4).fill(9);
    updateFactors(block, src, dst, YtY, params, 0, 1);
    expect(Array.from(dst.subarray(0, 2))).toEqual([0, 0]);
  });

  it('throws the same way in the WASM twin', () => {
    expect(() => updateFactorsWasm(block, src, new Float32Array(4), YtY, params, 0, 2)).toThrow(/row 1 \(1 ratings\) are not positive definite/);
  });
});

describe("updateFactors, Rendle's implicit variant (unobserved weight α₀, frequency-scaled λ), k = 1 by hand", () => {
  // Fixed items y = [1, 2] (N = 2); the row rates item 0 with r = 1; α = 1 → c = 2. α₀ = 0.5, λ = 0.1.
  //   λ_r = λ·(n⁺ + α₀·N)^ν = 0.1·(1 + 0.5·2)^ν = 0.1·2^ν
  //   A = α₀·YᵀY + (c − α₀)·y₀² + λ_r = 0.5·(1 + 4) + 1.5·1 + λ_r = 4 + λ_r,   b = c·y₀ = 2
  // ν = 1: x = 2 / 4.2;  ν = 0.5: x = 2 / (4 + 0.1·√2).   With α₀ = 1 and 'spark' scaling it is
  // Spark's system: (YᵀY + α|r|·y₀² + λ·1) x = 2 → x = 2 / (5 + 1 + 0.1) = 2 / 6.1.
  const block1: RowBlock = { indptr: Int32Array.of(0, 1), indices: Int32Array.of(0), values: Float32Array.of(1) };
  const Y = Float32Array.of(1, 2);
  const G = Float64Array.of(5);
  const base: UpdateParams = { rank: 1, regParam: 0.1, alpha: 1, implicitPrefs: true, nonnegative: false, solver: 'cholesky', cgSteps: 3 };
  const cases: [string, Partial<UpdateParams>, number][] = [
    ["Spark's (α₀ = 1, λ·n⁺)", {}, 2 / 6.1],
    ['α₀ = 0.5, λ·(n⁺ + α₀N)', { unobservedWeight: 0.5, regScaling: 'frequency', regExponent: 1 }, 2 / 4.2],
    ['α₀ = 0.5, λ·(n⁺ + α₀N)^0.5', { unobservedWeight: 0.5, regScaling: 'frequency', regExponent: 0.5 }, 2 / (4 + 0.1 * Math.SQRT2)],
    ['α₀ = 0.5, Spark-scaled λ·n⁺', { unobservedWeight: 0.5 }, 2 / (4 + 0.1)],
  ];
  for (const solver of ['cholesky', 'cg'] as const) {
    for (const [name, variant, x] of cases) {
      it(`${name} (${solver})`, () => {
        // at rank 1 one CG step is exact, from any start
        const dst = Float32Array.of(0.3);
        updateFactors(block1, Y, dst, G, { ...base, ...variant, solver }, 0, 1);
        expect(dst[0]).toBeCloseTo(x, 6);
      });
    }
  }
});
