import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explainedVariance, mae, ratingMetrics, rmse, rsquared } from '../../src/eval/rating-metrics.js';

describe('rating metrics', () => {
  it('score a perfect prediction as rmse 0, mae 0, rsquared 1, explained variance 1', () => {
    const r = Float32Array.from([1, 3.5, 4, 5]);
    expect(ratingMetrics(r, r)).toEqual({ rmse: 0, mae: 0, rsquared: 1, explainedVariance: 1, count: 4 });
  });

  it('match a hand-worked example with unbiased errors', () => {
    // truth [1,2,3,4], prediction [2,2,3,3]: residuals −1, 0, 0, 1 (mean 0), Σd² = 2.
    // rmse = sqrt(2/4); mae = 2/4; mean truth 2.5, Σ(r − r̄)² = 2.25+0.25+0.25+2.25 = 5
    // rsquared = 1 − 2/5 = 0.6; explainedVariance = 1 − (2/4)/(5/4) = 0.6 (same: no bias).
    const t = [1, 2, 3, 4];
    const p = [2, 2, 3, 3];
    expect(rmse(t, p)).toBeCloseTo(Math.sqrt(0.5), 12);
    expect(mae(t, p)).toBeCloseTo(0.5, 12);
    expect(rsquared(t, p)).toBeCloseTo(0.6, 12);
    expect(explainedVariance(t, p)).toBeCloseTo(0.6, 12);
  });

  it('separate rsquared from explained variance when the prediction has a constant bias', () => {
    // prediction = truth + 1: residuals all −1, Σd² = 4, Var(d) = 0; Σ(r − r̄)² = 5.
    // rsquared = 1 − 4/5 = 0.2 charges the bias; explainedVariance = 1 − 0 = 1 ignores it.
    const t = [1, 2, 3, 4];
    const p = [2, 3, 4, 5];
    expect(rmse(t, p)).toBeCloseTo(1, 12);
    expect(mae(t, p)).toBeCloseTo(1, 12);
    expect(rsquared(t, p)).toBeCloseTo(0.2, 12);
    expect(explainedVariance(t, p)).toBeCloseTo(1, 12);
  });

  it("reproduce Microsoft recommenders' published values on its own rating fixture", () => {
    // The merged (truth, prediction) pairs of recommenders' test_merge_rating:
    // residuals p − r = 11, 9, 2, 3, 10, 3, 9, 4: Σd² = 421, Σ|d| = 51, mean d = 6.375.
    // rmse = sqrt(421/8) ≈ 7.254309; mae = 51/8 = 6.375.
    // mean truth 25/8 = 3.125, Σ(r − r̄)² = 4·0.125² + 2·1.875² + 1.125² + 2.125² = 12.875
    // rsquared = 1 − 421/12.875 ≈ −31.699029
    // Var(d) = 421/8 − 6.375² = 11.984375, Var(r) = 12.875/8: explained = 1 − 11.984375/1.609375 ≈ −6.4466
    const t = [3, 3, 5, 5, 3, 3, 2, 1];
    const p = [14, 12, 7, 8, 13, 6, 11, 5];
    const m = ratingMetrics(t, p);
    expect(m.rmse).toBeCloseTo(Math.sqrt(421 / 8), 12);
    expect(m.rmse).toBeCloseTo(7.254309, 5);
    expect(m.mae).toBe(6.375);
    expect(m.rsquared).toBeCloseTo(1 - 421 / 12.875, 12);
    expect(m.rsquared).toBeCloseTo(-31.699029, 5);
    expect(m.explainedVariance).toBeCloseTo(1 - 11.984375 / 1.609375, 12);
    expect(m.explainedVariance).toBeCloseTo(-6.4466, 4);
  });

  it("follow sklearn's force_finite rule when the truth is constant", () => {
    // Σ(r − r̄)² = 0: exact prediction → 1; otherwise → 0, except explained variance with a
    // constant residual (Var(d) = 0) → 1.
    expect(rsquared([3, 3, 3], [3, 3, 3])).toBe(1);
    expect(explainedVariance([3, 3, 3], [3, 3, 3])).toBe(1);
    expect(rsquared([3, 3, 3], [2, 3, 4])).toBe(0);
    expect(explainedVariance([3, 3, 3], [2, 3, 4])).toBe(0);
    expect(rsquared([3, 3, 3], [4, 4, 4])).toBe(0);
    expect(explainedVariance([3, 3, 3], [4, 4, 4])).toBe(1);
  });

  it('give NaN rsquared for a single pair, as sklearn does, and still score its error', () => {
    expect(rsquared([4], [3])).toBeNaN();
    expect(rmse([4], [3])).toBe(1);
  });

  it('throw on mismatched lengths, empty input and non-finite values, naming the fix', () => {
    expect(() => rmse([1, 2], [1])).toThrow(/truth has 2 values but prediction has 1/);
    expect(() => mae([], [])).toThrow(/no pairs to score/);
    expect(() => rsquared([1, 2], [1, NaN])).toThrow(/prediction\[1\] is NaN.*coldStartStrategy 'drop'/);
    expect(() => explainedVariance([Infinity, 2], [1, 2])).toThrow(/truth\[0\] is Infinity/);
  });

  const pairs = fc
    .array(fc.tuple(fc.integer({ min: 1, max: 5 }), fc.double({ min: -2, max: 8, noNaN: true })), {
      minLength: 2,
      maxLength: 40,
    })
    .filter((a) => new Set(a.map(([r]) => r)).size > 1);

  it('keep explainedVariance − rsquared = n·mean(d)² / Σ(r − r̄)² (the bias term)', () => {
    // n·Var(d) = Σd² − n·d̄², so 1 − n·Var(d)/Σ(r−r̄)² = rsquared + n·d̄²/Σ(r−r̄)².
    fc.assert(
      fc.property(pairs, (a) => {
        const t = a.map(([r]) => r);
        const p = a.map(([, q]) => q);
        const n = t.length;
        const mt = t.reduce((s, x) => s + x, 0) / n;
        const md = t.reduce((s, x, j) => s + x - p[j]!, 0) / n;
        const sst = t.reduce((s, x) => s + (x - mt) ** 2, 0);
        expect(explainedVariance(t, p) - rsquared(t, p)).toBeCloseTo((n * md * md) / sst, 8);
      }),
    );
  });

  it('never rank mae above rmse, nor rsquared above 1', () => {
    fc.assert(
      fc.property(pairs, (a) => {
        const t = a.map(([r]) => r);
        const p = a.map(([, q]) => q);
        expect(mae(t, p)).toBeLessThanOrEqual(rmse(t, p) + 1e-12);
        expect(rsquared(t, p)).toBeLessThanOrEqual(1);
      }),
    );
  });
});
