import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromRows, size } from '../../src/data/interactions.js';
import { Random } from '../../src/data/random.js';
import { randomSplit } from '../../src/data/split-random.js';
import { roundHalfEven } from '../../src/data/split-ratios.js';
import { indexOfKey, interactionsArb, keys } from './split-fixtures.js';

const ratioArb = fc.oneof(
  fc.constantFrom(0.25, 0.5, 0.75),
  fc.double({ min: 0.01, max: 0.99, noNaN: true }),
  fc.array(fc.double({ min: 0.1, max: 10, noNaN: true }), { minLength: 1, maxLength: 4 }),
);

describe('randomSplit', () => {
  it('puts in train exactly the rows at the first round(r·n) positions of the seeded shuffle', () => {
    const data = fromRows(Array.from({ length: 10 }, (_, i) => ({ user: i, item: 0, rating: 1 })));
    const perm = new Random(7).shuffle(Int32Array.from({ length: 10 }, (_, i) => i));
    const train = Array.from(perm.subarray(0, 3)).sort((a, b) => a - b); // round(0.3 · 10) = 3
    const [a, b] = randomSplit(data, 0.3, 7);
    expect(Array.from(a!.users, (u) => a!.userIds.toExternal(u))).toEqual(train);
    expect(size(b!)).toBe(7);
  });

  it('gives the same split for the same seed', () => {
    fc.assert(
      fc.property(interactionsArb, ratioArb, fc.integer(), (data, ratio, seed) => {
        expect(randomSplit(data, ratio, seed).map(keys)).toEqual(randomSplit(data, ratio, seed).map(keys));
      }),
    );
  });

  it('cuts disjoint parts whose union is the input, each in input order, with exact sizes', () => {
    fc.assert(
      fc.property(interactionsArb, ratioArb, fc.integer(), (data, ratio, seed) => {
        const parts = randomSplit(data, ratio, seed);
        const weights = typeof ratio === 'number' ? [ratio, 1 - ratio] : ratio;
        const total = weights.reduce((s, w) => s + w, 0);
        const n = size(data);
        let cumulative = 0;
        let previousCut = 0;
        const index = indexOfKey(data);
        const all: number[] = [];
        parts.forEach((part, k) => {
          cumulative += weights[k]! / total;
          const cut = k === parts.length - 1 ? n : roundHalfEven(cumulative * n);
          expect(size(part)).toBe(cut - previousCut);
          previousCut = cut;
          const rows = keys(part).map((key) => index.get(key)!);
          expect(rows).toEqual([...rows].sort((x, y) => x - y));
          all.push(...rows);
          expect(part.userIds).toBe(data.userIds);
          expect(part.itemIds).toBe(data.itemIds);
        });
        expect(parts.length).toBe(weights.length);
        expect(all.sort((x, y) => x - y)).toEqual(Array.from({ length: n }, (_, r) => r));
      }),
    );
  });

  it('depends on the seed', () => {
    const data = fromRows(Array.from({ length: 100 }, (_, i) => ({ user: i, item: 0, rating: 1 })));
    expect(keys(randomSplit(data, 0.5, 1)[0]!)).not.toEqual(keys(randomSplit(data, 0.5, 2)[0]!));
  });

  it('rejects a bad ratio and empty data', () => {
    const data = fromRows([{ user: 1, item: 1, rating: 1 }]);
    expect(() => randomSplit(data, 1)).toThrow('randomSplit: ratio must be in (0, 1)');
    const empty = { ...data, users: new Int32Array(0), items: new Int32Array(0), ratings: new Float32Array(0) };
    expect(() => randomSplit(empty, 0.5)).toThrow('randomSplit: the data has no rows');
  });
});
