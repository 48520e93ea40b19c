import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalInt, compareIds, IdMap, isSparkInt } from '../../src/data/id-map.js';
import { fromRows, InteractionsBuilder, selectRows, size } from '../../src/data/interactions.js';

describe('IdMap', () => {
  it('gives dense indices in order of first appearance and maps them back', () => {
    const m = new IdMap();
    expect([m.add(196), m.add(186), m.add(196), m.add(22)]).toEqual([0, 1, 0, 2]);
    expect([m.toExternal(0), m.toExternal(2), m.toIndex(186), m.toIndex(5)]).toEqual([196, 22, 1, -1]);
    expect(m.size).toBe(3);
  });

  it("treats 7 and '7' as one id (an id is its text) and keeps '007', '+7', '7.0' and ' 7' apart", () => {
    const m = IdMap.from([7]);
    expect(m.add('7')).toBe(0);
    expect(m.kind).toBe('int');
    expect(['007', '+7', '7.0', ' 7', '-0'].map((id) => m.add(id))).toEqual([1, 2, 3, 4, 5]);
    expect(m.kind).toBe('string');
    expect(m.intIds()).toBeNull();
    const s = IdMap.from(['x', '42']);
    expect([s.toIndex(42), s.toIndex('42'), s.toIndex('042')]).toEqual([1, 1, -1]);
    expect(() => IdMap.from([7, '7'])).toThrow('duplicate id "7"');
  });

  it('canonicalInt accepts exactly the canonical decimal text of a Spark int', () => {
    expect(['0', '7', '-7', '2147483647', '-2147483648'].map(canonicalInt)).toEqual([0, 7, -7, 2147483647, -2147483648]);
    expect(['', '-', '007', '+7', '-0', '7.0', '1e3', ' 7', '7 ', '2147483648', '0x1'].map(canonicalInt)).toEqual(Array(11).fill(null));
  });

  it('compareIds orders numbers ascending, then strings by code units', () => {
    expect([10, 'b', -3, 'B', 2, '10'].sort(compareIds)).toEqual([-3, 2, 10, '10', 'B', 'b']);
  });

  it('gives the int ids as an Int32Array while every id is an int', () => {
    expect(Array.from(IdMap.from([5, -3]).intIds()!)).toEqual([5, -3]);
  });

  it("rejects numbers outside Spark's int range and fractions", () => {
    expect(isSparkInt(2147483647) && isSparkInt(-2147483648)).toBe(true);
    expect(isSparkInt(2147483648) || isSparkInt(1.5)).toBe(false);
    expect(() => new IdMap().add(2147483648)).toThrow("id map: id 2147483648 is not an integer in Spark's int range");
    expect(() => new IdMap().add(1.5)).toThrow('id 1.5');
  });

  it('rejects duplicates in from() and out-of-range indices in toExternal()', () => {
    expect(() => IdMap.from([1, 2, 1])).toThrow('id map: duplicate id 1');
    expect(() => IdMap.from([1]).toExternal(1)).toThrow('id map: index 1 out of range 0..0');
  });
});

describe('InteractionsBuilder', () => {
  it('grows past its initial capacity, keeping every row', () => {
    const b = new InteractionsBuilder();
    for (let r = 0; r < 3000; r++) b.add(r % 7, r, r % 5, r);
    const d = b.build();
    expect(size(d)).toBe(3000);
    expect([d.userIds.toExternal(d.users[2999]!), d.itemIds.toExternal(d.items[2999]!), d.ratings[2999], d.timestamps![2999]]).toEqual([
      2999 % 7, 2999, 2999 % 5, 2999,
    ]);
  });

  it('fills NaN timestamps for rows added without one', () => {
    const b = new InteractionsBuilder();
    b.add(1, 1, 1);
    b.add(1, 2, 1, 50);
    const t = b.build().timestamps!;
    expect(t[0]).toBeNaN();
    expect(t[1]).toBe(50);
  });

  it('rejects a non-finite rating or an out-of-range id, naming where', () => {
    const b = new InteractionsBuilder();
    expect(() => b.add(1, 1, Number.NaN, undefined, 'f.csv line 3')).toThrow('f.csv line 3: rating NaN is not a finite number');
    expect(() => b.add(2 ** 31, 1, 1, undefined, 'f.csv line 4')).toThrow("f.csv line 4: id map: id 2147483648 is not an integer in Spark's int range");
  });

  // Rows: (a,x,1,t10) (a,y,2,t20) (a,x,4,t30) (a,x,7,t40) — the pair (a,x) three times.
  const duplicated = () => {
    const b = new InteractionsBuilder();
    b.add('a', 'x', 1, 10);
    b.add('a', 'y', 2, 20);
    b.add('a', 'x', 4, 30);
    b.add('a', 'x', 7, 40);
    return b;
  };

  it('names both rows of a duplicate by default, and the fix', () => {
    expect(() => duplicated().build('error', (r) => `line ${r + 1}`)).toThrow(
      "line 3: duplicate (user, item) pair, first seen at line 1; pass duplicates 'sum', 'last' or 'mean' (CLI: --duplicates sum|last|mean)",
    );
  });

  it('sum and mean merge into the first row: 1+4+7 = 12, mean 4, first timestamp', () => {
    const sum = duplicated().build('sum');
    expect([Array.from(sum.ratings), Array.from(sum.timestamps!)]).toEqual([
      [12, 2],
      [10, 20],
    ]);
    expect(Array.from(duplicated().build('mean').ratings)).toEqual([4, 2]);
  });

  it('last keeps the last row, at its position', () => {
    const last = duplicated().build('last');
    expect([Array.from(last.ratings), Array.from(last.timestamps!)]).toEqual([
      [2, 7],
      [20, 40],
    ]);
  });
});

describe('InteractionsBuilder duplicates on rows grouped by user or not', () => {
  // Reference: a Map from "user item" to the kept row, in plain code (sum/mean into the first row, last moves to the last).
  function reference(rows: [number, number, number][], policy: 'sum' | 'last' | 'mean'): [number, number, number][] {
    const at = new Map<string, number>();
    const out: ([number, number, number] | null)[] = [];
    const counts: number[] = [];
    rows.forEach(([u, i, r]) => {
      const key = `${u} ${i}`;
      const k = at.get(key);
      if (k === undefined) {
        at.set(key, out.length);
        out.push([u, i, r]);
        counts.push(1);
      } else if (policy === 'last') {
        out[k] = null;
        at.set(key, out.length);
        out.push([u, i, r]);
        counts.push(1);
      } else {
        out[k]![2] = Math.fround(out[k]![2] + r);
        counts[k]!++;
        out.push(null);
        counts.push(1);
      }
    });
    return out.flatMap((row, k) => (row === null ? [] : [[row[0], row[1], policy === 'mean' ? Math.fround(row[2] / counts[k]!) : row[2]] as [number, number, number]]));
  }

  it('merges exactly as a plain map does, whether a file is sorted by user or not', () => {
    const rowsArb = fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 5 })), { maxLength: 60 });
    fc.assert(
      fc.property(rowsArb, fc.boolean(), fc.constantFrom('sum', 'last', 'mean') as fc.Arbitrary<'sum' | 'last' | 'mean'>, (raw, sort, policy) => {
        const rows = sort ? [...raw].sort((a, b) => a[0] - b[0]) : raw;
        const b = new InteractionsBuilder();
        for (const [u, i, r] of rows) b.add(u, i, r);
        const d = b.build(policy);
        const got = Array.from(d.users, (u, j) => [d.userIds.toExternal(u), d.itemIds.toExternal(d.items[j]!), d.ratings[j]!]);
        expect(got).toEqual(reference(rows, policy));
      }),
      { numRuns: 300 },
    );
  });
});

describe('selectRows and fromRows', () => {
  it('selectRows takes rows in the order given and shares the id maps', () => {
    const d = fromRows([
      { user: 'a', item: 1, rating: 1, timestamp: 5 },
      { user: 'b', item: 2, rating: 2, timestamp: 6 },
      { user: 'c', item: 3, rating: 3, timestamp: 7 },
    ]);
    const s = selectRows(d, [2, 0]);
    expect([Array.from(s.ratings), Array.from(s.timestamps!), Array.from(s.users)]).toEqual([
      [3, 1],
      [7, 5],
      [2, 0],
    ]);
    expect(s.userIds).toBe(d.userIds);
  });

  it('fromRows refuses an empty list', () => {
    expect(() => fromRows([])).toThrow('interactions: no rows');
  });

  it('fromRows leaves timestamps undefined when no row has one', () => {
    expect(fromRows([{ user: 1, item: 1, rating: 1 }]).timestamps).toBeUndefined();
  });
});
