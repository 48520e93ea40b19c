import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { choleskySolve } from '../../src/kernels/cholesky.js';
import { nnlsSolve } from '../../src/kernels/nnls.js';
import { choleskySolvePairWasm, choleskySolveWasm, nnlsSolveWasm } from '../../src/kernels/wasm/solvers-wasm.js';
import { loadWasmKernels } from '../../src/kernels/wasm/load-kernels.js';

beforeAll(async () => {
  expect(await loadWasmKernels()).not.toBeNull();
});

/** A random SPD matrix M Mᵀ + δI (row-major) and right-hand side from an LCG seed. */
function spd(k: number, seed: number, delta: number): { A: Float64Array; b: Float64Array } {
  let s = seed;
  const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) | 0), ((s >>> 8) & 0xffff) / 0x8000 - 1);
  const M = Float64Array.from({ length: k * k }, rnd);
  const A = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      let v = i === j ? delta : 0;
      for (let p = 0; p < k; p++) v += M[i * k + p]! * M[j * k + p]!;
      A[i * k + j] = v;
    }
  return { A, b: Float64Array.from({ length: k }, rnd) };
}

describe('choleskySolvePairWasm (two systems interleaved, as the fit solves its rows)', () => {
  it('gives each system the bits of choleskySolveWasm alone, for sizes 1–40', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer(), fc.integer(), (k, s1, s2) => {
        const one = spd(k, s1, 1);
        const two = spd(k, s2, 0.5);
        const [A1, b1, A2, b2] = [one.A.slice(), one.b.slice(), two.A.slice(), two.b.slice()];
        expect(choleskySolvePairWasm(A1, b1, A2, b2, k)).toEqual({ first: true, second: true });
        const [C1, x1, C2, x2] = [one.A.slice(), one.b.slice(), two.A.slice(), two.b.slice()];
        expect(choleskySolveWasm(C1, x1, k)).toBe(true);
        expect(choleskySolveWasm(C2, x2, k)).toBe(true);
        expect([b1, b2, A1, A2]).toEqual([x1, x2, C1, C2]); // toEqual on Float64Array compares every element exactly
      }),
      { numRuns: 60 },
    );
  });

  it('says which of the two is not positive definite, and still solves the other', () => {
    const good = spd(3, 7, 1);
    const bad = { A: Float64Array.of(1, 2, 0, 2, 1, 0, 0, 0, 1), b: Float64Array.of(1, 1, 1) }; // a 2×2 minor of determinant −3
    const x = good.b.slice();
    expect(choleskySolveWasm(good.A.slice(), x, 3)).toBe(true);
    const b = good.b.slice();
    expect(choleskySolvePairWasm(bad.A.slice(), bad.b.slice(), good.A.slice(), b, 3)).toEqual({ first: false, second: true });
    expect(b).toEqual(x);
    expect(choleskySolvePairWasm(good.A.slice(), good.b.slice(), bad.A.slice(), bad.b.slice(), 3)).toEqual({ first: true, second: false });
  });
});

describe('choleskySolveWasm', () => {
  it('solves the 2×2 system of the reference test by hand', () => {
    // A = [[4, 2], [2, 3]], b = [2, 1] → x = [0.5, 0] (see cholesky.test.ts).
    const b = Float64Array.of(2, 1);
    expect(choleskySolveWasm(Float64Array.of(4, 2, 2, 3), b, 2)).toBe(true);
    expect(b[0]).toBeCloseTo(0.5, 12);
    expect(b[1]).toBeCloseTo(0, 12);
  });

  it('reports a matrix that is not positive definite', () => {
    expect(choleskySolveWasm(Float64Array.of(1, 2, 2, 1), Float64Array.of(1, 1), 2)).toBe(false);
  });

  it('matches the reference on random SPD systems of sizes 1–70 (same algorithm in float64)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), fc.integer(), (k, seed) => {
        const { A, b } = spd(k, seed, 1);
        const x1 = b.slice();
        const x2 = b.slice();
        expect(choleskySolve(A.slice(), x1, k)).toBe(true);
        expect(choleskySolveWasm(A.slice(), x2, k)).toBe(true);
        // Both are backward-stable float64 solves differing only in summation order; with
        // δ = 1 the condition number stays below ~1e4, so they agree to ~1e-12 · ‖x‖.
        const scale = Math.max(1, ...Array.from(x1, Math.abs));
        for (let i = 0; i < k; i++) expect(Math.abs(x1[i]! - x2[i]!)).toBeLessThan(1e-9 * scale);
      }),
      { numRuns: 60 },
    );
  });
});

describe('nnlsSolveWasm', () => {
  it('clamps the variable the unconstrained solution makes negative (hand example of nnls.test.ts)', () => {
    const x = new Float64Array(2);
    nnlsSolveWasm(Float64Array.of(2, 1, 1, 2), Float64Array.of(1, -1), 2, x);
    expect(x[0]).toBeCloseTo(0.5, 12);
    expect(x[1]).toBe(0);
  });

  it('reports a system it cannot factor, as the reference does', () => {
    // The singular example of nnls.test.ts: A = [[0, 0], [0, 1]], b = [1, 0].
    const x = new Float64Array(2);
    expect(nnlsSolveWasm(Float64Array.of(0, 0, 0, 1), Float64Array.of(1, 0), 2, x)).toBe(false);
    expect(nnlsSolveWasm(Float64Array.of(2, 1, 1, 2), Float64Array.of(1, -1), 2, x)).toBe(true);
  });

  it('matches the reference active-set solution on random problems', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 24 }), fc.integer(), (k, seed) => {
        const { A, b } = spd(k, seed, 0.1);
        const x1 = new Float64Array(k);
        const x2 = new Float64Array(k);
        nnlsSolve(A, b, k, x1);
        nnlsSolveWasm(A, b, k, x2);
        // Same decisions in the same order (a line-by-line port); sub-solves differ only in
        // summation order, so the active sets coincide and the values agree to float64 noise.
        const scale = Math.max(1, ...Array.from(x1, Math.abs));
        for (let i = 0; i < k; i++) {
          expect(x2[i]).toBeGreaterThanOrEqual(0);
          expect(Math.abs(x1[i]! - x2[i]!)).toBeLessThan(1e-8 * scale);
        }
      }),
      { numRuns: 60 },
    );
  });
});
