import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rankingMetrics } from '../../src/eval/ranking-metrics.js';
import { rankedCase } from './fixtures.js';

const gain = (rank: number): number => 1 / Math.log2(1 + rank);
const idcg = (n: number): number => Array.from({ length: n }, (_, r) => gain(r + 1)).reduce((a, b) => a + b, 0);

describe('rankingMetrics', () => {
  it("reproduces Microsoft recommenders' published values on its own ranking fixture", () => {
    // recommenders' rating_true / rating_pred fixtures (conftest.py), each user's predictions
    // sorted by score; k = 10.
    //   user 1: [3, 10, 12]                        G = {1, 2, 3}           hits at rank 1
    //   user 2: [10, 3, 5, 11, 13]                 G = {1, 4, 5, 6, 7}     hit at rank 3
    //   user 3: [4, 10, 7, 13, 1, 3, 5, 2, 11, 14] G = {2, 5, 6, 8, …, 14} hits at 2, 4, 7, 8, 9, 10
    // precision = (1 + 1 + 6)/10/3 = 0.26667; recall = (1/3 + 1/5 + 6/10)/3 = 0.37778
    // map: user 1 (1/1)/3, user 2 (1/3)/5, user 3 (1/2 + 2/4 + 3/7 + 4/8 + 5/9 + 6/10)/10 → 0.23613;
    //   every |G| ≤ 10, so map@k is the same. ndcg: user 1 1/IDCG(3), user 2 (1/log₂4)/IDCG(5),
    //   user 3 (g2 + g4 + g7 + g8 + g9 + g10)/IDCG(10) → 0.38172.
    const recommended = new Map<number, number[]>([
      [1, [3, 10, 12]],
      [2, [10, 3, 5, 11, 13]],
      [3, [4, 10, 7, 13, 1, 3, 5, 2, 11, 14]],
    ]);
    const relevant = new Map<number, Set<number>>([
      [1, new Set([3, 1, 2])],
      [2, new Set([1, 4, 5, 6, 7])],
      [3, new Set([2, 5, 6, 8, 9, 10, 11, 12, 13, 14])],
    ]);
    const m = rankingMetrics(recommended, relevant, 10);
    const ap3 = (1 / 2 + 2 / 4 + 3 / 7 + 4 / 8 + 5 / 9 + 6 / 10) / 10;
    const map = (1 / 3 + 1 / 3 / 5 + ap3) / 3;
    const ndcg3 = (gain(2) + gain(4) + gain(7) + gain(8) + gain(9) + gain(10)) / idcg(10);
    const ndcg = (1 / idcg(3) + gain(3) / idcg(5) + ndcg3) / 3;
    expect(m.users).toBe(3);
    expect(m.k).toBe(10);
    expect(m.precisionAtK).toBeCloseTo(8 / 30, 12);
    expect(m.recallAtK).toBeCloseTo((1 / 3 + 1 / 5 + 6 / 10) / 3, 12);
    expect(m.map).toBeCloseTo(map, 12);
    expect(m.mapAtK).toBeCloseTo(map, 12);
    expect(m.ndcgAtK).toBeCloseTo(ndcg, 12);
    // The values published in recommenders' test_python_evaluation.py (tolerance 1e-4 there).
    expect(m.precisionAtK).toBeCloseTo(0.26666, 4);
    expect(m.recallAtK).toBeCloseTo(0.37777, 4);
    expect(m.map).toBeCloseTo(0.23613, 4);
    expect(m.ndcgAtK).toBeCloseTo(0.38172, 4);
  });

  it('averages over users in both maps, counting a user without hits as 0', () => {
    // user 0: [1, 2] vs {1}: precision 1/2, recall 1, ndcg 1, map 1.
    // user 1: [3] vs {4}: all 0, still counted.  user 2: no test set.  user 3: no list.
    const m = rankingMetrics(
      new Map([
        [0, [1, 2]],
        [1, [3]],
        [2, [5]],
      ]),
      new Map([
        [0, new Set([1])],
        [1, new Set([4])],
        [3, new Set([6])],
      ]),
      2,
    );
    expect(m).toEqual({ precisionAtK: 0.25, recallAtK: 0.5, ndcgAtK: 0.5, map: 0.5, mapAtK: 0.5, k: 2, users: 2 });
  });

  it('skips users with an empty list or an empty relevant set, whom recommenders never sees', () => {
    const m = rankingMetrics(
      new Map([
        [0, [1]],
        [1, []],
        [2, [7]],
      ]),
      new Map([
        [0, new Set([1])],
        [1, new Set([2])],
        [2, new Set<number>()],
      ]),
      1,
    );
    expect(m.users).toBe(1);
    expect(m.precisionAtK).toBe(1);
  });

  it('returns NaN (JSON null), not 0, over zero users: no user, no mean', () => {
    const m = rankingMetrics(new Map([[1, Int32Array.of(3)]]), new Map([[2, new Set([3])]]), 5);
    expect(m).toEqual({ precisionAtK: NaN, recallAtK: NaN, ndcgAtK: NaN, map: NaN, mapAtK: NaN, k: 5, users: 0 });
    expect(JSON.parse(JSON.stringify(m)).precisionAtK).toBeNull();
  });

  it('rejects a k that is not a positive integer', () => {
    expect(() => rankingMetrics(new Map(), new Map(), 0)).toThrow(
      /rankingMetrics: k must be a positive integer, got 0/,
    );
  });

  it('keeps every metric in [0, 1] and mapAtK ≥ map', () => {
    fc.assert(
      fc.property(fc.array(rankedCase, { maxLength: 6 }), fc.integer({ min: 1, max: 20 }), (cases, k) => {
        const m = rankingMetrics(
          new Map(cases.map((c, u) => [u, c.ranked])),
          new Map(cases.map((c, u) => [u, c.relevant])),
          k,
        );
        if (m.users === 0) return; // no user to average over: NaN, tested above
        for (const v of [m.precisionAtK, m.recallAtK, m.ndcgAtK, m.map, m.mapAtK]) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1 + 1e-12);
        }
        expect(m.mapAtK).toBeGreaterThanOrEqual(m.map);
      }),
    );
  });
});
