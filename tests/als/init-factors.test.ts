import { describe, expect, it } from 'vitest';
import { initFactors } from '../../src/als/init-factors.js';
import { IdMap } from '../../src/data/id-map.js';

const ids = IdMap.from(Array.from({ length: 2000 }, (_, j) => j));

describe('initFactors', () => {
  it("draws unit-length rows by default (Spark's initialisation)", () => {
    const F = initFactors(ids, 8, 1, 0);
    for (let r = 0; r < 5; r++) expect(Math.hypot(...F.subarray(r * 8, r * 8 + 8))).toBeCloseTo(1, 5);
  });

  it('with std > 0 draws every entry N(0, std²), the same draws scaled', () => {
    const unit = initFactors(ids, 8, 1, 0);
    const F = initFactors(ids, 8, 1, 0, 0.01);
    let s2 = 0;
    for (const v of F) s2 += v * v;
    // 16 000 entries: the sample std is within ~1% of 0.01 (3σ ≈ 1.7%)
    expect(Math.sqrt(s2 / F.length)).toBeGreaterThan(0.0098);
    expect(Math.sqrt(s2 / F.length)).toBeLessThan(0.0102);
    // same direction as the unit row of the same id
    const n = Math.hypot(...F.subarray(0, 8));
    expect(F[0]! / n).toBeCloseTo(unit[0]!, 5);
  });
});
