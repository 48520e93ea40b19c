import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIntSpan, parseNumberSpan } from '../../src/io/read-numbers.js';

const int = (s: string) => parseIntSpan(s, 0, s.length);
const num = (s: string) => parseNumberSpan(s, 0, s.length);

describe('parseIntSpan', () => {
  it('reads optionally signed decimal integers, ignoring surrounding spaces', () => {
    expect([int('42'), int('-7'), int('+3'), int(' 5\t'), int('007')]).toEqual([42, -7, 3, 5, 7]);
  });

  it('gives NaN for anything that is not a plain integer', () => {
    for (const s of ['', ' ', '-', '4.0', '1e3', 'abc', '12a', '0x10', '1 2']) expect(int(s)).toBeNaN();
  });

  it('reads only its span of a longer line', () => {
    const line = '196\t242\t3';
    expect(parseIntSpan(line, 4, 7)).toBe(242);
  });
});

describe('parseNumberSpan', () => {
  it('reads decimals in their usual spellings', () => {
    expect([num('3.5'), num('-4.25'), num('.5'), num('5.'), num('1e-3'), num('2E2'), num(' 4 ')]).toEqual([
      3.5, -4.25, 0.5, 5, 0.001, 200, 4,
    ]);
  });

  it('keeps the sign of -0', () => {
    expect(Object.is(num('-0'), -0)).toBe(true);
  });

  it("gives NaN where Number() would quietly accept: '', hex, NaN, Infinity, separators", () => {
    for (const s of ['', '.', '-', 'NaN', 'Infinity', '-Infinity', '0x10', '1_000', '1,5', '3.5.1', 'abc']) {
      expect(num(s)).toBeNaN();
    }
  });

  it('reads back every double from its shortest string exactly (-0 aside: String(-0) is "0")', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)), (d) => {
        expect(Object.is(num(String(d)), d)).toBe(true);
      }),
    );
  });

  it('agrees with Number() on decimal strings (fast path and fallback)', () => {
    const decimal = fc
      .tuple(fc.constantFrom('', '-', '+'), fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 20 }),
        fc.option(fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 20 })))
      .map(([sign, whole, frac]) => sign + whole + (frac === null ? '' : '.' + frac));
    fc.assert(
      fc.property(decimal, (s) => {
        expect(num(s)).toBe(Number(s));
      }),
    );
  });
});
