import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Interactions } from '../../src/data/interactions.js';
import { ML100K_RATING_SHARES, syntheticPowerLaw } from '../../src/data/synthetic-power-law.js';

function perUserCounts(data: Interactions): Int32Array {
  const counts = new Int32Array(data.userIds.size);
  for (const u of data.users) counts[u]!++;
  return counts;
}

function duplicatePairs(data: Interactions): number {
  const seen = new Set<number>();
  let dups = 0;
  for (let r = 0; r < data.users.length; r++) {
    const key = data.users[r]! * data.itemIds.size + data.items[r]!;
    if (seen.has(key)) dups++;
    seen.add(key);
  }
  return dups;
}

describe('syntheticPowerLaw', () => {
  const medium = syntheticPowerLaw({ numUsers: 2000, numItems: 20000, nnz: 100_000, seed: 5 });

  it('gives every user at least 20 distinct items and exactly nnz rows in total', () => {
    const counts = perUserCounts(medium);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(20);
    expect(medium.users.length).toBe(100_000);
    expect(duplicatePairs(medium)).toBe(0);
  });

  it('has a log-normal tail: mean excess over 20 is exp(σ²/2) ≈ 1.94 times the median excess', () => {
    // n_u − 20 = s·exp(σZ): median s, mean s·exp(σ²/2) with σ = 1.15 → ratio exp(0.661) = 1.94.
    const excess = Array.from(perUserCounts(medium), (c) => c - 20).sort((a, b) => a - b);
    const mean = excess.reduce((s, c) => s + c, 0) / excess.length;
    const median = excess[excess.length >> 1]!;
    expect(mean / median).toBeGreaterThan(1.7);
    expect(mean / median).toBeLessThan(2.2);
  });

  it('puts on the 100 most frequent items the share Σ_{r≤100} (r+100)^−1.5 / Σ_r (r+100)^−1.5 of the rows', () => {
    // σ = 0 gives every user exactly 20 of 20000 items, so sampling without replacement barely thins
    // the head (the top item has p ≈ 0.005 a draw): the share is that of independent draws, ≈ 0.314.
    const flat = syntheticPowerLaw({ numUsers: 5000, numItems: 20000, nnz: 100_000, seed: 3, sigma: 0 });
    let head = 0;
    let all = 0;
    for (let r = 1; r <= 20000; r++) {
      const w = Math.pow(r + 100, -1.5);
      all += w;
      if (r <= 100) head += w;
    }
    const freq = new Int32Array(flat.itemIds.size);
    for (const i of flat.items) freq[i]!++;
    const top = Array.from(freq).sort((a, b) => b - a).slice(0, 100).reduce((s, c) => s + c, 0);
    expect(Math.abs(top / flat.users.length - head / all)).toBeLessThan(0.02);
  });

  it('draws integer ratings 1–5 in ML-100k proportions', () => {
    const counts = [0, 0, 0, 0, 0];
    let invalid = 0;
    for (const r of medium.ratings) {
      if (Number.isInteger(r) && r >= 1 && r <= 5) counts[r - 1]!++;
      else invalid++;
    }
    expect(invalid).toBe(0);
    // Standard error of a share p over 1e5 draws is ≤ √(0.25/1e5) = 0.0016.
    counts.forEach((c, j) => expect(Math.abs(c / medium.users.length - ML100K_RATING_SHARES[j]!)).toBeLessThan(0.008));
  });

  it('gives the same data for the same seed and different data for another', () => {
    const opts = { numUsers: 50, numItems: 300, nnz: 2500 };
    const a = syntheticPowerLaw({ ...opts, seed: 9 });
    const b = syntheticPowerLaw({ ...opts, seed: 9 });
    const c = syntheticPowerLaw({ ...opts, seed: 10 });
    expect([a.users, a.items, a.ratings]).toEqual([b.users, b.items, b.ratings]);
    expect(a.items).not.toEqual(c.items);
  });

  it('keeps its invariants for any shape, on both the alias and the exponential-race paths', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 20, max: 400 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer(),
        (numUsers, numItems, fill, seed) => {
          const nnz = Math.round(20 * numUsers + fill * (numItems - 20) * numUsers);
          const data = syntheticPowerLaw({ numUsers, numItems, nnz, seed });
          const counts = perUserCounts(data);
          expect(data.users.length).toBe(nnz);
          expect(Math.min(...counts)).toBeGreaterThanOrEqual(20);
          expect(Math.max(...counts)).toBeLessThanOrEqual(numItems);
          expect(duplicatePairs(data)).toBe(0);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('puts the head share of (r+100)^−1 on the top 100 items with popularityExponent 1, and reaches more of the tail', () => {
    // Same derivation as above with exponent 1: Σ_{r≤100} 1/(r+100) / Σ_{r≤20000} 1/(r+100) ≈ 0.13.
    const zipf = syntheticPowerLaw({ numUsers: 5000, numItems: 20000, nnz: 100_000, seed: 3, sigma: 0, popularityExponent: 1 });
    const flat = syntheticPowerLaw({ numUsers: 5000, numItems: 20000, nnz: 100_000, seed: 3, sigma: 0 });
    let head = 0;
    let all = 0;
    for (let r = 1; r <= 20000; r++) {
      all += 1 / (r + 100);
      if (r <= 100) head += 1 / (r + 100);
    }
    const freq = new Int32Array(zipf.itemIds.size);
    for (const i of zipf.items) freq[i]!++;
    const top = Array.from(freq).sort((a, b) => b - a).slice(0, 100).reduce((s, c) => s + c, 0);
    expect(Math.abs(top / zipf.users.length - head / all)).toBeLessThan(0.02);
    expect(new Set(zipf.items).size).toBeGreaterThan(new Set(flat.items).size);
    expect(() => syntheticPowerLaw({ numUsers: 10, numItems: 100, nnz: 200, popularityExponent: 0 })).toThrow('popularityExponent must be a number > 0, got 0');
  });

  it('gives every user every item when nnz is numUsers × numItems', () => {
    const data = syntheticPowerLaw({ numUsers: 7, numItems: 30, nnz: 210, seed: 1 });
    expect(Array.from(perUserCounts(data))).toEqual([30, 30, 30, 30, 30, 30, 30]);
    expect(duplicatePairs(data)).toBe(0);
  });

  it('names the valid range when nnz cannot be met', () => {
    expect(() => syntheticPowerLaw({ numUsers: 10, numItems: 100, nnz: 150 })).toThrow(
      'nnz 150 is outside [200, 1000]',
    );
    expect(() => syntheticPowerLaw({ numUsers: 10, numItems: 10, nnz: 100 })).toThrow('minPerUser 20 exceeds numItems 10');
  });
});
