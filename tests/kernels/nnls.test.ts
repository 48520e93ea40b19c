import { describe, expect, it } from 'vitest';
import { nnlsSolve } from '../../src/kernels/nnls.js';

describe('nnlsSolve', () => {
  it('clamps the variable the unconstrained solution makes negative', () => {
    // A = [[2, 1], [1, 2]], b = [1, −1]. Unconstrained: A⁻¹ = (1/3)[[2, −1], [−1, 2]], x = [1, −1].
    // With x ≥ 0: x₂ = 0 and x₁ = b₁/A₁₁ = 1/2. KKT: gradient b − A x = [1 − 1, −1 − 1/2] = [0, −1.5],
    // ≤ 0 where x is 0, so [0.5, 0] is optimal.
    const x = new Float64Array(2);
    nnlsSolve(Float64Array.of(2, 1, 1, 2), Float64Array.of(1, -1), 2, x);
    expect(x[0]).toBeCloseTo(0.5, 12);
    expect(x[1]).toBe(0);
  });

  it('equals the unconstrained solution when that is already non-negative', () => {
    // A = [[4, 2], [2, 3]], b = [4, 5]: x = (1/8)[3·4 − 2·5, −2·4 + 4·5] = [0.25, 1.5].
    const x = new Float64Array(2);
    nnlsSolve(Float64Array.of(4, 2, 2, 3), Float64Array.of(4, 5), 2, x);
    expect(x[0]).toBeCloseTo(0.25, 12);
    expect(x[1]).toBeCloseTo(1.5, 12);
  });

  it('returns 0 when every gradient component is negative', () => {
    const x = new Float64Array(3).fill(7);
    nnlsSolve(Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1), Float64Array.of(-1, -2, -3), 3, x);
    expect(Array.from(x)).toEqual([0, 0, 0]);
  });

  it('reports a system it cannot factor instead of returning a partial solution', () => {
    // A = [[0, 0], [0, 1]] (singular), b = [1, 0]: the gradient b − A·0 = [1, 0] frees x₁, whose
    // 1 × 1 subsystem [0] has no Cholesky factor. Before, the solver returned x = 0 as if solved.
    const x = new Float64Array(2);
    expect(nnlsSolve(Float64Array.of(0, 0, 0, 1), Float64Array.of(1, 0), 2, x)).toBe(false);
    expect(nnlsSolve(Float64Array.of(2, 1, 1, 2), Float64Array.of(1, -1), 2, x)).toBe(true);
  });

  it('meets the KKT conditions on random problems', () => {
    let s = 12345;
    const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) | 0), ((s >>> 8) & 0xffff) / 0x8000 - 1);
    for (let trial = 0; trial < 200; trial++) {
      const k = 1 + (trial % 8);
      const M = Float64Array.from({ length: k * k }, rnd);
      const A = new Float64Array(k * k);
      for (let i = 0; i < k; i++)
        for (let j = 0; j < k; j++) {
          let v = i === j ? 0.1 : 0;
          for (let p = 0; p < k; p++) v += M[i * k + p]! * M[j * k + p]!;
          A[i * k + j] = v;
        }
      const b = Float64Array.from({ length: k }, rnd);
      const x = new Float64Array(k);
      nnlsSolve(A, b, k, x);
      for (let i = 0; i < k; i++) {
        let g = b[i]!;
        for (let j = 0; j < k; j++) g -= A[i * k + j]! * x[j]!;
        expect(x[i]).toBeGreaterThanOrEqual(0);
        if (x[i]! > 1e-9) expect(Math.abs(g)).toBeLessThan(1e-7);
        else expect(g).toBeLessThan(1e-7);
      }
    }
  });
});
