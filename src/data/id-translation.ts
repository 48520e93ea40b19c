import type { IdMap } from './id-map.js';

/**
 * For every dense index of `from`, the dense index of the same external id in `to`, or −1 when
 * `to` does not know it. Lets a test set indexed by its reader's id maps address the rows of a
 * model's factor matrices without going through external ids per row.
 */
export function translateIds(from: IdMap, to: IdMap): Int32Array {
  const out = new Int32Array(from.size);
  if (from === to) {
    for (let i = 0; i < out.length; i++) out[i] = i;
    return out;
  }
  for (let i = 0; i < out.length; i++) out[i] = to.toIndex(from.toExternal(i));
  return out;
}
