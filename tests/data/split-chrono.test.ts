import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromRows } from '../../src/data/interactions.js';
import { chronoSplit } from '../../src/data/split-chrono.js';
import { roundHalfEven } from '../../src/data/split-ratios.js';
import { groupCounts, indexOfKey, interactionsArb, keys } from './split-fixtures.js';

const optsArb = fc.record({
  ratio: fc.oneof(fc.constantFrom(0.25, 0.5, 0.75), fc.double({ min: 0.05, max: 0.95, noNaN: true })),
  minRating: fc.integer({ min: 1, max: 3 }),
  filterBy: fc.constantFrom('user' as const, 'item' as const),
});

describe('chronoSplit', () => {
  it('sends each user earliest rows to train, ties going to the earlier row', () => {
    // User a: rows 0..3 at times 30, 10, 20, 10. Ratio 0.5 → 2 train rows: the two at time 10
    // (rows 1, 3). Ratio 0.75 → 3: rows 1, 3, then row 2 (time 20). User b has one row:
    // round(0.5) = 0 train rows, round(0.75) = 1.
    const data = fromRows([
      { user: 'a', item: 0, rating: 1, timestamp: 30 },
      { user: 'a', item: 1, rating: 1, timestamp: 10 },
      { user: 'a', item: 2, rating: 1, timestamp: 20 },
      { user: 'a', item: 3, rating: 1, timestamp: 10 },
      { user: 'b', item: 0, rating: 1, timestamp: 5 },
    ]);
    const [train, test] = chronoSplit(data, { ratio: 0.5 });
    expect([keys(train!), keys(test!)]).toEqual([['a/1', 'a/3'], ['a/0', 'a/2', 'b/0']]);
    const [train75] = chronoSplit(data, { ratio: 0.75 });
    expect(keys(train75!)).toEqual(['a/1', 'a/2', 'a/3', 'b/0']);
  });

  it('per user, every train row comes before every test row (time, then row order), with exact counts', () => {
    fc.assert(
      fc.property(interactionsArb, optsArb, (data, opts) => {
        const counts = groupCounts(data, opts.filterBy);
        fc.pre([...counts.values()].some((c) => c >= opts.minRating));
        const [train, test] = chronoSplit(data, opts);
        const index = indexOfKey(data);
        const group = opts.filterBy === 'user' ? data.users : data.items;
        const ts = data.timestamps!;
        const byGroup = (part: typeof train) => {
          const m = new Map<number, number[]>();
          for (const key of keys(part!)) {
            const r = index.get(key)!;
            m.set(group[r]!, [...(m.get(group[r]!) ?? []), r]);
          }
          return m;
        };
        const trainRows = byGroup(train);
        const testRows = byGroup(test);
        for (const [g, c] of counts) {
          const t = c >= opts.minRating ? roundHalfEven(opts.ratio * c) : 0;
          expect(trainRows.get(g)?.length ?? 0).toBe(t);
          for (const a of trainRows.get(g) ?? []) {
            for (const b of testRows.get(g) ?? []) {
              expect(ts[a]! < ts[b]! || (ts[a] === ts[b] && a < b)).toBe(true);
            }
          }
        }
        expect(chronoSplit(data, opts).map(keys)).toEqual([train, test].map((p) => keys(p!)));
      }),
    );
  });

  it('needs timestamps, and says how to get them', () => {
    const data = fromRows([{ user: 1, item: 1, rating: 1 }]);
    expect(() => chronoSplit(data, { ratio: 0.5 })).toThrow(
      'chronoSplit: the data has no timestamps; read data with a timestamp column (reader option timestampCol) or use stratifiedSplit or randomSplit',
    );
  });

  it('refuses rows with unknown (NaN) timestamps, counting them', () => {
    const data = fromRows([
      { user: 1, item: 1, rating: 1, timestamp: 1 },
      { user: 1, item: 2, rating: 1, timestamp: Number.NaN },
    ]);
    expect(() => chronoSplit(data, { ratio: 0.5 })).toThrow('chronoSplit: 1 row(s) have no timestamp (NaN), the first at row 1');
  });
});
