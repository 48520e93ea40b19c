import type { Interactions } from '../data/interactions.js';
import { releaseBuffers } from '../data/release-buffers.js';

/**
 * Frees the row arrays of `data` now, even though the caller still holds `data` (its arrays are
 * left empty; data/release-buffers.ts). Used by `fit` with `consumeData` (als/warm-start.ts).
 */
export function consumeRows(data: Interactions): void {
  const columns = [data.users, data.items, data.ratings, data.timestamps, data.sourceLines];
  releaseBuffers(columns.filter((c) => c !== undefined).map((c) => c!.buffer));
}
