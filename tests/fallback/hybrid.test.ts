import { describe, expect, it } from 'vitest';
import { IdMap } from '../../src/data/id-map.js';
import { fromRows, type Interactions } from '../../src/data/interactions.js';
import { HybridRanker } from '../../src/fallback/hybrid.js';
import { historyUsers, type Ranker } from '../../src/fallback/ranker.js';

const items = IdMap.from(['a', 'b', 'c']);
/** A ranker with fixed scores and a usable-interaction count equal to the history length. */
function fixed(name: string, row: number[]): Ranker {
  return {
    name,
    itemIds: items,
    scoreUsers(h: Interactions) {
      const { users, rowOf } = historyUsers(h);
      const scores = new Float32Array(users.size * 3);
      const counts = new Float64Array(users.size);
      for (let u = 0; u < users.size; u++) scores.set(row, u * 3);
      for (const u of h.users) counts[rowOf[u]!]!++;
      return { users, scores, counts };
    },
  };
}

describe('HybridRanker', () => {
  // z-scores of (0, 1, 2) are (−1.2247, 0, 1.2247); of (2, 1, 0) the reverse.
  const cf = fixed('fold-in', [0, 1, 2]);
  const fb = fixed('popularity', [2, 1, 0]);
  const z = 1.224744871391589;

  it('blends z-scores with w = n/(n + n₀): n = 1, n₀ = 3 → w = 1/4', () => {
    const h = new HybridRanker(cf, fb, { shrinkage: 3 });
    expect(h.name).toBe('hybrid(fold-in, popularity)');
    const s = h.scoreUsers(fromRows([{ user: 1, item: 'a', rating: 1 }]));
    // a: ¼·(−z) + ¾·z = z/2;  c: −z/2
    expect(s.scores[0]).toBeCloseTo(z / 2, 5);
    expect(s.scores[1]).toBeCloseTo(0, 6);
    expect(s.scores[2]).toBeCloseTo(-z / 2, 5);
  });

  it('is the fallback alone at n = 0 and leans to CF as n grows', () => {
    const h = new HybridRanker(cf, fb);
    expect(h.weight(0)).toBe(0);
    expect(h.weight(5)).toBe(0.5);
    expect(h.weight(45)).toBe(0.9);
  });

  it('refuses rankers over different catalogues', () => {
    const other: Ranker = { ...fb, itemIds: IdMap.from(['a', 'b']) };
    expect(() => new HybridRanker(cf, other)).toThrow(/score different catalogues \(3 vs 2 items\)/);
  });
});
