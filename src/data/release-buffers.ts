/**
 * Frees array buffers now, even while something still references them: each buffer is transferred
 * away (structuredClone with `transfer`, a web standard), which leaves every view of it empty and
 * hands the bytes to a clone nobody keeps; then a young-generation collection is provoked so the
 * clone — and with it the bytes — goes at once. Without that the bytes stay resident until the
 * engine happens to collect, and the big loops that typically follow (building a CSR, copying
 * columns) allocate nothing that would start a collection (measured on the 25M file: the rows then
 * stay resident through the whole CSR build). Shared buffers cannot be transferred and are skipped,
 * and so are buffers under `minBytes` (default 1 MiB): small ones are the collector's business, and
 * the provoked collection (a few ms) only runs when at least 64 MiB were let go.
 *
 * The provoked young-generation collection is not always enough: measured on Node 20, a
 * transferred 100 MB buffer survived a scavenge and stayed resident until a full collection or an
 * idle event loop (neither happens inside a synchronous CSR build). So a host that can run a full
 * collection registers it (`setFullCollector`; the Node side does, io/full-gc.ts), and it runs
 * instead (~5–10 ms on a fit's small JavaScript heap: the big arrays are outside it).
 */
export function releaseBuffers(buffers: Iterable<ArrayBufferLike>, minBytes = 1 << 20): void {
  let freed = 0;
  for (const b of new Set(buffers)) {
    if (!(b instanceof ArrayBuffer) || b.byteLength === 0 || b.byteLength < minBytes) continue;
    freed += b.byteLength;
    structuredClone(b, { transfer: [b] });
  }
  if (freed >= 64 << 20) (fullCollector ?? provokeMinorGc)();
}

let fullCollector: (() => void) | null = null;

/**
 * Runs the host's full collection now, if one is registered (else nothing): for a caller about to
 * raise its peak memory that knows garbage is lying around (a fit with consumeData, before it
 * builds its CSRs: a file reader's leftovers, ~100 MB after reading the 25M file).
 */
export function collectGarbage(): void {
  fullCollector?.();
}

/** Registers the host's full garbage collection for releaseBuffers (null: back to the provoked scavenge). */
export function setFullCollector(collect: (() => void) | null): void {
  fullCollector = collect;
}

/** A few MiB of short-lived objects: V8's new space is 16–32 MiB, so its next scavenge runs now. */
function provokeMinorGc(): void {
  let keep: unknown = null;
  for (let i = 0; i < 1 << 17; i++) keep = [i, i, i, i, i, i, i, i, i, i, i, i, i, i, i, i];
  void keep;
}
