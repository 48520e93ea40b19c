import type { IdMap } from '../data/id-map.js';
import type { Interactions } from '../data/interactions.js';
import { translateIds } from '../data/id-translation.js';
import type { ItemFeatures } from './item-features.js';
import { historyUsers, type Ranker, type UserScores } from './ranker.js';

/**
 * Item–item content similarity: with f̂_i the unit-length feature row of item i (cosine
 * similarity), a user with history {(j, w_j)} scores
 *
 *   score(i) = Σ_j w_j · f̂_iᵀ f̂_j / Σ_j |w_j|  =  f̂_iᵀ p_u / Σ_j |w_j|,   p_u = Σ_j w_j f̂_j
 *
 * (the weighted mean cosine to the history, computed through the profile p_u in O(items · dim)).
 * w_j is the rating (a negative value pushes similar items down). Items without features score 0.
 */
export class ContentRanker implements Ranker {
  readonly name = 'content';
  readonly itemIds: IdMap;
  private readonly unit: Float32Array;
  private readonly dim: number;
  /** catalogue item → row of the feature matrix, −1 without features. */
  private readonly featureRow: Int32Array;

  constructor(features: ItemFeatures, opts: { itemIds?: IdMap } = {}) {
    this.itemIds = opts.itemIds ?? features.ids;
    this.dim = features.dim;
    this.unit = new Float32Array(features.values.length);
    const d = features.dim;
    for (let r = 0; r < features.ids.size; r++) {
      let norm = 0;
      for (let c = 0; c < d; c++) norm += features.values[r * d + c]! ** 2;
      norm = Math.sqrt(norm);
      if (norm > 0) for (let c = 0; c < d; c++) this.unit[r * d + c] = features.values[r * d + c]! / norm;
    }
    this.featureRow = translateIds(this.itemIds, features.ids);
  }

  scoreUsers(histories: Interactions): UserScores {
    const { users, rowOf } = historyUsers(histories);
    const d = this.dim;
    const n = this.itemIds.size;
    const profile = new Float64Array(users.size * d);
    const weight = new Float64Array(users.size);
    const counts = new Float64Array(users.size);
    const toCatalogue = translateIds(histories.itemIds, this.itemIds);
    for (let r = 0; r < histories.users.length; r++) {
      const u = rowOf[histories.users[r]!]!;
      const i = toCatalogue[histories.items[r]!]!;
      const f = i < 0 ? -1 : this.featureRow[i]!;
      if (f < 0) continue;
      const w = histories.ratings[r]!;
      for (let c = 0; c < d; c++) profile[u * d + c]! += w * this.unit[f * d + c]!;
      weight[u]! += Math.abs(w);
      counts[u]!++;
    }
    const scores = new Float32Array(users.size * n);
    for (let u = 0; u < users.size; u++) {
      if (weight[u] === 0) continue;
      for (let i = 0; i < n; i++) {
        const f = this.featureRow[i]!;
        if (f < 0) continue;
        let s = 0;
        for (let c = 0; c < d; c++) s += this.unit[f * d + c]! * profile[u * d + c]!;
        scores[u * n + i] = s / weight[u]!;
      }
    }
    return { users, scores, counts };
  }
}
