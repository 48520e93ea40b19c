import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRange, sampleConfigs } from '../../src/tuning/random-search.js';

describe('parseRange', () => {
  it('reads key=low:high[:scale], in camel or kebab case, integers for rank', () => {
    expect(parseRange('alpha=0.1:40:log')).toEqual({ key: 'alpha', low: 0.1, high: 40, scale: 'log', integer: false });
    expect(parseRange('reg-param=0.01:1')).toEqual({ key: 'regParam', low: 0.01, high: 1, scale: 'linear', integer: false });
    expect(parseRange('rank=8:128:log').integer).toBe(true);
  });

  it('names what is wrong and shows the form', () => {
    expect(() => parseRange('alpha')).toThrow(/range 'alpha': no =; write key=low:high\[:log\], e.g. alpha=0.1:40:log/);
    expect(() => parseRange('colour=1:2')).toThrow(/'colour' is not a numeric ALS option/);
    expect(() => parseRange('implicitPrefs=0:1')).toThrow(/not a numeric ALS option/);
    expect(() => parseRange('alpha=5:1')).toThrow(/low 5 must be below high 1/);
    expect(() => parseRange('alpha=0:1:log')).toThrow(/a log range needs low > 0/);
    expect(() => parseRange('alpha=1:2:cubic')).toThrow(/scale must be log or linear, got 'cubic'/);
  });
});

describe('sampleConfigs', () => {
  it('draws every value inside its range, integers rounded, over the fixed parameters; same seed, same draws', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 10, noNaN: true }), fc.double({ min: 1.01, max: 100, noNaN: true }), fc.integer(), fc.integer({ min: 1, max: 20 }), (low, factor, seed, n) => {
        const ranges = [parseRange(`alpha=${low}:${low * factor}:log`), parseRange('rank=4:64:log')];
        const a = sampleConfigs(ranges, { implicitPrefs: true }, n, seed);
        expect(a).toEqual(sampleConfigs(ranges, { implicitPrefs: true }, n, seed));
        expect(a).toHaveLength(n);
        for (const c of a) {
          expect(c.implicitPrefs).toBe(true);
          expect(c.alpha as number).toBeGreaterThanOrEqual(Number(low.toPrecision(4)) * (1 - 1e-3));
          expect(c.alpha as number).toBeLessThanOrEqual(low * factor * (1 + 1e-3));
          expect(Number.isInteger(c.rank)).toBe(true);
          expect(c.rank as number).toBeGreaterThanOrEqual(4);
          expect(c.rank as number).toBeLessThanOrEqual(64);
        }
      }),
    );
  });

  it('is log-uniform on a log range: about half the draws of 1:100 fall below 10', () => {
    const draws = sampleConfigs([parseRange('alpha=1:100:log')], {}, 2000, 3).map((c) => c.alpha as number);
    const below = draws.filter((v) => v < 10).length / draws.length;
    // binomial(2000, 0.5): 3σ ≈ 0.034
    expect(below).toBeGreaterThan(0.46);
    expect(below).toBeLessThan(0.54);
  });

  it('refuses a budget that is not a positive integer', () => {
    expect(() => sampleConfigs([], {}, 0, 1)).toThrow(/budget must be an integer >= 1 fits, got 0/);
  });
});
