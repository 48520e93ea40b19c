import { describe, expect, it } from 'vitest';
import { choleskySolve } from '../../src/kernels/cholesky.js';
import { gram } from '../../src/kernels/gram.js';
import { ialsppImplicitRow, ialsppWorkLength } from '../../src/kernels/ials-plus-plus.js';
import { Random } from '../../src/data/random.js';
import { randomFactors } from './wasm-fixtures.js';

/** One row's system: k, the fixed factors Y (m × k), the row's entries, α and λ. */
function row(rng: Random, k: number, m: number, n: number) {
  const src = randomFactors(rng, m, k, 0.5);
  const YtY = new Float64Array(k * k);
  gram(src, m, k, YtY);
  const indices = Int32Array.from(rng.shuffle(Int32Array.from({ length: m }, (_, i) => i)).subarray(0, n)).sort();
  // signed ratings: r > 0 counts toward b, r ≤ 0 has preference 0 but confidence 1 + α|r|
  const values = Float32Array.from({ length: n }, () => Math.round(rng.next() * 8 - 2));
  return { src, YtY, indices, values, k, n, alpha: 1.5, lambda: 0.3 };
}

type Row = ReturnType<typeof row>;

/** A and b of the row written out: A = YᵀY + Σ c₁ y yᵀ + λI, b = Σ_{r>0} (1 + c₁) y. */
function normalEquations(r: Row): { A: Float64Array; b: Float64Array } {
  const { k } = r;
  const A = Float64Array.from(r.YtY);
  const b = new Float64Array(k);
  for (let a = 0; a < k; a++) A[a * k + a]! += r.lambda;
  r.indices.forEach((i, e) => {
    const c1 = r.alpha * Math.abs(r.values[e]!);
    for (let a = 0; a < k; a++) {
      if (r.values[e]! > 0) b[a]! += (1 + c1) * r.src[i * k + a]!;
      for (let c = 0; c < k; c++) A[a * k + c]! += c1 * r.src[i * k + a]! * r.src[i * k + c]!;
    }
  });
  return { A, b };
}

/** The row's objective ½ xᵀA x − bᵀx, which every block step lowers. */
function objective(r: Row, x: ArrayLike<number>): number {
  const { A, b } = normalEquations(r);
  let s = 0;
  for (let a = 0; a < r.k; a++) {
    s -= b[a]! * x[a]!;
    for (let c = 0; c < r.k; c++) s += 0.5 * x[a]! * A[a * r.k + c]! * x[c]!;
  }
  return s;
}

function sweep(r: Row, x: Float32Array, blockSize: number): boolean {
  const work = new Float64Array(ialsppWorkLength(r.n, r.k, blockSize));
  return ialsppImplicitRow(r.YtY, r.src, r.indices, r.values, 0, r.n, r.k, r.alpha, r.lambda, blockSize, x, 0, work);
}

function exact(r: Row): Float64Array {
  const { A, b } = normalEquations(r);
  expect(choleskySolve(A, b, r.k)).toBe(true);
  return b;
}

describe('ialsppImplicitRow (iALS++ block sweep on one row)', () => {
  it('with one block as large as the rank, is the exact solve of the normal equations', () => {
    const r = row(new Random(1), 6, 40, 15);
    const x = randomFactors(new Random(2), 1, 6, 0.5);
    expect(sweep(r, x, 6)).toBe(true);
    const want = exact(r);
    for (let a = 0; a < 6; a++) expect(x[a]).toBeCloseTo(want[a]!, 5);
    // larger than the rank means the same single block
    const y = randomFactors(new Random(2), 1, 6, 0.5);
    sweep(r, y, 100);
    expect(Array.from(y)).toEqual(Array.from(x));
  });

  it('solves a known 2 × 2 system by coordinate descent exactly as written by hand', () => {
    // k = 2, no fixed rows but one entry y = (1, 0) with r = 1, α = 1 → c₁ = 1, target weight 2;
    // YᵀY taken as [[1, 0.5], [0.5, 1]], λ = 0. A = [[2, 0.5], [0.5, 1]], b = (2, 0).
    // From x = 0, block size 1: x₀ = (b₀ − A₀₁x₁)/A₀₀ = 2/2 = 1; then x₁ = (b₁ − A₁₀x₀)/A₁₁ = −0.5.
    const src = Float32Array.of(1, 0);
    const YtY = Float64Array.of(1, 0.5, 0.5, 1);
    const x = new Float32Array(2);
    const work = new Float64Array(ialsppWorkLength(1, 2, 1));
    expect(ialsppImplicitRow(YtY, src, Int32Array.of(0), Float32Array.of(1), 0, 1, 2, 1, 0, 1, x, 0, work)).toBe(true);
    expect(Array.from(x)).toEqual([1, -0.5]);
  });

  it('never raises the row objective, and repeated sweeps converge to the exact solution, at every block size', () => {
    const rng = new Random(3);
    for (const [k, blockSize] of [[8, 1], [8, 3], [16, 4], [16, 5], [32, 8]] as const) {
      const r = row(rng, k, 80, 30);
      const x = randomFactors(rng, 1, k, 0.5);
      let before = objective(r, x);
      for (let s = 0; s < 60; s++) {
        sweep(r, x, blockSize);
        const after = objective(r, x);
        expect(after).toBeLessThanOrEqual(before + 1e-9 * Math.abs(before));
        before = after;
      }
      const want = exact(r);
      for (let a = 0; a < k; a++) expect(Math.abs(x[a]! - want[a]!)).toBeLessThan(1e-4);
    }
  });

  it('reports a block that is not positive definite instead of writing garbage', () => {
    // λ = 0, no entries and YᵀY = 0: A_BB = 0 has no Cholesky factor
    const x = Float32Array.of(0.5, 0.5);
    const work = new Float64Array(ialsppWorkLength(0, 2, 2));
    expect(ialsppImplicitRow(new Float64Array(4), new Float32Array(0), new Int32Array(0), new Float32Array(0), 0, 0, 2, 1, 0, 2, x, 0, work)).toBe(false);
  });
});
