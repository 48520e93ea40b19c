import { describe, expect, it } from 'vitest';
import { encodeItemFeatures } from '../../src/fallback/item-features.js';

describe('encodeItemFeatures', () => {
  it('standardises numeric columns (missing → the mean, 0) and one-hots categorical ones, several per item with "|"', () => {
    const f = encodeItemFeatures(['a', 'b', 'c'], [
      { name: 'year', values: [1990, '2000', null] },
      { name: 'genre', values: ['Comedy|Drama', 'Drama', ''] },
    ]);
    // year: mean 1995, sd 5 → a −1, b 1, c (missing) 0
    expect(f.names).toEqual(['year', 'genre=Comedy', 'genre=Drama']);
    expect(f.dim).toBe(3);
    expect(Array.from(f.values)).toEqual([-1, 1, 1, 1, 0, 1, 0, 0, 0]);
  });

  it('one-hots a numeric-looking column declared categorical, and takes arrays of categories', () => {
    const f = encodeItemFeatures([1, 2], [
      { name: 'code', values: [7, 8], kind: 'categorical' },
      { name: 'tags', values: [['x'], ['x', 'y']] },
    ]);
    expect(f.names).toEqual(['code=7', 'code=8', 'tags=x', 'tags=y']);
    expect(Array.from(f.values)).toEqual([1, 0, 1, 0, 0, 1, 1, 1]);
  });

  it('names the column and item when a numeric column holds text, and a column of the wrong length', () => {
    expect(() => encodeItemFeatures(['a', 'b'], [{ name: 'year', values: [1, 'soon'], kind: 'numeric' }])).toThrow(/column "year", item "b": "soon" is not a number/);
    expect(() => encodeItemFeatures(['a', 'b'], [{ name: 'year', values: [1] }])).toThrow(/column "year" has 1 values for 2 items/);
  });
});
