import { describe, expect, it } from 'vitest';
import { factorChecksum } from '../../src/retrieval/factor-checksum.js';

describe('factorChecksum', () => {
  const F = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i));

  it('is 16 hex digits, the same for the same factors and rank', () => {
    expect(factorChecksum(F, 10)).toMatch(/^[0-9a-f]{16}$/);
    expect(factorChecksum(F.slice(), 10)).toBe(factorChecksum(F, 10));
  });

  it('changes when one value moves by one ulp, when two values swap, or when the rank differs', () => {
    const g = F.slice();
    g[500] = Math.fround(g[500]! * (1 + 2 ** -23));
    const h = F.slice();
    [h[1], h[2]] = [h[2]!, h[1]!];
    const sums = new Set([factorChecksum(F, 10), factorChecksum(g, 10), factorChecksum(h, 10), factorChecksum(F, 20)]);
    expect(sums.size).toBe(4);
  });
});
