import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gridAxes, gridScalars, paramGrid } from '../../src/tuning/param-grid.js';

describe('paramGrid expands list-valued keys like recommenders generate_param_grid', () => {
  it('the seed grid: rank × regParam in product order (regParam fastest), maxIter added to every point', () => {
    // sorted(['rank', 'regParam']) = ['rank', 'regParam']; itertools.product varies the last fastest.
    expect(paramGrid({ rank: [10, 15, 20], regParam: [0.001, 0.1, 1.0], maxIter: 15 })).toEqual([
      { rank: 10, regParam: 0.001, maxIter: 15 },
      { rank: 10, regParam: 0.1, maxIter: 15 },
      { rank: 10, regParam: 1.0, maxIter: 15 },
      { rank: 15, regParam: 0.001, maxIter: 15 },
      { rank: 15, regParam: 0.1, maxIter: 15 },
      { rank: 15, regParam: 1.0, maxIter: 15 },
      { rank: 20, regParam: 0.001, maxIter: 15 },
      { rank: 20, regParam: 0.1, maxIter: 15 },
      { rank: 20, regParam: 1.0, maxIter: 15 },
    ]);
  });

  it('orders axes by name, not by the order they were written', () => {
    // Written regParam first; sorted: alpha < regParam, so alpha is the outer (slower) axis.
    expect(paramGrid({ regParam: [0.1, 1], alpha: [1, 40] })).toEqual([
      { alpha: 1, regParam: 0.1 },
      { alpha: 1, regParam: 1 },
      { alpha: 40, regParam: 0.1 },
      { alpha: 40, regParam: 1 },
    ]);
  });

  it('sorts names by code point as Python does: upper case before lower case', () => {
    // sorted(['b', 'B', 'a']) == ['B', 'a', 'b']: B outermost, b fastest.
    expect(paramGrid({ b: [1, 2], B: [3, 4], a: [5] }).map((p) => [p.B, p.a, p.b])).toEqual([
      [3, 5, 1],
      [3, 5, 2],
      [4, 5, 1],
      [4, 5, 2],
    ]);
  });

  it('lists each point with its axes first (sorted), then the scalars', () => {
    expect(Object.keys(paramGrid({ maxIter: 15, regParam: [0.1], rank: [10] })[0]!)).toEqual(['rank', 'regParam', 'maxIter']);
  });

  it('a grid of scalars only is one point (where recommenders raises)', () => {
    expect(paramGrid({ rank: 10, implicitPrefs: true })).toEqual([{ rank: 10, implicitPrefs: true }]);
  });

  it('gridAxes and gridScalars split the keys', () => {
    const spec = { rank: [10, 20], maxIter: 15, alpha: [1] };
    expect(gridAxes(spec)).toEqual([
      { name: 'alpha', values: [1] },
      { name: 'rank', values: [10, 20] },
    ]);
    expect(gridScalars(spec)).toEqual({ maxIter: 15 });
  });

  it('the number of points is the product of the list lengths, every combination exactly once', () => {
    const axis = fc.uniqueArray(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('rank', 'regParam', 'alpha', 'maxIter'), axis, { minKeys: 1 }), (spec) => {
        const points = paramGrid(spec);
        const expected = Object.values(spec).reduce((n, v) => n * v.length, 1);
        expect(points).toHaveLength(expected);
        expect(new Set(points.map((p) => JSON.stringify(p))).size).toBe(expected);
        for (const p of points) for (const [k, v] of Object.entries(spec)) expect(v).toContain(p[k]);
      }),
    );
  });
});

describe('paramGrid rejects a bad grid with an error naming the key', () => {
  it.each([
    [{}, /grid is empty/],
    [{ rank: [] }, /'rank' has an empty list/],
    [{ rank: [10, 10] }, /'rank' lists 10 twice/],
    [{ regParam: [0.1, NaN] }, /'regParam'\[1\] is NaN/],
    [{ rank: [10, [20]] }, /lists do not nest/],
    [{ maxIter: Infinity }, /'maxIter' is Infinity/],
    [{ solver: '' }, /'solver' is ""/],
    [{ '': [1] }, /name is empty/],
  ])('%j', (spec, message) => {
    expect(() => paramGrid(spec as never)).toThrow(message);
  });
});
