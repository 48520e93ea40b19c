import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromRows, size } from '../../src/data/interactions.js';
import { roundHalfEven } from '../../src/data/split-ratios.js';
import { stratifiedSplit } from '../../src/data/split-stratified.js';
import { groupCounts, interactionsArb, keys } from './split-fixtures.js';

const optsArb = fc.record({
  // Quarters make round(ratio · count) land on halves, where the rounding rule shows.
  ratio: fc.oneof(fc.constantFrom(0.25, 0.5, 0.75), fc.double({ min: 0.05, max: 0.95, noNaN: true })),
  seed: fc.integer(),
  minRating: fc.integer({ min: 1, max: 4 }),
  filterBy: fc.constantFrom('user' as const, 'item' as const),
});

describe('stratifiedSplit', () => {
  it('gives every kept user round(ratio · count) train rows and the rest as test; drops small users', () => {
    fc.assert(
      fc.property(interactionsArb, optsArb, (data, opts) => {
        const counts = groupCounts(data, opts.filterBy);
        fc.pre([...counts.values()].some((c) => c >= opts.minRating));
        const [train, test] = stratifiedSplit(data, opts);
        const trainCounts = groupCounts(train!, opts.filterBy);
        const testCounts = groupCounts(test!, opts.filterBy);
        for (const [g, c] of counts) {
          const kept = c >= opts.minRating;
          const t = kept ? roundHalfEven(opts.ratio * c) : 0;
          expect(trainCounts.get(g) ?? 0).toBe(t);
          expect(testCounts.get(g) ?? 0).toBe(kept ? c - t : 0);
        }
      }),
    );
  });

  it('cuts disjoint parts whose union is the kept input, and repeats itself for a seed', () => {
    fc.assert(
      fc.property(interactionsArb, optsArb, (data, opts) => {
        const counts = groupCounts(data, opts.filterBy);
        fc.pre([...counts.values()].some((c) => c >= opts.minRating));
        const parts = stratifiedSplit(data, opts);
        const group = opts.filterBy === 'user' ? data.users : data.items;
        const kept = keys(data).filter((_, r) => counts.get(group[r]!)! >= opts.minRating);
        expect(parts.flatMap(keys).sort()).toEqual(kept.sort());
        expect(stratifiedSplit(data, opts).map(keys)).toEqual(parts.map(keys));
        expect(parts[0]!.userIds).toBe(data.userIds);
      }),
    );
  });

  it('rounds each user count half to even: 5 rows × 0.5 → 2 train, 3 rows × 0.5 → 2 train', () => {
    const rows = [
      ...Array.from({ length: 5 }, (_, i) => ({ user: 'five', item: i, rating: 1 })),
      ...Array.from({ length: 3 }, (_, i) => ({ user: 'three', item: i, rating: 1 })),
    ];
    const [train] = stratifiedSplit(fromRows(rows), { ratio: 0.5 });
    const perUser = groupCounts(train!, 'user');
    expect([perUser.get(0), perUser.get(1)]).toEqual([2, 2]);
  });

  it('splits into more parts by a list of weights, per user', () => {
    // One user with 8 rows, weights [2, 1, 1] → fractions [0.5, 0.25, 0.25] → 4, 2, 2 rows.
    const data = fromRows(Array.from({ length: 8 }, (_, i) => ({ user: 'u', item: i, rating: 1 })));
    expect(stratifiedSplit(data, { ratio: [2, 1, 1] }).map(size)).toEqual([4, 2, 2]);
  });

  it('shuffles within a user by the seed', () => {
    const data = fromRows(Array.from({ length: 40 }, (_, i) => ({ user: 'u', item: i, rating: 1 })));
    const a = keys(stratifiedSplit(data, { ratio: 0.5, seed: 1 })[0]!);
    expect(a).not.toEqual(keys(stratifiedSplit(data, { ratio: 0.5, seed: 2 })[0]!));
  });

  it('validates its options and says when no user is left', () => {
    const data = fromRows([{ user: 1, item: 1, rating: 1 }]);
    expect(() => stratifiedSplit(data, { ratio: 0 })).toThrow('stratifiedSplit: ratio must be in (0, 1)');
    expect(() => stratifiedSplit(data, { ratio: 0.5, minRating: 0 })).toThrow('minRating must be an integer >= 1, got 0');
    expect(() => stratifiedSplit(data, { ratio: 0.5, filterBy: 'movie' as never })).toThrow("filterBy must be 'user' or 'item'");
    expect(() => stratifiedSplit(data, { ratio: 0.5, minRating: 2 })).toThrow(
      'stratifiedSplit: no user has at least minRating = 2 rows; lower minRating',
    );
  });
});
