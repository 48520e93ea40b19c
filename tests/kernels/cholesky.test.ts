import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { choleskySolve } from '../../src/kernels/cholesky.js';

describe('choleskySolve', () => {
  it('solves a 2×2 system derived by hand', () => {
    // A = [[4, 2], [2, 3]], b = [2, 1]: det = 12 − 4 = 8, A⁻¹ = (1/8)[[3, −2], [−2, 4]],
    // x = (1/8)[3·2 − 2·1, −2·2 + 4·1] = [0.5, 0].
    const A = Float64Array.of(4, 2, 2, 3);
    const b = Float64Array.of(2, 1);
    expect(choleskySolve(A, b, 2)).toBe(true);
    expect(b[0]).toBeCloseTo(0.5, 12);
    expect(b[1]).toBeCloseTo(0, 12);
  });

  it('reports a matrix that is not positive definite', () => {
    // [[1, 2], [2, 1]] has eigenvalues 3 and −1.
    expect(choleskySolve(Float64Array.of(1, 2, 2, 1), Float64Array.of(1, 1), 2)).toBe(false);
  });

  it('satisfies A x = b for random SPD matrices M Mᵀ + I', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer(), (k, seed) => {
        let s = seed;
        const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) | 0), ((s >>> 8) & 0xffff) / 0x8000 - 1);
        const M = Float64Array.from({ length: k * k }, rnd);
        const A = new Float64Array(k * k);
        for (let i = 0; i < k; i++)
          for (let j = 0; j < k; j++) {
            let v = i === j ? 1 : 0;
            for (let p = 0; p < k; p++) v += M[i * k + p]! * M[j * k + p]!;
            A[i * k + j] = v;
          }
        const b = Float64Array.from({ length: k }, rnd);
        const x = b.slice();
        expect(choleskySolve(A.slice(), x, k)).toBe(true);
        for (let i = 0; i < k; i++) {
          let ax = 0;
          for (let j = 0; j < k; j++) ax += A[i * k + j]! * x[j]!;
          expect(ax).toBeCloseTo(b[i]!, 8);
        }
      }),
    );
  });
});
