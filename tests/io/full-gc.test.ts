import { describe, expect, it } from 'vitest';
import { useFullGcOnRelease } from '../../src/io/full-gc.js';
import { releaseBuffers } from '../../src/data/release-buffers.js';

const arrayBufferMB = () => process.memoryUsage().arrayBuffers / 2 ** 20;

describe('useFullGcOnRelease', () => {
  it('makes releaseBuffers hand the bytes back before it returns (a 160 MB buffer, inside a synchronous stretch)', () => {
    useFullGcOnRelease();
    useFullGcOnRelease(); // idempotent
    const big = new Uint8Array(160 << 20).fill(1);
    const before = arrayBufferMB();
    releaseBuffers([big.buffer]);
    // this isolate's array-buffer bytes fall by the buffer's size at once, with no turn of the
    // event loop in between (the provoked scavenge alone left such a buffer alive: release-buffers.ts)
    expect(before - arrayBufferMB()).toBeGreaterThan(150);
    expect(big.length).toBe(0);
  });
});
