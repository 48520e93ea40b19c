import { describe, expect, it } from 'vitest';
import { parseDuration, parseTimestamp } from '../../src/events/timestamp.js';

describe('parseTimestamp', () => {
  it('reads epoch seconds and ISO 8601 (to epoch seconds)', () => {
    expect(parseTimestamp(1700000000)).toBe(1700000000);
    expect(parseTimestamp(' 12.5 ')).toBe(12.5);
    expect(parseTimestamp('1970-01-02T00:00:00Z')).toBe(86400);
    expect(parseTimestamp('1970-01-01T01:00:00+01:00')).toBe(0);
    expect(parseTimestamp('1970-01-03')).toBe(2 * 86400);
  });
  it('is NaN for anything else', () => {
    for (const bad of ['yesterday', '', '12/05/2024', 'NaN']) expect(parseTimestamp(bad)).toBeNaN();
    expect(parseTimestamp(Infinity)).toBeNaN();
  });
});

describe('parseDuration', () => {
  it('reads seconds with an optional unit s, m, h, d, w', () => {
    expect(parseDuration('90')).toBe(90);
    expect(parseDuration('7d')).toBe(604800);
    expect(parseDuration('1.5h')).toBe(5400);
    expect(parseDuration('2 w')).toBe(1209600);
    expect(parseDuration('soon')).toBeNaN();
  });
});
