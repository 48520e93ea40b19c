import type { Command } from 'commander';
import type { ALSModel } from '../als/als-model.js';
import type { Recommendations } from '../als/recommendations.js';
import type { Interactions } from '../data/interactions.js';
import { FoldInRanker } from '../fallback/cf-ranker.js';
import { ContentRanker } from '../fallback/content.js';
import { HybridRanker } from '../fallback/hybrid.js';
import type { ItemFeatures } from '../fallback/item-features.js';
import { PopularityRanker } from '../fallback/popularity.js';
import { recommendWith, type Ranker } from '../fallback/ranker.js';
import { ridgeItemFactors } from '../fallback/ridge-item-factors.js';
import { readItemFeatures } from '../io/read-item-features.js';
import { UsageError } from './cli-io.js';
import { choiceFlag, floatFlag } from './parse-flags.js';

/** Flags for recommending to users the model does not know. */
export interface FallbackFlags {
  foldIn?: string;
  fallback?: 'popularity' | 'hybrid';
  itemFeatures?: string;
  shrinkage: number;
}

export function addFallbackFlags(cmd: Command): Command {
  return cmd
    .option('--fold-in <file>', 'recommend for the users in FILE from their rows there (new or returning users), without retraining')
    .option(
      '--fallback <kind>',
      'for users the model cannot place: popularity (fold-in when any item is known, else the most popular items) or hybrid (fold-in blended with content or popularity by n/(n + n₀))',
      choiceFlag(['popularity', 'hybrid'] as const),
    )
    .option('--item-features <file>', 'item features (u.item or CSV): the hybrid blends with content, and new items get ridge-regressed factors')
    .option('--shrinkage <n0>', 'n₀ of the hybrid weight n/(n + n₀)', floatFlag(0), 5);
}

/**
 * The model with ridge-regressed factors for feature-only items (when features are given), and the
 * ranker the flags ask for: plain fold-in, fold-in falling back to popularity at n = 0 (a hybrid
 * with n₀ = 0: w = 1 as soon as one item is known), or the hybrid.
 */
export async function fallbackSetup(model: ALSModel, f: FallbackFlags): Promise<{ model: ALSModel; ranker: Ranker | null; features?: ItemFeatures }> {
  const features = f.itemFeatures ? await readItemFeatures(f.itemFeatures) : undefined;
  let m = model;
  if (features) {
    const extra = ridgeItemFactors(model, features);
    if (extra.ids.size > 0) m = model.withItems(extra);
  }
  if (!f.fallback) return { model: m, ranker: null, features };
  if (!m.itemCounts && (f.fallback === 'popularity' || !features)) {
    throw new UsageError('recommend: this model has no item popularity (a Spark-trained model); use --fallback hybrid --item-features FILE, or retrain with alsrec');
  }
  const popularity = m.itemCounts ? PopularityRanker.fromCounts(m.itemIds, m.itemCounts) : null;
  const foldIn = new FoldInRanker(m);
  const ranker =
    f.fallback === 'popularity'
      ? new HybridRanker(foldIn, popularity!, { shrinkage: 0 })
      : new HybridRanker(foldIn, features ? new ContentRanker(features, { itemIds: m.itemIds }) : popularity!, { shrinkage: f.shrinkage });
  return { model: m, ranker, features };
}

/** Top-k lists for the users of `histories` (fold-in, or the fallback ranker). */
export function recommendForHistories(model: ALSModel, ranker: Ranker | null, histories: Interactions, k: number, exclude: Interactions | undefined): Recommendations {
  if (!ranker) return model.recommendFor(histories, k, { exclude: exclude ?? 'input' });
  return recommendWith(ranker, histories, k, { exclude: exclude ?? 'input', userCol: model.options.userCol, itemCol: model.options.itemCol });
}

/** The k most popular items (model.itemCounts), for ids the model has never seen. */
export function popularList(model: ALSModel, k: number): { item: number; score: number }[] {
  const counts = model.itemCounts;
  if (!counts) throw new UsageError('recommend: this model has no item popularity (a Spark-trained model); --fallback popularity needs a model trained by alsrec');
  return Array.from(counts, (score, item) => ({ item, score }))
    .sort((a, b) => b.score - a.score || a.item - b.item)
    .slice(0, k);
}
