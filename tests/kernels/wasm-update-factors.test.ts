import { beforeAll, describe, expect, it } from 'vitest';
import { gram } from '../../src/kernels/gram.js';
import { updateFactors, type UpdateParams } from '../../src/kernels/update-factors.js';
import { updateFactorsWasm } from '../../src/kernels/wasm/update-factors-wasm.js';
import { loadWasmKernels } from '../../src/kernels/wasm/load-kernels.js';
import { Random } from '../../src/data/random.js';
import { maxAbs, maxAbsDiff, randomCSR, randomFactors } from './wasm-fixtures.js';

beforeAll(async () => {
  expect(await loadWasmKernels()).not.toBeNull();
});

const variants: [string, Partial<UpdateParams>][] = [
  ['explicit Cholesky', { implicitPrefs: false, solver: 'cholesky', nonnegative: false }],
  ['implicit Cholesky', { implicitPrefs: true, solver: 'cholesky', nonnegative: false }],
  ['implicit CG', { implicitPrefs: true, solver: 'cg', nonnegative: false }],
  ['implicit iALS++, block 8', { implicitPrefs: true, solver: 'ials++', blockSize: 8, nonnegative: false }],
  ['implicit iALS++, block 5 (not a multiple of 4)', { implicitPrefs: true, solver: 'ials++', blockSize: 5, nonnegative: false }],
  // blocks of 16 lanes and more take the kernel's wide right-hand-side pass and 4 × 8 register tiles
  ['implicit iALS++, block 20 (16 lanes + a tail of 4)', { implicitPrefs: true, solver: 'ials++', blockSize: 20, nonnegative: false }],
  ['implicit iALS++, block 32', { implicitPrefs: true, solver: 'ials++', blockSize: 32, nonnegative: false }],
  ['explicit NNLS', { implicitPrefs: false, solver: 'cholesky', nonnegative: true }],
  ['implicit NNLS', { implicitPrefs: true, solver: 'cholesky', nonnegative: true }],
];

describe('updateFactorsWasm', () => {
  for (const [name, variant] of variants) {
    it(`${name}: agrees with the TypeScript reference on the same random rows, ranks 1–64`, () => {
      const rng = new Random(name.length);
      for (const k of [1, 3, 10, 17, 64]) {
        // 60 rows over 90 fixed rows, ~30 entries per row (some rows past 64 entries, so the
        // float32 accumulator is flushed mid-row), signed ratings for implicit's p = 0 cases.
        const block = randomCSR(rng, 60, 90, 1800, variant.implicitPrefs);
        const src = randomFactors(rng, 90, k, 0.3);
        const YtY = new Float64Array(k * k);
        gram(src, 90, k, YtY);
        const params: UpdateParams = { rank: k, regParam: 0.1, alpha: 2, cgSteps: 3, solver: 'cholesky', implicitPrefs: false, nonnegative: false, ...variant };
        const start = randomFactors(rng, 60, k, 0.3); // CG's warm start
        const ref = start.slice();
        const got = start.slice();
        updateFactors(block, src, ref, YtY, params, 0, 60);
        updateFactorsWasm(block, src, got, YtY, params, 0, 60);
        // The WASM kernel sums the normal equations in float32 (flushed to float64 every 64 entries:
        // ≤ ~4e-6 relative error per entry) and runs CG in float32; λ·n ≥ 0.1·n keeps these systems'
        // condition numbers in the tens, so solutions agree to ~1e-5 of their size. We allow 1e-4.
        expect(maxAbsDiff(got, ref)).toBeLessThan(1e-4 * Math.max(1, maxAbs(ref)));
        if (variant.nonnegative) for (const v of got) expect(v).toBeGreaterThanOrEqual(0);
      }
    });
  }

  it('implicit CG with a fixed side too big for cache (rows gathered first) still agrees with the reference', () => {
    // 40,000 × 64 fixed factors = 10 MB > the 8 MiB from which CG gathers each row's y_i into
    // contiguous scratch (scratch-size.ts); tolerance as above.
    const rng = new Random(9);
    const [k, nSrc] = [64, 40000];
    const block = randomCSR(rng, 40, nSrc, 4000, true);
    const src = randomFactors(rng, nSrc, k, 0.05);
    const YtY = new Float64Array(k * k);
    gram(src, nSrc, k, YtY);
    const params: UpdateParams = { rank: k, regParam: 0.1, alpha: 2, cgSteps: 3, solver: 'cg', implicitPrefs: true, nonnegative: false };
    const ref = randomFactors(rng, 40, k, 0.3);
    const got = ref.slice();
    updateFactors(block, src, ref, YtY, params, 0, 40);
    updateFactorsWasm(block, src, got, YtY, params, 0, 40);
    expect(maxAbsDiff(got, ref)).toBeLessThan(1e-4 * Math.max(1, maxAbs(ref)));
  });

  describe('implicit CG solves rows in pairs, and a row comes out bit for bit as if solved alone', () => {
    // cgChunk runs the CG of rows (r, r + 1) in lockstep, sharing each read of YᵀY (symMatVec2).
    // Solving [0, n) pairs (0, 1), (2, 3), …; solving [1, n) pairs (1, 2), (3, 4), …; solving
    // [r, r + 1) leaves r alone (the single-row path). All three must give the same bits per row.
    // Rows 0 and 1 start at x = 0 without a positive rating (row 0 has no entries, row 1 only a
    // zero and a negative one), so b = 0, r = 0 and their CG stops before the first step, while
    // their partners go on alone; at rank 1 CG solves exactly in one step, so rows stop mid-way.
    const bits = (a: Float32Array): number[] => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
    const cases: [string, number, number, number][] = [
      ['rank 1 (rows stop after one step)', 1, 90, 61],
      ['rank 17 (a 16-float block and a tail)', 17, 90, 61],
      ['rank 64, 60 rows', 64, 90, 60],
      ['rank 128 (YᵀY past L1)', 128, 300, 61],
      ['rank 64 with a fixed side past 8 MiB (both rows of a pair gathered)', 64, 40000, 41],
    ];
    for (const [name, k, nSrc, rows] of cases) {
      it(name, () => {
        const rng = new Random(k + rows);
        const base = randomCSR(rng, rows - 2, nSrc, rows * 25, true);
        // two rows in front: no entries; entries rated 0 and −3
        const indptr = Int32Array.from([0, 0, 2, ...Array.from(base.indptr, (e) => e + 2)]);
        const indices = Int32Array.from([3, 7, ...base.indices]);
        const values = Float32Array.from([0, -3, ...base.values]);
        const block = { indptr, indices, values };
        const src = randomFactors(rng, nSrc, k, nSrc > 1000 ? 0.05 : 0.3);
        const YtY = new Float64Array(k * k);
        gram(src, nSrc, k, YtY);
        const params: UpdateParams = { rank: k, regParam: 0.1, alpha: 2, cgSteps: 3, solver: 'cg', implicitPrefs: true, nonnegative: false };
        const start = randomFactors(rng, rows, k, 0.3);
        start.fill(0, 0, 2 * k);
        const all = start.slice();
        updateFactorsWasm(block, src, all, YtY, params, 0, rows);
        const shifted = start.slice();
        updateFactorsWasm(block, src, shifted, YtY, params, 1, rows);
        updateFactorsWasm(block, src, shifted, YtY, params, 0, 1);
        const alone = start.slice();
        for (let r = 0; r < rows; r++) updateFactorsWasm(block, src, alone, YtY, params, r, r + 1);
        expect(Array.from(all.subarray(0, 2 * k))).toEqual(new Array(2 * k).fill(0));
        expect(bits(all)).toEqual(bits(alone));
        expect(bits(shifted)).toEqual(bits(alone));
        // and the pairs still solve the system: the float64 reference agrees as in the tests above
        const ref = start.slice();
        updateFactors(block, src, ref, YtY, params, 0, rows);
        expect(maxAbsDiff(all, ref)).toBeLessThan(1e-4 * Math.max(1, maxAbs(ref)));
      });
    }
  });

  it('implicit iALS++ on rows longer than one entry run (128) agrees with the reference', () => {
    // ~300 entries a row: the block Gram is summed over three runs of entries (128, 128, the rest)
    const rng = new Random(12);
    const [k, nSrc] = [40, 600];
    const block = randomCSR(rng, 12, nSrc, 3600, true);
    const src = randomFactors(rng, nSrc, k, 0.2);
    const YtY = new Float64Array(k * k);
    gram(src, nSrc, k, YtY);
    const params: UpdateParams = { rank: k, regParam: 0.1, alpha: 2, cgSteps: 3, solver: 'ials++', blockSize: 16, implicitPrefs: true, nonnegative: false };
    const ref = randomFactors(rng, 12, k, 0.3);
    const got = ref.slice();
    updateFactors(block, src, ref, YtY, params, 0, 12);
    updateFactorsWasm(block, src, got, YtY, params, 0, 12);
    expect(maxAbsDiff(got, ref)).toBeLessThan(1e-4 * Math.max(1, maxAbs(ref)));
  });

  it('solves a row without ratings as the reference does (implicit: A = YᵀY, b = 0, so x = 0)', () => {
    const rng = new Random(4);
    const src = randomFactors(rng, 5, 3);
    const YtY = new Float64Array(9);
    gram(src, 5, 3, YtY);
    // row 0 rates items 1 and 2; row 1 rates nothing; row 2 rates item 4
    const block = { indptr: Int32Array.of(0, 2, 2, 3), indices: Int32Array.of(1, 2, 4), values: Float32Array.of(2, 1, 3) };
    const params: UpdateParams = { rank: 3, regParam: 0.1, alpha: 1, cgSteps: 3, solver: 'cholesky', implicitPrefs: true, nonnegative: false };
    const ref = randomFactors(rng, 3, 3);
    const got = ref.slice();
    updateFactors(block, src, ref, YtY, params, 0, 3);
    updateFactorsWasm(block, src, got, YtY, params, 0, 3);
    expect(Array.from(got.subarray(3, 6))).toEqual([0, 0, 0]);
    expect(maxAbsDiff(got, ref)).toBeLessThan(1e-5);
  });

  it('leaves the rows outside [rowStart, rowEnd) as they were', () => {
    const rng = new Random(3);
    const block = randomCSR(rng, 20, 30, 200);
    const src = randomFactors(rng, 30, 4);
    const dst = randomFactors(rng, 20, 4);
    const before = dst.slice();
    const params: UpdateParams = { rank: 4, regParam: 0.1, alpha: 1, cgSteps: 3, solver: 'cholesky', implicitPrefs: false, nonnegative: false };
    updateFactorsWasm(block, src, dst, null, params, 5, 12);
    expect(Array.from(dst.subarray(0, 20))).toEqual(Array.from(before.subarray(0, 20)));
    expect(Array.from(dst.subarray(48))).toEqual(Array.from(before.subarray(48)));
    expect(Array.from(dst.subarray(20, 48))).not.toEqual(Array.from(before.subarray(20, 48)));
  });

  it('names the first row whose system is singular, and the fix, as the reference does', () => {
    // rank 2, λ = 0: row 1 has a single rating, so Σ y yᵀ has rank 1 and Cholesky meets a zero pivot.
    const block = { indptr: Int32Array.of(0, 2, 3), indices: Int32Array.of(0, 1, 0), values: Float32Array.of(1, 2, 3) };
    const src = Float32Array.of(1, 0, 0, 1);
    const params: UpdateParams = { rank: 2, regParam: 0, alpha: 1, cgSteps: 3, solver: 'cholesky', implicitPrefs: false, nonnegative: false };
    const run = (f: typeof updateFactors) => () => f(block, src, new Float32Array(4), null, params, 0, 2);
    expect(run(updateFactors)).toThrow(/row 1 \(1 ratings\) are not positive definite; increase regParam \(now 0\)/);
    expect(run(updateFactorsWasm)).toThrow(/row 1 \(1 ratings\) are not positive definite; increase regParam \(now 0\)/);
  });
});
