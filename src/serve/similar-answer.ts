import type { ModelSlot } from './model-slot.js';
import type { SimilarResponse } from './recommender-options.js';
import { ServeError } from './serve-error.js';
import { wireText, type ScoredItem } from './wire.js';

/**
 * The `k` items most similar to `item` (cosine of item factors: the library's similarItems over
 * the slot's prepared cosine index); `filter` never listed. Not for biased models (the library
 * refuses them: their rows carry the biases): a ServeError 'conflict' with the fix.
 */
export async function similarAnswer(slot: ModelSlot, item: string, req: { k?: number; filter?: readonly string[] }, maxK: number): Promise<SimilarResponse> {
  if (slot.model.options.biases) {
    throw new ServeError('conflict', `similar items: model ${slot.version} is biased (its factor rows carry the biases); serve a model trained without --biases for similar items`);
  }
  const k = req.k ?? 10;
  if (!(Number.isInteger(k) && k >= 1 && k <= maxK)) throw new ServeError('bad_request', `k must be an integer in 1..${maxK}, got ${k}`);
  const i = slot.itemRowOf(item);
  if (i < 0) throw new ServeError('unknown_item', `item ${JSON.stringify(item)} is not in model ${slot.version}`);
  const ids = slot.model.itemIds;
  const exclude = (req.filter ?? []).map((x) => slot.itemRowOf(x)).filter((r) => r >= 0).map((r) => ids.toExternal(r));
  const recs = slot.model.similarItems([ids.toExternal(i)], k, { exclude, index: await slot.similarIndex() });
  const list = recs.list(0);
  const items: ScoredItem[] = [];
  for (let j = 0; j < list.length; j++) items.push({ item: wireText(ids.toExternal(list[j]!)), score: recs.scores[j]! });
  return { item, source: 'similar-items', modelVersion: slot.version, items };
}
