import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatG } from '../../src/report/format-g.js';

describe('formatG(x) writes x as Python\'s "%.4g" does', () => {
  it('rounds to 4 significant digits in fixed notation when the exponent is in [-4, 4)', () => {
    // 0.92634 = 9.2634e-1 → 9.263e-1 (next digit 4 rounds down) → 3 − (−1) = 4 decimals.
    expect(formatG(0.92634)).toBe('0.9263');
    // 1.5 has 2 significant digits; the padding zeros of 1.500 are dropped.
    expect(formatG(1.5)).toBe('1.5');
    // 100 = 1.000e2 → "100.0" → trailing zeros and the point dropped.
    expect(formatG(100)).toBe('100');
    // 1/3 = 3.333…e-1 → 0.3333.
    expect(formatG(1 / 3)).toBe('0.3333');
  });

  it('switches to scientific notation at exponent >= 4 with a two-digit exponent', () => {
    // 12345 = 1.2345e4 exactly: a tie, and ties go to the even digit (4), so 1.234e+04.
    expect(formatG(12345)).toBe('1.234e+04');
    // 123456 → 1.23456e4 → 1.235 (next digit 5 followed by 6: above half).
    expect(formatG(123456)).toBe('1.235e+05');
    expect(formatG(1e16)).toBe('1e+16');
  });

  it('keeps fixed notation down to exponent -4 and switches below it', () => {
    // The double nearest 0.00012345 is 0.000123449999…, so the 5th digit rounds down: 1.234e-4.
    expect(formatG(0.00012345)).toBe('0.0001234');
    expect(formatG(0.0001)).toBe('0.0001');
    expect(formatG(0.00001)).toBe('1e-05');
    expect(formatG(-0.000012345)).toBe('-1.234e-05');
  });

  it('reads the exact value of the double, not its shortest decimal form', () => {
    // 123.45 is stored as 123.4500000000000028…, above the tie, so it rounds up to 123.5;
    // 9.9995 is stored as 9.99949999…, below the tie, so it stays 9.999.
    expect(formatG(123.45)).toBe('123.5');
    expect(formatG(9.9995)).toBe('9.999');
    // 1234.5 is exact: a tie, rounded to the even 1234.
    expect(formatG(1234.5)).toBe('1234');
  });

  it('carries into a new digit when rounding up 9s (99995 → 1.000e5)', () => {
    expect(formatG(99995)).toBe('1e+05');
    expect(formatG(9999.6)).toBe('1e+04');
  });

  it('writes zeros, signs, NaN and infinities as Python does', () => {
    expect(formatG(0)).toBe('0');
    expect(formatG(-0)).toBe('-0');
    expect(formatG(-2.5)).toBe('-2.5');
    expect(formatG(Number.NaN)).toBe('nan');
    expect(formatG(Infinity)).toBe('inf');
    expect(formatG(-Infinity)).toBe('-inf');
  });

  it('takes other precisions, with 0 meaning 1', () => {
    expect(formatG(0.92634, 2)).toBe('0.93');
    expect(formatG(256, 1)).toBe('3e+02');
    expect(formatG(256, 0)).toBe('3e+02');
    expect(formatG(Number.MIN_VALUE, 3)).toBe('4.94e-324');
  });

  it('rejects a precision that is negative or not an integer, naming it', () => {
    expect(() => formatG(1, -1)).toThrow(/precision must be an integer >= 0, got -1/);
    expect(() => formatG(1, 2.5)).toThrow(/got 2.5/);
  });

  it('round-trips any double at 17 significant digits', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(Object.is(Number(formatG(x, 17)), x)).toBe(true); // -0 included: "-0" parses to -0
      }),
    );
  });

  it('agrees in value with toPrecision except on exact ties, which toPrecision rounds up', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 1, max: 10 }), (x, p) => {
        const longer = x.toPrecision(p + 1);
        const exactTie = Number(longer) === x && /5(e|$)/.test(longer.replace(/^-/, ''));
        fc.pre(!exactTie);
        // == rather than Object.is: toPrecision drops the sign of -0, Python keeps it.
        expect(Number(formatG(x, p)) === Number(x.toPrecision(p))).toBe(true);
      }),
    );
  });
});
