import type { IdMap } from '../data/id-map.js';
import type { Interactions } from '../data/interactions.js';
import type { ALSModel } from '../als/als-model.js';
import { foldIn } from '../als/fold-in.js';
import type { Ranker, UserScores } from './ranker.js';

/**
 * Collaborative filtering as a Ranker: each user's factor is folded in from the history
 * (als/fold-in.ts) and every model item scored by x_uᵀ y_i. A user with no item the model knows
 * scores 0 everywhere (count 0): blend it with a fallback (HybridRanker).
 */
export class FoldInRanker implements Ranker {
  readonly name = 'fold-in';
  readonly itemIds: IdMap;

  constructor(readonly model: ALSModel) {
    this.itemIds = model.itemIds;
  }

  scoreUsers(histories: Interactions): UserScores {
    const folded = foldIn(this.model, histories, 'user');
    const k = this.model.rank;
    const n = this.itemIds.size;
    const Y = this.model.itemFactors;
    const X = folded.factors;
    const scores = new Float32Array(folded.ids.size * n);
    for (let u = 0; u < folded.ids.size; u++) {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let a = 0; a < k; a++) s += X[u * k + a]! * Y[i * k + a]!;
        scores[u * n + i] = s;
      }
    }
    return { users: folded.ids, scores, counts: folded.counts };
  }
}
