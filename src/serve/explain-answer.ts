import type { ResolvedWeights } from '../events/event-weights.js';
import type { ModelSlot } from './model-slot.js';
import type { ExplainResponse } from './recommender-options.js';
import { ServeError } from './serve-error.js';
import { userHistory } from './user-history.js';
import { wireText, type StoredEvent } from './wire.js';

/**
 * Why `item` scores for `user` under the slot's model: the score split over the user's history
 * (training rows + the given events, weighted), by the library's explain (als/explain.ts);
 * contributions sum to the score. Unknown item or no history: a ServeError saying what to do.
 */
export function explainAnswer(slot: ModelSlot, user: string, item: string, events: readonly StoredEvent[], weights: ResolvedWeights): ExplainResponse {
  const i = slot.itemRowOf(item);
  if (i < 0) throw new ServeError('unknown_item', `item ${JSON.stringify(item)} is not in model ${slot.version}; explain an item the model was trained on`);
  const history = userHistory(user, slot, events, weights);
  if (!history) {
    throw new ServeError('unknown_user', `user ${JSON.stringify(user)} has no history to explain from (no training rows${slot.hasTraining ? '' : ': start the service with --train-data'} and no events)`);
  }
  let e;
  try {
    e = slot.model.explain(user, slot.model.itemIds.toExternal(i), history);
  } catch (err) {
    throw new ServeError('unknown_user', (err as Error).message);
  }
  return {
    user,
    item,
    modelVersion: slot.version,
    score: e.score,
    contributions: e.contributions.map((c) => ({ item: wireText(c.item), rating: c.rating, contribution: c.contribution })),
  };
}
