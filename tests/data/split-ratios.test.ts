import { describe, expect, it } from 'vitest';
import { cutPoints, normaliseRatios, roundHalfEven } from '../../src/data/split-ratios.js';

describe('normaliseRatios', () => {
  it('reads a single r as [r, 1 − r] and divides a list by its sum', () => {
    expect(normaliseRatios(0.75, 't')).toEqual([0.75, 0.25]);
    expect(normaliseRatios([3, 1], 't')).toEqual([0.75, 0.25]);
    expect(normaliseRatios([2, 1, 1], 't')).toEqual([0.5, 0.25, 0.25]);
  });

  it.each([0, 1, -0.5, 1.5, Number.NaN])('rejects the single ratio %s, which is not in (0, 1)', (r) => {
    expect(() => normaliseRatios(r, 'split')).toThrow(`split: ratio must be in (0, 1) (the train fraction) or a list of positive weights, got ${r}`);
  });

  it('rejects an empty list and non-positive weights', () => {
    expect(() => normaliseRatios([], 'split')).toThrow('non-empty list');
    expect(() => normaliseRatios([1, 0], 'split')).toThrow('every ratio weight must be a positive finite number, got [1,0]');
    expect(() => normaliseRatios([1, Infinity], 'split')).toThrow('positive finite');
  });
});

describe('roundHalfEven', () => {
  it("rounds halves to the even neighbour, as Python's round()", () => {
    expect([0.5, 1.5, 2.5, 3.5, 1.4, 1.6, 7].map(roundHalfEven)).toEqual([0, 2, 2, 4, 1, 2, 7]);
  });
});

describe('cutPoints', () => {
  it('cuts at round(n · cumulative fraction), ending at n', () => {
    // n = 10, [0.6, 0.2, 0.2]: cuts at 6 and round(8.000000000000002) = 8
    expect(Array.from(cutPoints([0.6, 0.2, 0.2], 10))).toEqual([0, 6, 8, 10]);
    // n = 5, 0.5: 2.5 rounds to the even 2
    expect(Array.from(cutPoints([0.5, 0.5], 5))).toEqual([0, 2, 5]);
  });
});
