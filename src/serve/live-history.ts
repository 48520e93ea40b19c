import type { ResolvedWeights } from '../events/event-weights.js';
import type { ModelSlot } from './model-slot.js';
import type { StoredEvent } from './wire.js';

/** A user's history as model item rows (each once) and their summed ratings, for the library's foldInRow. */
export interface LiveHistory {
  cols: Int32Array;
  values: Float32Array;
}

/**
 * The live request's form of `userHistory` (user-history.ts), with the same sums: the user's
 * training rows (rating as trained) plus their events turned into ratings by the weights
 * (r = weight(type) × value when the weight says so), summed per item — but kept as model rows
 * (items the model does not know are left out: fold-in could not use them), so that a request
 * builds no Interactions and no id maps. `u` is the user's model row, or −1 for a user the model
 * does not know (events only).
 */
export function liveHistory(slot: ModelSlot, u: number, events: readonly StoredEvent[], weights: ResolvedWeights): LiveHistory {
  const sum = new Map<number, number>();
  const train = slot.trainRows(u);
  for (let j = 0; j < train.items.length; j++) sum.set(train.items[j]!, (sum.get(train.items[j]!) ?? 0) + train.ratings[j]!);
  for (const e of events) {
    const c = weights.code.get(e.type);
    if (c === undefined) continue;
    const i = slot.itemRowOf(e.item);
    if (i < 0) continue;
    sum.set(i, (sum.get(i) ?? 0) + weights.weight[c]! * (weights.timesValue[c] ? e.value : 1));
  }
  const cols = new Int32Array(sum.size);
  const values = new Float32Array(sum.size);
  let j = 0;
  for (const [i, r] of sum) {
    cols[j] = i;
    values[j++] = r;
  }
  return { cols, values };
}
