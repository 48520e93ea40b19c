import { describe, expect, it } from 'vitest';
import { ExactIndex } from '../../src/retrieval/exact-index.js';
import { estimateExactScan } from '../../src/retrieval/scan-estimate.js';

describe('estimateExactScan (targets an exact query scores before the norm stop)', () => {
  // rank 2; target norms 10, 5, 2, 1, 1
  const targets = Float32Array.of(10, 0, 0, 5, 2, 0, 1, 0, 0, 1);
  const exact = new ExactIndex(targets, 2, 'ip', 'item', 'x', null);

  it('counts the targets at least as long as s_K/‖q‖, averaged over the sample', () => {
    // q = (1, 0): scores 10, 0, 2, 1, 0 → s_2 = 2, norms ≥ 2: 10, 5, 2 → 3 targets
    // q = (0, 2): scores 0, 10, 0, 0, 2 → s_2 = 2, ‖q‖ = 2, norms ≥ 1: all 5
    const queries = Float32Array.of(1, 0, 0, 2);
    expect(estimateExactScan(exact, targets, queries.subarray(0, 2), 2, 2)).toBe(3);
    expect(estimateExactScan(exact, targets, queries.subarray(2), 2, 2)).toBe(5);
    expect(estimateExactScan(exact, targets, queries, 2, 2)).toBe(4);
    // k = 1 for q = (1, 0): s_1 = 10, only the norm-10 target
    expect(estimateExactScan(exact, targets, queries.subarray(0, 2), 2, 1)).toBe(1);
  });

  it('counts a full scan when no score is positive (the bound never stops the scan)', () => {
    // q = (−1, −1): every score ≤ 0
    expect(estimateExactScan(exact, targets, Float32Array.of(-1, -1), 2, 2)).toBe(5);
  });

  it('samples query rows evenly', () => {
    // 4 queries, sample 2 → rows 0 and 2: (1, 0) → 3 and (0, 2) → 5
    const queries = Float32Array.of(1, 0, -1, -1, 0, 2, -1, -1);
    expect(estimateExactScan(exact, targets, queries, 2, 2, 2)).toBe(4);
  });
});
