import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PairTable } from '../../src/events/pair-table.js';

describe('PairTable', () => {
  it('gives each distinct pair one slot, in order of first appearance, across growth (property, against a Map)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 50 })), { maxLength: 400 }), (pairs) => {
        const t = new PairTable(1);
        const ref = new Map<string, number>();
        for (const [u, i] of pairs) {
          const key = `${u},${i}`;
          if (!ref.has(key)) ref.set(key, ref.size);
          expect(t.slot(u, i)).toBe(ref.get(key));
        }
        expect(t.size).toBe(ref.size);
        [...ref.keys()].forEach((key, s) => expect(`${t.users[s]},${t.items[s]}`).toBe(key));
      }),
    );
  });
});
