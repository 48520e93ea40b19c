import type { IdMap } from '../data/id-map.js';
import type { Interactions } from '../data/interactions.js';
import { standardizeRows, type Ranker, type UserScores } from './ranker.js';

export interface HybridOptions {
  /**
   * n₀ ≥ 0 in the blend weight w = n / (n + n₀), n = the user's interactions the CF ranker could
   * use: at n = n₀ the two halves weigh the same. Default 5.
   */
  shrinkage?: number;
}

/**
 * Blends a collaborative ranker with a fallback (content or popularity) for users with few
 * interactions. Each ranker's scores are standardised per user over the catalogue (z-scores, so
 * the scales match), then
 *
 *   score(i) = w · z_cf(i) + (1 − w) · z_fallback(i),   w = n / (n + n₀)
 *
 * A user the model knows nothing about (n = 0) gets the fallback alone; as the history grows the
 * CF part takes over. Both rankers must score the same catalogue (same item ids, same order).
 */
export class HybridRanker implements Ranker {
  readonly name: string;
  readonly itemIds: IdMap;
  readonly shrinkage: number;

  constructor(
    readonly cf: Ranker,
    readonly fallback: Ranker,
    opts: HybridOptions = {},
  ) {
    this.shrinkage = opts.shrinkage ?? 5;
    if (!(this.shrinkage >= 0 && Number.isFinite(this.shrinkage))) throw new Error(`hybrid: shrinkage must be >= 0, got ${this.shrinkage}`);
    const a = cf.itemIds;
    const b = fallback.itemIds;
    if (a !== b && (a.size !== b.size || a.ids().some((id, j) => b.toExternal(j) !== id))) {
      throw new Error(`hybrid: ${cf.name} and ${fallback.name} score different catalogues (${a.size} vs ${b.size} items); build the fallback with itemIds: model.itemIds`);
    }
    this.itemIds = a;
    this.name = `hybrid(${cf.name}, ${fallback.name})`;
  }

  /** The CF weight w = n / (n + n₀) for a user with n usable interactions. */
  weight(n: number): number {
    return n === 0 ? 0 : n / (n + this.shrinkage);
  }

  scoreUsers(histories: Interactions): UserScores {
    const c = this.cf.scoreUsers(histories);
    const f = this.fallback.scoreUsers(histories);
    const n = this.itemIds.size;
    const rows = c.users.size;
    standardizeRows(c.scores, rows, n);
    standardizeRows(f.scores, rows, n);
    for (let u = 0; u < rows; u++) {
      const w = this.weight(c.counts[u]!);
      for (let i = 0; i < n; i++) c.scores[u * n + i] = w * c.scores[u * n + i]! + (1 - w) * f.scores[u * n + i]!;
    }
    return c;
  }
}
