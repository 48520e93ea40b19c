import { describe, expect, it } from 'vitest';
import { quantile, ServedStats } from '../../src/serve/served-stats.js';

describe('ServedStats', () => {
  // three items of rank 2: a = [1, 0], b = [0, 1], c = [1, 1]
  // cos(a, b) = 0, cos(a, c) = cos(b, c) = 1/√2
  const F = Float32Array.of(1, 0, 0, 1, 1, 1);
  const norms = Float32Array.of(1, 1, Math.SQRT2);
  const counts = Float64Array.of(2, 1, 1); // 4 training rows: p = 1/2, 1/4, 1/4
  const f = { itemFactors: F, norms, rank: 2, counts, total: 4 };

  it('computes served coverage, intra-list diversity and novelty from known answers', () => {
    const s = new ServedStats();
    s.resetCatalogue(3);
    s.served(Int32Array.of(0, 1), f); // diversity 1 − cos(a,b) = 1; novelty 1 and 2 bits
    s.served(Int32Array.of(0, 1, 2), f); // mean sim (0 + 1/√2 + 1/√2)/3 → diversity 1 − √2/3; novelty 1, 2, 2
    expect(s.coverage).toBe(1);
    expect(s.diversity).toBeCloseTo((1 + (1 - Math.SQRT2 / 3)) / 2, 6);
    expect(s.novelty).toBeCloseTo((1 + 2 + 1 + 2 + 2) / 5, 12);
    s.resetCatalogue(3); // a swap starts coverage afresh
    s.served(Int32Array.of(2), f);
    expect(s.coverage).toBeCloseTo(1 / 3, 12);
  });

  it('leaves the bias columns of a biased model out of the diversity cosines', () => {
    // biased rows [y, 1, b]: a = [1, 0 | 1, 5], b = [0, 1 | 1, 5]. Taste vectors are orthogonal:
    // diversity 1 − cos = 1. With the bias columns counted, cos would be 26/27 and diversity 1/27.
    const s = new ServedStats();
    s.resetCatalogue(2);
    const biased = Float32Array.of(1, 0, 1, 5, 0, 1, 1, 5);
    s.served(Int32Array.of(0, 1), { itemFactors: biased, norms: Float32Array.of(1, 1), rank: 4, tasteRank: 2, counts: null, total: 0 });
    expect(s.diversity).toBeCloseTo(1, 12);
  });

  it('computes CTR and conversion per source over a sliding window of minutes', () => {
    let now = 10 * 60_000;
    const s = new ServedStats(60, () => now);
    for (let j = 0; j < 4; j++) s.impression('cf-cached');
    s.click('cf-cached');
    now += 3 * 60_000; // three minutes later
    for (let j = 0; j < 6; j++) s.impression('cf-cached');
    s.click('cf-cached');
    s.click('cf-cached');
    s.conversion('cf-cached');
    s.impression('cf-live');
    expect(s.window(1).get('cf-cached')).toMatchObject({ impressions: 6, clicks: 2, ctr: 2 / 6, conversionRate: 1 / 6 });
    expect(s.window(5).get('cf-cached')).toMatchObject({ impressions: 10, clicks: 3, ctr: 0.3, conversions: 1 });
    expect(s.window(5).get('cf-live')).toMatchObject({ impressions: 1, clicks: 0, ctr: 0 });
    now += 61 * 60_000; // every bucket falls out of the hour kept
    expect(s.window(60).size).toBe(0);
    expect(s.history().length).toBe(1);
  });

  it('has no diversity or novelty before anything is served', () => {
    const s = new ServedStats();
    expect(s.diversity).toBeNaN();
    expect(s.novelty).toBeNaN();
    expect(s.coverage).toBe(0);
  });

  it('quantile takes the nearest rank', () => {
    expect(quantile([5, 1, 4, 2, 3], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.99)).toBe(10);
    expect(quantile([], 0.5)).toBeNaN();
  });
});
