import { describe, expect, it } from 'vitest';
import { encodeItemFeatures } from '../../src/fallback/item-features.js';
import { withItemRow } from '../../src/serve/new-item-features.js';

// one categorical column over items 1, 2: columns "genre=a", "genre=b"; rows 1 = [1, 0], 2 = [0, 1]
const f = encodeItemFeatures([1, 2], [{ name: 'genre', values: ['a', 'b'] }]);

describe('withItemRow', () => {
  it('appends a new item’s row from its named features, leaving the given features unchanged', () => {
    const next = withItemRow(f, '3', { 'genre=b': 1 });
    expect(next.ids.ids()).toEqual([1, 2, '3']);
    expect([...next.values]).toEqual([1, 0, 0, 1, 0, 1]);
    expect([...f.values]).toEqual([1, 0, 0, 1]);
    expect(f.ids.size).toBe(2);
  });

  it('replaces the row of an item already listed, names not given being 0', () => {
    const next = withItemRow(f, '3', { 'genre=a': 1, 'genre=b': 1 });
    const again = withItemRow(next, '3', { 'genre=a': 1 });
    expect(again.ids.size).toBe(3);
    expect([...again.values.subarray(4)]).toEqual([1, 0]);
  });

  it('rejects a name that is not a column, naming it and the known ones', () => {
    expect(() => withItemRow(f, '3', { 'genre=z': 1 })).toThrow('items: unknown feature "genre=z"; known: "genre=a", "genre=b"');
  });
});
