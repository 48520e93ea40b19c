import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { costBounds, evenBounds, gramChunkCount } from '../../src/kernels/wasm/chunk-bounds.js';
import { canonicalCsrPair, csrIndptr, csrScatter } from '../../src/kernels/wasm/csr-into-memory.js';
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

describe('canonicalCsrPair', () => {
  it('builds both CSRs of renumbered rows in any order exactly as csrScatter does from rows stably sorted by (user, item)', () => {
    // Duplicate (user, item) pairs are allowed: they must keep their input order in both CSRs.
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(12), fc.nat(9), fc.float({ noNaN: true })), { maxLength: 200 }),
        fc.func(fc.nat(1000)),
        (rows, key) => {
          // Renumbering: reader index j ↦ numberOf[j], a permutation of 0..12 (resp. 0..9).
          const perm = (n: number, salt: number) => Int32Array.from(Array.from({ length: n }, (_, j) => j).sort((a, b) => key(a * 31 + salt) - key(b * 31 + salt) || a - b));
          const userOf = perm(13, 1);
          const itemOf = perm(10, 2);
          const u = Int32Array.from(rows, (t) => t[0]);
          const i = Int32Array.from(rows, (t) => t[1]);
          const v = Float32Array.from(rows, (t) => t[2]);
          const order = rows.map((_, j) => j).sort((a, b) => userOf[u[a]!]! - userOf[u[b]!]! || itemOf[i[a]!]! - itemOf[i[b]!]! || a - b);
          const su = Int32Array.from(order, (j) => userOf[u[j]!]!);
          const si = Int32Array.from(order, (j) => itemOf[i[j]!]!);
          const sv = Float32Array.from(order, (j) => v[j]!);
          const refUser = buildCSR(su, si, sv, 13, 10);
          const refItem = buildCSR(si, su, sv, 10, 13);
          const userPtr = csrIndptr(u, 13, userOf);
          const itemPtr = csrIndptr(i, 10, itemOf);
          expect(Array.from(userPtr)).toEqual(Array.from(refUser.indptr));
          expect(Array.from(itemPtr)).toEqual(Array.from(refItem.indptr));
          const n = rows.length;
          const out = { userIndices: new Int32Array(n), userValues: new Float32Array(n), itemIndices: new Int32Array(n), itemValues: new Float32Array(n) };
          const released: string[][] = [];
          // a released column is overwritten with garbage: the results show it is never read again
          const columnsByName = { users: u, items: i, ratings: v };
          canonicalCsrPair(u, i, v, userOf, itemOf, userPtr, itemPtr, out, (columns) => {
            released.push([...columns]);
            for (const c of columns) columnsByName[c].fill(-7);
          });
          expect(released).toEqual([['ratings'], ['users', 'items']]);
          expect(Array.from(out.userIndices)).toEqual(Array.from(refUser.indices));
          expect(Array.from(out.userValues)).toEqual(Array.from(refUser.values));
          expect(Array.from(out.itemIndices)).toEqual(Array.from(refItem.indices));
          expect(Array.from(out.itemValues)).toEqual(Array.from(refItem.values));
        },
      ),
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
