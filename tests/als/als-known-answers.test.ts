import { describe, expect, it } from 'vitest';
import { ALS } from '../../src/als/als.js';
import { initFactors } from '../../src/als/init-factors.js';
import { fromRows } from '../../src/data/interactions.js';
import { IdMap } from '../../src/data/id-map.js';

// Rank 1 makes every normal equation a scalar, so one iteration (items, then users) can be
// derived by hand. Spark initialises each factor row as a unit vector: at rank 1 that is ±1, the
// sign s_u coming from the seed; we read it from initFactors and carry it through the algebra.
const seed = 7;
const signs = (n: number) => Array.from(initFactors(IdMap.from(Array.from({ length: n }, (_, j) => j + 1)), 1, seed, 0));

describe('ALS one iteration at rank 1, derived by hand', () => {
  it('explicit (ALS-WR): λ is scaled by each row’s number of ratings', () => {
    // users 1 and 2 rate item 10 with r₁ = 4, r₂ = 2; λ = 0.5; initial user factors s₁, s₂ = ±1.
    // Item:  (s₁² + s₂² + λ·2) y = 4 s₁ + 2 s₂   →   y = (4 s₁ + 2 s₂) / (2 + 2λ) = (4 s₁ + 2 s₂) / 3
    // Users: (y² + λ·1) x_u = r_u y              →   x_u = r_u y / (y² + 0.5)
    const [s1, s2] = signs(2) as [number, number];
    expect(Math.abs(s1)).toBeCloseTo(1, 6);
    const y = (4 * s1 + 2 * s2) / 3;
    const x1 = (4 * y) / (y * y + 0.5);
    const x2 = (2 * y) / (y * y + 0.5);
    const model = new ALS({ rank: 1, maxIter: 1, regParam: 0.5, seed }).fitSync(
      fromRows([
        { user: 1, item: 10, rating: 4 },
        { user: 2, item: 10, rating: 2 },
      ]),
    );
    expect(model.itemFactors[0]).toBeCloseTo(y, 5);
    expect(model.userFactors[0]).toBeCloseTo(x1, 5);
    expect(model.userFactors[1]).toBeCloseTo(x2, 5);
    // e.g. with s₁ = s₂ = 1: y = 2, x₁ = 8/4.5, prediction x₁·y = 32/9 ≈ 3.556 (shrunk from 4 by λ).
  });

  for (const solver of ['cholesky', 'cg'] as const) {
    it(`implicit (${solver}): confidence 1 + α|r|, preference r > 0, λ scaled by positive count`, () => {
      // One user s = ±1; item A rated 3, item B rated −1; α = 2, λ = 0.1.
      // Item half-step, XᵀX = s² = 1:
      //   A: c₁ = α·3 = 6, p = 1, n⁺ = 1:  (1 + 6·1 + 0.1) y_A = (1 + 6) s   →  y_A = 7s / 7.1
      //   B: c₁ = α·1 = 2, p = 0, n⁺ = 0:  (1 + 2·1 + 0) y_B = 0            →  y_B = 0
      // User half-step, YᵀY = y_A² + y_B² = y_A²:
      //   (y_A² + 6 y_A² + 2 y_B² + 0.1·1) x = 7 y_A   →   x = 7 y_A / (7 y_A² + 0.1)
      // At rank 1 a single CG step is exact, so both solvers must agree with the algebra.
      const [s] = signs(1) as [number];
      const yA = (7 * s) / 7.1;
      const x = (7 * yA) / (7 * yA * yA + 0.1);
      const model = new ALS({ rank: 1, maxIter: 1, regParam: 0.1, implicitPrefs: true, alpha: 2, seed, solver }).fitSync(
        fromRows([
          { user: 1, item: 'A', rating: 3 },
          { user: 1, item: 'B', rating: -1 },
        ]),
      );
      expect(model.itemFactors[0]).toBeCloseTo(yA, 5);
      expect(model.itemFactors[1]).toBeCloseTo(0, 6);
      expect(model.userFactors[0]).toBeCloseTo(x, 5);
    });
  }

  it('nonnegative (NNLS): a factor that would go negative is held at 0', () => {
    // Users 1 and 2 rate items 10 and 20; rank 1, λ = 0.1, maxIter 1.
    // Item half-step (n = 2 ratings each):
    //   y_10 = max(0, (5 s₁ + 1 s₂) / (2 + 0.2)),  y_20 = max(0, (1 s₁ + 5 s₂) / 2.2)
    // User half-step (n = 2 each):  x₁ = max(0, (5 y_10 + 1 y_20) / (y_10² + y_20² + 0.2)),
    //                               x₂ = max(0, (1 y_10 + 5 y_20) / (y_10² + y_20² + 0.2))
    // A scalar NNLS is the unconstrained answer clamped at 0 (the objective is a convex parabola).
    const [s1, s2] = signs(2) as [number, number];
    const y10 = Math.max(0, (5 * s1 + s2) / 2.2);
    const y20 = Math.max(0, (s1 + 5 * s2) / 2.2);
    const d = y10 * y10 + y20 * y20 + 0.2;
    const x1 = Math.max(0, (5 * y10 + y20) / d);
    const x2 = Math.max(0, (y10 + 5 * y20) / d);
    // Seed 7 draws s = (1, −1), so y_20 = (1 − 5)/2.2 < 0 is clamped: the constraint is exercised.
    expect(Math.min(y10, y20)).toBe(0);
    const model = new ALS({ rank: 1, maxIter: 1, regParam: 0.1, nonnegative: true, seed }).fitSync(
      fromRows([
        { user: 1, item: 10, rating: 5 },
        { user: 1, item: 20, rating: 1 },
        { user: 2, item: 10, rating: 1 },
        { user: 2, item: 20, rating: 5 },
      ]),
    );
    expect(model.itemFactors[0]).toBeCloseTo(y10, 5);
    expect(model.itemFactors[1]).toBeCloseTo(y20, 5);
    expect(model.userFactors[0]).toBeCloseTo(x1, 5);
    expect(model.userFactors[1]).toBeCloseTo(x2, 5);
    for (const v of [...model.userFactors, ...model.itemFactors]) expect(v).toBeGreaterThanOrEqual(0);
  });
});
