import { describe, expect, it } from 'vitest';
import { collectGarbage, releaseBuffers, setFullCollector } from '../../src/data/release-buffers.js';

describe('releaseBuffers', () => {
  it("empties every view of the buffers given (here of any size), once each even when listed twice", () => {
    const a = new Float32Array(1000);
    const view = new Uint8Array(a.buffer, 8, 16);
    const b = new Int32Array(10);
    releaseBuffers([a.buffer, a.buffer, b.buffer], 0);
    expect([a.length, view.length, b.length]).toEqual([0, 0, 0]);
  });

  it('leaves shared and already empty buffers alone', () => {
    const shared = new Int32Array(new SharedArrayBuffer(16));
    const empty = new ArrayBuffer(0);
    releaseBuffers([shared.buffer, empty]);
    expect(shared.length).toBe(4);
  });
});

describe('releaseBuffers by size', () => {
  it('leaves buffers under minBytes (default 1 MiB) to the collector', () => {
    const small = new Int32Array(1000);
    const big = new Uint8Array(2 << 20);
    releaseBuffers([small.buffer, big.buffer]);
    expect([small.length, big.length]).toEqual([1000, 0]);
  });
});

describe('releaseBuffers with a full collector', () => {
  it('runs the registered collector when at least 64 MiB were let go, and only then', () => {
    let runs = 0;
    setFullCollector(() => runs++);
    try {
      releaseBuffers([new ArrayBuffer(2 << 20)]);
      expect(runs).toBe(0);
      releaseBuffers([new ArrayBuffer(40 << 20), new ArrayBuffer(30 << 20)]);
      expect(runs).toBe(1);
      collectGarbage();
      expect(runs).toBe(2);
    } finally {
      setFullCollector(null);
    }
    collectGarbage(); // none registered: does nothing
    expect(runs).toBe(2);
  });
});
