/**
 * Frees array buffers now, even while something still references them: each buffer is transferred
 * away (structuredClone with `transfer`, a web standard), which leaves every view of it empty and
 * hands the bytes to a clone nobody keeps; then a young-generation collection is provoked so the
 * clone — and with it the bytes — goes at once. Without that the bytes stay resident until the
 * engine happens to collect, and the big loops that typically follow (building a CSR, copying
 * columns) allocate nothing that would start a collection (measured on the 25M file: the rows then
 * stay resident through the whole CSR build). Shared buffers cannot be transferred and are skipped.
 */
export function releaseBuffers(buffers: Iterable<ArrayBufferLike>): void {
  let freed = 0;
  for (const b of new Set(buffers)) {
    if (!(b instanceof ArrayBuffer) || b.byteLength === 0) continue;
    structuredClone(b, { transfer: [b] });
    freed++;
  }
  if (freed > 0) provokeMinorGc();
}

/** A few MiB of short-lived objects: V8's new space is 16–32 MiB, so its next scavenge runs now. */
function provokeMinorGc(): void {
  let keep: unknown = null;
  for (let i = 0; i < 1 << 17; i++) keep = [i, i, i, i, i, i, i, i, i, i, i, i, i, i, i, i];
  void keep;
}
