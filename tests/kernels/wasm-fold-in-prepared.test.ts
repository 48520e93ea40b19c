import { beforeAll, describe, expect, it } from 'vitest';
import { gram } from '../../src/kernels/gram.js';
import { updateFactors, type UpdateParams } from '../../src/kernels/update-factors.js';
import { PreparedSolve } from '../../src/kernels/wasm/fold-in-prepared.js';
import { loadWasmKernels } from '../../src/kernels/wasm/load-kernels.js';
import type { WasmModule } from '../../src/kernels/wasm/wasm-api.js';
import { Random } from '../../src/data/random.js';
import { maxAbs, maxAbsDiff, randomCSR, randomFactors } from './wasm-fixtures.js';

let module: WasmModule;
beforeAll(async () => {
  module = (await loadWasmKernels())!;
  expect(module).not.toBeNull();
});

const variants: [string, Partial<UpdateParams>][] = [
  ['explicit', { implicitPrefs: false, nonnegative: false }],
  ['implicit', { implicitPrefs: true, nonnegative: false }],
  ['explicit NNLS', { implicitPrefs: false, nonnegative: true }],
  ['implicit NNLS', { implicitPrefs: true, nonnegative: true }],
];

describe('PreparedSolve (one row at a time against fixed factors prepared once)', () => {
  for (const [name, variant] of variants) {
    it(`${name}: every row of a random block agrees with the TypeScript reference, ranks 1–64, one prepared solver reused`, () => {
      const rng = new Random(name.length + 7);
      for (const k of [1, 3, 17, 64]) {
        // 40 rows over 90 fixed rows, ~30 entries each (rows past 64 entries flush the float32
        // accumulator mid-row); the same tolerance as the WASM update-factors test, for the same reason
        const block = randomCSR(rng, 40, 90, 1200, variant.implicitPrefs);
        const src = randomFactors(rng, 90, k, 0.3);
        const YtY = new Float64Array(k * k);
        gram(src, 90, k, YtY);
        const params: UpdateParams = { rank: k, regParam: 0.1, alpha: 2, cgSteps: 3, solver: 'cholesky', implicitPrefs: false, nonnegative: false, ...variant };
        const ref = new Float32Array(40 * k);
        updateFactors(block, src, ref, YtY, params, 0, 40);
        const solver = new PreparedSolve(module, src, k, variant.implicitPrefs ? YtY : null, params);
        for (let r = 0; r < 40; r++) {
          const s = block.indptr[r]!;
          const e = block.indptr[r + 1]!;
          const got = solver.solve(block.indices.subarray(s, e), block.values.subarray(s, e));
          const want = ref.subarray(r * k, (r + 1) * k);
          expect(maxAbsDiff(got, want)).toBeLessThan(1e-4 * Math.max(1, maxAbs(want)));
        }
      }
    });
  }

  it('refuses a singular row naming the fix, and then solves the next row as before', () => {
    // rank 2, λ = 0, one rating: y yᵀ has rank 1 — not positive definite
    const src = Float32Array.of(1, 0, 0, 1);
    const params: UpdateParams = { rank: 2, regParam: 0, alpha: 1, cgSteps: 3, solver: 'cholesky', implicitPrefs: false, nonnegative: false };
    const solver = new PreparedSolve(module, src, 2, null, params);
    expect(() => solver.solve(Int32Array.of(0), Float32Array.of(3))).toThrow(/not positive definite; increase regParam \(now 0\)/);
    // both rows rated: A = I, b = [3, 4] → x = [3, 4]
    expect(Array.from(solver.solve(Int32Array.of(0, 1), Float32Array.of(3, 4)))).toEqual([3, 4]);
  });
});
