import type { Interactions } from '../data/interactions.js';
import { releaseBuffers } from '../data/release-buffers.js';

/**
 * Frees the row arrays of `data` now, even though the caller still holds `data` (its arrays are
 * left empty; data/release-buffers.ts): the columns named, and the timestamps and source lines (which
 * the fit never reads) with whatever columns go first. Used by `fit` with `consumeData` (als/warm-start.ts).
 */
export function consumeRows(data: Interactions, columns: readonly ('users' | 'items' | 'ratings')[] = ['users', 'items', 'ratings']): void {
  const arrays: ArrayBufferView[] = columns.map((c) => data[c]);
  // The columns the fit never reads go with the first call (the CSR build has not started yet).
  arrays.push(...[data.timestamps, data.sourceLines].filter((a) => a !== undefined).map((a) => a!));
  releaseBuffers(arrays.map((a) => a.buffer), 0);
}
