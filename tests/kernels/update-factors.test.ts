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
