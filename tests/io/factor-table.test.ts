import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkFactorTable, concatFactorTables, firstDuplicate } from '../../src/io/factor-table.js';

describe('checkFactorTable', () => {
  it('accepts ids.length × rank floats with unique ids', () => {
    expect(() => checkFactorTable({ ids: Int32Array.of(1, -1), factors: new Float32Array(6), rank: 3 }, 't')).not.toThrow();
  });

  it('refuses a rank below 1, a wrong factor length, a repeated id', () => {
    expect(() => checkFactorTable({ ids: new Int32Array(0), factors: new Float32Array(0), rank: 0 }, 't')).toThrow('t: rank must be a positive integer, got 0');
    expect(() => checkFactorTable({ ids: Int32Array.of(1), factors: new Float32Array(3), rank: 2 }, 't')).toThrow('expected ids.length × rank = 1 × 2 = 2');
    expect(() => checkFactorTable({ ids: Int32Array.of(4, 5, 4), factors: new Float32Array(3), rank: 1 }, 't')).toThrow('t: id 4 appears more than once');
  });
});

describe('firstDuplicate', () => {
  it('is undefined exactly when all ids are distinct (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 })), (ids) => {
        const dup = firstDuplicate(Int32Array.from(ids));
        if (new Set(ids).size === ids.length) expect(dup).toBeUndefined();
        else expect(ids.filter((x) => x === dup).length).toBeGreaterThan(1);
      }),
    );
  });
});

describe('concatFactorTables', () => {
  it('stacks rows in order', () => {
    const t = concatFactorTables(
      [
        { ids: Int32Array.of(1), factors: Float32Array.of(1, 2), rank: 2 },
        { ids: new Int32Array(0), factors: new Float32Array(0), rank: 2 },
        { ids: Int32Array.of(7, 8), factors: Float32Array.of(3, 4, 5, 6), rank: 2 },
      ],
      2,
    );
    expect([...t.ids]).toEqual([1, 7, 8]);
    expect([...t.factors]).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
