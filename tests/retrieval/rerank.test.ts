import { describe, expect, it } from 'vitest';
import { rerank } from '../../src/retrieval/rerank.js';

describe('rerank', () => {
  // q = [1, 0]; targets t0 = [1, 0] (1), t1 = [3, 0] (3), t2 = [2, 9] (2), t3 = [3, 1] (3), t4 = [NaN, 0]
  const Q = Float32Array.of(1, 0);
  const Y = Float32Array.of(1, 0, 3, 0, 2, 9, 3, 1, NaN, 0);

  it('keeps the best k candidates by exact score, ties to the lower target, NaN never', () => {
    const idx = new Int32Array(3);
    const sc = new Float32Array(3);
    rerank(Q, 0, Y, 2, Int32Array.of(4, 0, 3, 2, 1), 5, undefined, 3, idx, sc, 0);
    expect(Array.from(idx)).toEqual([1, 3, 2]);
    expect(Array.from(sc)).toEqual([3, 3, 2]);
  });

  it('skips the seen targets of the query row and pads short lists with −1 / NaN', () => {
    const idx = new Int32Array(4);
    const sc = new Float32Array(4);
    const seen = { indptr: Int32Array.of(0, 2), indices: Int32Array.of(1, 3) };
    rerank(Q, 0, Y, 2, Int32Array.of(0, 1, 2, 3), 4, seen, 4, idx, sc, 0);
    expect(Array.from(idx)).toEqual([2, 0, -1, -1]);
    expect(Number.isNaN(sc[2])).toBe(true);
  });

  it('skips seen targets listed in any order, as SeenRows allows (unsorted, repeated)', () => {
    const idx = new Int32Array(2);
    const sc = new Float32Array(2);
    const seen = { indptr: Int32Array.of(0, 3), indices: Int32Array.of(3, 1, 1) }; // a binary search would miss 3
    rerank(Q, 0, Y, 2, Int32Array.of(0, 1, 2, 3), 4, seen, 2, idx, sc, 0);
    expect(Array.from(idx)).toEqual([2, 0]);
  });
});
