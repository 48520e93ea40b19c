import type { Interactions } from '../data/interactions.js';
import { ContentRanker } from '../fallback/content.js';
import { FoldInRanker } from '../fallback/cf-ranker.js';
import { HybridRanker } from '../fallback/hybrid.js';
import type { ItemFeatures } from '../fallback/item-features.js';
import { recommendWith, type Ranker } from '../fallback/ranker.js';
import type { ModelSlot, RankedRows } from './model-slot.js';

/**
 * Hybrid lists for users a model does not know: fold-in blended with item content, one ranker per
 * model (built on first use, dropped with the slot).
 */
export class HybridRankers {
  private bySlot = new WeakMap<ModelSlot, Ranker>();

  /** The hybrid ranker of `slot`'s model over `features`, or null when no item features are loaded. */
  of(slot: ModelSlot, features: ItemFeatures | null): Ranker | null {
    if (!features) return null;
    let r = this.bySlot.get(slot);
    if (!r) {
      r = new HybridRanker(new FoldInRanker(slot.model), new ContentRanker(features, { itemIds: slot.model.itemIds }));
      this.bySlot.set(slot, r);
    }
    return r;
  }
}

/** The top `k` rows `ranker` gives the one user of `history`, the rows in `seen` left out. */
export function rankWith(ranker: Ranker, history: Interactions, k: number, seen: number[]): RankedRows {
  const recs = recommendWith(ranker, history, k + seen.length, { exclude: 'none' });
  const drop = new Set(seen);
  const list = recs.list(0);
  const rows: number[] = [];
  const scores: number[] = [];
  for (let j = 0; j < list.length && rows.length < k; j++) {
    if (drop.has(list[j]!)) continue;
    rows.push(list[j]!);
    scores.push(recs.scores[j]!);
  }
  return { rows: Int32Array.from(rows), scores: Float32Array.from(scores) };
}
