import type { Interactions } from '../data/interactions.js';

/**
 * Frees the row arrays of `data` now, even though the caller still holds `data`: each array's
 * buffer is transferred away (structuredClone with `transfer`, a web standard), which leaves the
 * caller's views empty and hands the bytes to a clone nobody keeps. Shared buffers cannot be
 * transferred and are left as they are. Used by `fit` with `consumeData` (als/warm-start.ts).
 */
export function consumeRows(data: Interactions): void {
  const buffers = new Set<ArrayBuffer>();
  for (const column of [data.users, data.items, data.ratings, data.timestamps, data.sourceLines]) {
    if (column && column.buffer instanceof ArrayBuffer && column.buffer.byteLength > 0) buffers.add(column.buffer);
  }
  for (const b of buffers) structuredClone(b, { transfer: [b] });
}
