import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cooccurrenceIndex, cooccurrenceRow, itemSimilarity, itemUserCounts } from '../../src/eval/item-similarity.js';
import { groupInputs, type UserItemPairs } from '../../src/eval/user-item-pairs.js';
import { beyondAccuracyCase, tinyTraining } from './fixtures.js';

const noReco = { users: new Int32Array(0), items: new Int32Array(0) };
const indexOf = (t: UserItemPairs) => cooccurrenceIndex(groupInputs(t, noReco, 'test').userItems);

/** |U_i ∩ U_j| / sqrt(|U_i||U_j|) with sets, straight from the definition. */
function bruteSimilarity(t: UserItemPairs, i: number, j: number): number {
  const usersOf = (item: number) => new Set([...t.users].filter((_, r) => t.items[r] === item));
  const a = usersOf(i);
  const b = usersOf(j);
  if (a.size === 0 || b.size === 0) return 0;
  return [...a].filter((u) => b.has(u)).length / Math.sqrt(a.size * b.size);
}

describe('item co-occurrence similarity', () => {
  it('matches the hand-worked table of the tiny example', () => {
    // U_0 = {0, 2}, U_1 = {1}, U_2 = {1, 2}, U_3 = {2} (see fixtures.ts).
    const index = indexOf(tinyTraining);
    const s = Math.SQRT1_2;
    const expected: [number, number, number][] = [
      [0, 1, 0],
      [0, 2, 1 / 2], // {2} / sqrt(2·2)
      [0, 3, s], // {2} / sqrt(2·1)
      [1, 2, s], // {1} / sqrt(1·2)
      [1, 3, 0],
      [2, 3, s], // {2} / sqrt(2·1)
    ];
    for (const [i, j, v] of expected) {
      expect(itemSimilarity(index, i, j)).toBeCloseTo(v, 12);
      expect(itemSimilarity(index, j, i)).toBeCloseTo(v, 12);
    }
    expect(itemSimilarity(index, 2, 2)).toBe(1);
  });

  it('is 0 for an item without training users', () => {
    const t = { users: Int32Array.from([0]), items: Int32Array.from([0]), numUsers: 1, numItems: 2 };
    expect(itemSimilarity(indexOf(t), 0, 1)).toBe(0);
  });

  it('lists each item’s users in ascending order', () => {
    // Training rows out of user order: item 0 gets users 2, 0, 1.
    const t = { users: Int32Array.from([2, 0, 1]), items: Int32Array.from([0, 0, 0]), numUsers: 3, numItems: 1 };
    expect([...indexOf(t).itemUsers.indices]).toEqual([0, 1, 2]);
  });

  it('agrees with the set definition on random data, symmetric and in [0, 1]', () => {
    fc.assert(
      fc.property(beyondAccuracyCase, ({ training }) => {
        const index = indexOf(training);
        for (let i = 0; i < training.numItems; i++) {
          for (let j = 0; j < training.numItems; j++) {
            const v = itemSimilarity(index, i, j);
            expect(v).toBeCloseTo(bruteSimilarity(training, i, j), 12);
            expect(v).toBe(itemSimilarity(index, j, i));
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(1 + 1e-12);
          }
        }
      }),
    );
  });

  it('fills one item’s co-occurrence counts against every other item, touching each once', () => {
    fc.assert(
      fc.property(beyondAccuracyCase, ({ training }) => {
        const index = indexOf(training);
        const n = itemUserCounts(index);
        const counts = new Int32Array(training.numItems);
        const touched = new Int32Array(training.numItems);
        for (let i = 0; i < training.numItems; i++) {
          const t = cooccurrenceRow(index, i, counts, touched);
          expect(new Set(touched.subarray(0, t)).size).toBe(t);
          for (let j = 0; j < training.numItems; j++) {
            // counts[j] / sqrt(n_i n_j) is the similarity.
            const sim = counts[j]! === 0 ? 0 : counts[j]! / Math.sqrt(n[i]! * n[j]!);
            expect(sim).toBeCloseTo(bruteSimilarity(training, i, j), 12);
          }
          for (let q = 0; q < t; q++) counts[touched[q]!] = 0;
          expect(counts.every((c) => c === 0)).toBe(true);
        }
      }),
    );
  });
});
