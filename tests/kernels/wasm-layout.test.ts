import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { costBounds, evenBounds, gramChunkCount } from '../../src/kernels/wasm/chunk-bounds.js';
import { csrIndptr, csrScatter } from '../../src/kernels/wasm/csr-into-memory.js';
import { readPadded, writePadded } from '../../src/kernels/wasm/padded-rows.js';
import { MemoryLayout } from '../../src/kernels/wasm/kernel-memory.js';
import { paddedRank } from '../../src/kernels/wasm/kernel-exports.js';
import { buildCSR } from '../../src/data/csr.js';

// The plain-TypeScript helpers that lay a fit out in WASM memory.

describe('costBounds', () => {
  it('splits rows into consecutive chunks covering them all, each but the last reaching the target work', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 1, maxLength: 400 }), fc.integer({ min: 1, max: 5000 }), (lengths, perRow) => {
        const indptr = Int32Array.from([0, ...lengths]);
        for (let r = 1; r < indptr.length; r++) indptr[r]! += indptr[r - 1]!;
        const n = lengths.length;
        const b = costBounds(indptr, n, 100, perRow);
        expect(b[0]).toBe(0);
        expect(b[b.length - 1]).toBe(n);
        for (let c = 0; c + 1 < b.length; c++) {
          expect(b[c + 1]!).toBeGreaterThan(b[c]!);
          if (c + 2 < b.length) {
            let work = 0;
            for (let r = b[c]!; r < b[c + 1]!; r++) work += 100 * lengths[r]! + perRow;
            expect(work).toBeGreaterThanOrEqual(1e6); // CHUNK_WORK, the floor of the target
          }
        }
      }),
    );
  });
});

describe('evenBounds and gramChunkCount', () => {
  it('cut n rows into near-equal runs whose number depends on n only (at most 64, at least 512 rows each)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200000 }), (n) => {
        const chunks = gramChunkCount(n);
        expect(chunks).toBeGreaterThanOrEqual(1);
        expect(chunks).toBeLessThanOrEqual(64);
        if (chunks > 1) expect(n / chunks).toBeGreaterThanOrEqual(256);
        const b = evenBounds(n, chunks);
        expect(b[0]).toBe(0);
        expect(b[chunks]).toBe(n);
        for (let c = 0; c < chunks; c++) expect(b[c + 1]! - b[c]!).toBeLessThanOrEqual(Math.ceil(n / chunks));
      }),
    );
  });
});

describe('csrIndptr + csrScatter', () => {
  it('build the same CSR as data/csr.ts, entries in input order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(30), fc.nat(40), fc.float({ noNaN: true })), { maxLength: 300 }), (rows) => {
        const r = Int32Array.from(rows, (t) => t[0]);
        const c = Int32Array.from(rows, (t) => t[1]);
        const v = Float32Array.from(rows, (t) => t[2]);
        const ref = buildCSR(r, c, v, 31, 41);
        const indptr = csrIndptr(r, 31);
        const indices = new Int32Array(rows.length);
        const values = new Float32Array(rows.length);
        csrScatter(r, c, v, indptr, indices, values);
        expect(Array.from(indptr)).toEqual(Array.from(ref.indptr));
        expect(Array.from(indices)).toEqual(Array.from(ref.indices));
        expect(Array.from(values)).toEqual(Array.from(ref.values));
      }),
    );
  });
});

describe('writePadded / readPadded', () => {
  it('pad rows of k to kp = k rounded up to 4 with zeros, and read them back unchanged', () => {
    // k = 3 → kp = 4: [1 2 3 | 4 5 6] is stored as [1 2 3 0 | 4 5 6 0] after 2 leading slots.
    expect(paddedRank(3)).toBe(4);
    expect(paddedRank(8)).toBe(8);
    const mem = new Float32Array(12).fill(9);
    writePadded(mem, 2, Float32Array.of(1, 2, 3, 4, 5, 6), 2, 3, 4);
    expect(Array.from(mem)).toEqual([9, 9, 1, 2, 3, 0, 4, 5, 6, 0, 9, 9]);
    expect(Array.from(readPadded(mem, 2, 2, 3, 4))).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('MemoryLayout', () => {
  it('hands out 64-byte aligned, disjoint blocks after the first 64 KiB', () => {
    const layout = new MemoryLayout();
    const a = layout.alloc(10);
    const b = layout.alloc(100);
    const c = layout.alloc(0);
    expect(a).toBe(65536);
    expect(b % 64).toBe(0);
    expect(b).toBeGreaterThanOrEqual(a + 10);
    expect(c).toBeGreaterThanOrEqual(b + 100);
    expect(layout.bytes).toBeGreaterThanOrEqual(c);
  });
});
