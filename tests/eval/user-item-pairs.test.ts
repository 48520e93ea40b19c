import { describe, expect, it } from 'vitest';
import { checkPairs, groupInputs } from '../../src/eval/user-item-pairs.js';
import { tinyRecommendations, tinyTraining } from './fixtures.js';

const i32 = (a: number[]): Int32Array => Int32Array.from(a);

describe('groupInputs', () => {
  it("groups training items and recommendation rows by user, keeping each user's row order", () => {
    const { userItems, recoRows } = groupInputs(tinyTraining, tinyRecommendations, 'test');
    expect([...userItems.indptr]).toEqual([0, 1, 3, 6]);
    expect([...userItems.indices]).toEqual([0, 1, 2, 0, 2, 3]);
    expect([...recoRows.indptr]).toEqual([0, 3, 5, 6]);
    expect([...recoRows.indices]).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('rejects a recommendation that is a training pair, naming the row', () => {
    const reco = { users: i32([0, 1]), items: i32([1, 2]) }; // user 1 trained on item 2
    expect(() => groupInputs(tinyTraining, reco, 'novelty')).toThrow(
      /novelty: recommendation row 1 \(user 1, item 2\) is a training pair/,
    );
  });

  it('rejects a repeated recommendation and a repeated training pair', () => {
    expect(() => groupInputs(tinyTraining, { users: i32([0, 0]), items: i32([3, 3]) }, 'x')).toThrow(
      /row 1 repeats \(user 0, item 3\)/,
    );
    const twice = { ...tinyTraining, users: i32([0, 0]), items: i32([1, 1]) };
    expect(() => groupInputs(twice, { users: i32([]), items: i32([]) }, 'x')).toThrow(
      /training pair \(user 0, item 1\) appears more than once/,
    );
  });

  it('rejects indices outside the training sizes and misaligned columns', () => {
    expect(() => groupInputs(tinyTraining, { users: i32([0]), items: i32([4]) }, 'diversity')).toThrow(
      /diversity: recommendation row 0 has item index 4, outside 0..3 \(numItems 4\)/,
    );
    expect(() => groupInputs(tinyTraining, { users: i32([0, 1]), items: i32([1]) }, 'x')).toThrow(
      /recommendations have 2 users but 1 items/,
    );
  });

  it('rejects relevance of the wrong length or with a non-finite value', () => {
    const reco = { users: i32([0]), items: i32([1]) };
    expect(() => groupInputs(tinyTraining, { ...reco, relevance: [1, 0] }, 'x')).toThrow(
      /relevance has 2 values for 1/,
    );
    expect(() => groupInputs(tinyTraining, { ...reco, relevance: [NaN] }, 'x')).toThrow(/relevance\[0\] is NaN/);
  });
});

describe('checkPairs', () => {
  it('rejects sizes that are not counts and users out of range', () => {
    expect(() => checkPairs({ ...tinyTraining, numItems: -1 }, 'x')).toThrow(
      /training numItems must be a non-negative integer, got -1/,
    );
    expect(() => checkPairs({ ...tinyTraining, numUsers: 2 }, 'x')).toThrow(
      /training row 3 has user index 2, outside 0..1/,
    );
  });
});
