import { describe, expect, it } from 'vitest';
import { dropRows } from '../../src/serve/excluded-rows.js';

const list = { rows: Int32Array.of(4, 2, 7, 1), scores: Float32Array.of(0.9, 0.8, 0.5, 0.1) };

describe('dropRows', () => {
  it('takes the first k rows when nothing is dropped, and null when the list is shorter than k', () => {
    expect(dropRows(list, new Set(), 2)).toEqual({ rows: Int32Array.of(4, 2), scores: Float32Array.of(0.9, 0.8) });
    expect(dropRows(list, new Set(), 5)).toBeNull();
  });

  it('skips dropped rows keeping each score with its row, and gives null when fewer than k remain', () => {
    // dropping 2 leaves 4 7 1: the first two are 4 (0.9) and 7 (0.5)
    expect(dropRows(list, new Set([2]), 2)).toEqual({ rows: Int32Array.of(4, 7), scores: Float32Array.of(0.9, 0.5) });
    expect(dropRows(list, new Set([2, 7]), 3)).toBeNull();
  });
});
