import { describe, expect, it } from 'vitest';
import { cachedUnitRows, unitRows } from '../../src/kernels/unit-rows.js';

describe('unitRows', () => {
  it('scales each row to length 1: [3, 4] → [0.6, 0.8], and leaves a zero row zero and a NaN row NaN', () => {
    const u = unitRows(Float32Array.of(3, 4, 0, 0, NaN, 1), 2);
    expect(Array.from(u.subarray(0, 4))).toEqual([Math.fround(0.6), Math.fround(0.8), 0, 0]);
    expect(u.subarray(4).every((x) => Number.isNaN(x))).toBe(true);
  });

  it('is computed once per factor array when cached', () => {
    const F = Float32Array.of(1, 1);
    expect(cachedUnitRows(F, 2)).toBe(cachedUnitRows(F, 2));
    expect(cachedUnitRows(Float32Array.of(1, 1), 2)).not.toBe(cachedUnitRows(F, 2));
  });
});
