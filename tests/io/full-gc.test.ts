import { describe, expect, it } from 'vitest';
import { useFullGcOnRelease } from '../../src/io/full-gc.js';
import { releaseBuffers } from '../../src/data/release-buffers.js';

const arrayBufferMB = () => process.memoryUsage().arrayBuffers / 2 ** 20;

describe('useFullGcOnRelease', () => {
  it('makes releaseBuffers hand the bytes back (a 160 MB buffer, with nothing else allocated meanwhile)', async () => {
    useFullGcOnRelease();
    useFullGcOnRelease(); // idempotent
    const big = new Uint8Array(160 << 20).fill(1);
    const before = arrayBufferMB();
    releaseBuffers([big.buffer]);
    // this isolate's array-buffer bytes fall by the buffer's size (the provoked scavenge alone left
    // such a buffer alive: release-buffers.ts). The full collection is synchronous, but V8 may sweep
    // the buffer's backing store on a background thread: wait up to 2 s for it, allocating nothing,
    // so no other collection can be what frees it.
    const deadline = Date.now() + 2000;
    while (before - arrayBufferMB() <= 150 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(before - arrayBufferMB()).toBeGreaterThan(150);
    expect(big.length).toBe(0);
  });
});
