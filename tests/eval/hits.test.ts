import { describe, expect, it } from 'vitest';
import { checkK, hitRanks } from '../../src/eval/hits.js';

describe('hitRanks', () => {
  it('lists the 1-based ranks of relevant items within the top k only', () => {
    // [7, 3, 9, 4] with relevant {4, 7, 8}: 7 at rank 1, 4 at rank 4 (past k = 3).
    expect(hitRanks([7, 3, 9, 4], new Set([4, 7, 8]), 3, 'test')).toEqual([1]);
    expect(hitRanks([7, 3, 9, 4], new Set([4, 7, 8]), 4, 'test')).toEqual([1, 4]);
  });

  it('scores a list shorter than k as it is', () => {
    expect(hitRanks(Int32Array.from([2, 5]), new Set([5]), 10, 'test')).toEqual([2]);
    expect(hitRanks([], new Set([5]), 10, 'test')).toEqual([]);
  });

  it('throws when a relevant item is recommended twice, naming both ranks', () => {
    expect(() => hitRanks([1, 2, 1], new Set([1]), 3, 'ndcgAtK')).toThrow(/ndcgAtK: item 1 appears at ranks 1 and 3/);
  });

  it('ignores repeats of irrelevant items, which change no metric', () => {
    expect(hitRanks([9, 2, 9], new Set([2]), 3, 'test')).toEqual([2]);
  });
});

describe('checkK', () => {
  it('accepts positive integers and rejects anything else with the value in the message', () => {
    expect(() => checkK(1, 'x')).not.toThrow();
    for (const k of [0, -1, 1.5, NaN, Infinity]) {
      expect(() => checkK(k, 'precisionAtK')).toThrow(`precisionAtK: k must be a positive integer, got ${k}`);
    }
  });
});
