import { InteractionsBuilder, type Interactions } from '../data/interactions.js';
import type { ResolvedWeights } from '../events/event-weights.js';
import type { ModelSlot } from './model-slot.js';
import type { StoredEvent } from './wire.js';

/**
 * One user's history as the library's fold-in takes it: their training rows (rating as trained)
 * plus their stored events turned into ratings by the weights file of `alsrec events`
 * (r = Σ weight(type) × value when the weight says so), summed per item. Event types the weights
 * do not know are stored but count nothing here. `data` holds one user, with the model's item ids.
 */
export function userHistory(user: string, slot: ModelSlot, events: readonly StoredEvent[], weights: ResolvedWeights): Interactions | null {
  const b = new InteractionsBuilder();
  const u = slot.userRowOf(user);
  const ids = slot.model.itemIds;
  const train = slot.trainRows(u);
  for (let j = 0; j < train.items.length; j++) b.add(user, ids.toExternal(train.items[j]!), train.ratings[j]!);
  for (const e of events) {
    const c = weights.code.get(e.type);
    if (c === undefined) continue;
    const w = weights.weight[c]! * (weights.timesValue[c] ? e.value : 1);
    const i = slot.itemRowOf(e.item);
    b.add(user, i >= 0 ? ids.toExternal(i) : e.item, w);
  }
  return b.length === 0 ? null : b.build('sum');
}
