import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compactIndices, compactValues, hostCsrPair, largestChunk, loadWindow, shiftedPointer, valuesLike, windowPlan } from '../../src/kernels/wasm/csr-window.js';

/** indptr of rows with these entry counts. */
const indptrOf = (counts: number[]): Int32Array => {
  const p = new Int32Array(counts.length + 1);
  counts.forEach((c, r) => (p[r + 1] = p[r]! + c));
  return p;
};

describe('windowPlan', () => {
  it('groups consecutive chunks while their entries fit, a chunk never split', () => {
    // rows of 3, 1, 4, 1, 5 entries; chunks {0,1} = 4, {2} = 4, {3,4} = 6 entries
    const indptr = indptrOf([3, 1, 4, 1, 5]);
    const bounds = Int32Array.of(0, 2, 3, 5);
    expect(largestChunk(indptr, bounds)).toBe(6);
    // capacity 8: chunks 0 and 1 (8 entries) fit together, chunk 2 alone
    expect(windowPlan(indptr, bounds, 8)).toEqual([
      { c0: 0, c1: 2, e0: 0, e1: 8 },
      { c0: 2, c1: 3, e0: 8, e1: 14 },
    ]);
    expect(windowPlan(indptr, bounds, 100)).toEqual([{ c0: 0, c1: 3, e0: 0, e1: 14 }]);
    expect(() => windowPlan(indptr, bounds, 5)).toThrow(/chunk 2 holds 6 entries, over the window's 5/);
  });

  it('covers every chunk once, in order, within the capacity (any rows, chunks and capacity ≥ the largest chunk)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(20), { minLength: 1, maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        fc.nat(50),
        (counts, cuts, extra) => {
          const indptr = indptrOf(counts);
          const inner = [...new Set(cuts.map((c) => 1 + (c % counts.length)))].filter((c) => c < counts.length).sort((a, b) => a - b);
          const bounds = Int32Array.from([0, ...inner, counts.length]);
          const capacity = Math.max(1, largestChunk(indptr, bounds)) + extra;
          const plan = windowPlan(indptr, bounds, capacity);
          expect(plan[0]!.c0).toBe(0);
          expect(plan.at(-1)!.c1).toBe(bounds.length - 1);
          for (let w = 0; w < plan.length; w++) {
            const { c0, c1, e0, e1 } = plan[w]!;
            expect(c1).toBeGreaterThan(c0);
            if (w > 0) expect(c0).toBe(plan[w - 1]!.c1);
            expect([e0, e1]).toEqual([indptr[bounds[c0]!], indptr[bounds[c1]!]]);
            expect(e1 - e0).toBeLessThanOrEqual(capacity);
            // greedy: the next chunk would not have fitted
            if (c1 < bounds.length - 1) expect(indptr[bounds[c1 + 1]!]! - e0).toBeGreaterThan(capacity);
          }
        },
      ),
    );
  });
});

describe('shiftedPointer', () => {
  it('lands every entry of the window where it was copied, in u32 arithmetic, even past 2³² bytes of entries', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 20 - 65 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.nat(1 << 16), (page, e0, offset) => {
        const at = page * 4096; // a window inside the 4 GiB memory: at + 4·(1 << 16) < 2³²
        const p = shiftedPointer(at, e0);
        expect(Number.isInteger(p) && p >= -(2 ** 31) && p < 2 ** 31).toBe(true); // an i32 argument
        // the kernel computes (indices + 4e) mod 2³² (as u32)
        expect(((p >>> 0) + 4 * (e0 + offset)) % 2 ** 32).toBe(at + 4 * offset);
      }),
    );
  });
});

describe('compactIndices and loadWindow', () => {
  it('stores indices in 16 bits when every index is below 65,536, and widens them into the window', () => {
    expect(compactIndices(3, 65536)).toBeInstanceOf(Uint16Array);
    expect(compactIndices(3, 65537)).toBeInstanceOf(Int32Array);
    const indices = compactIndices(5, 65536);
    indices.set([0, 65535, 7, 40000, 1]);
    const values = Float32Array.of(1, 2, 3, 4, 5);
    const i32 = new Int32Array(8);
    const f32 = new Float32Array(8);
    loadWindow({ indices, values }, { c0: 0, c1: 1, e0: 1, e1: 4 }, i32, 2, f32, 5);
    expect(Array.from(i32)).toEqual([0, 0, 65535, 7, 40000, 0, 0, 0]);
    expect(Array.from(f32)).toEqual([0, 0, 0, 0, 0, 2, 3, 4]);
  });
});

describe('compactValues', () => {
  it('picks the narrowest integer type for whole-number ratings, float32 otherwise (and for −0)', () => {
    const kind = (...r: number[]) => compactValues(Float32Array.from(r), 2).constructor.name;
    expect(kind(1, 5, 3)).toBe('Uint8Array');
    expect(kind(0, 255)).toBe('Uint8Array');
    expect(kind(-1, 3)).toBe('Int8Array');
    expect(kind(-128, 127)).toBe('Int8Array');
    expect(kind(0, 256)).toBe('Uint16Array');
    expect(kind(-1, 200)).toBe('Int16Array');
    expect(kind(70000)).toBe('Float32Array');
    expect(kind(1, 4.5)).toBe('Float32Array');
    expect(kind(1, -0)).toBe('Float32Array');
    expect(valuesLike(new Int8Array(1), 3)).toEqual(new Int8Array(3));
  });

  it('keeps every rating bit for bit through the compact array and the window (any float32 ratings)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(fc.integer({ min: -40000, max: 70000 }), { minLength: 1 }), fc.array(fc.float(), { minLength: 1 })), (rs) => {
        const ratings = Float32Array.from(rs);
        const stored = compactValues(ratings, ratings.length);
        stored.set(ratings);
        const f32 = new Float32Array(ratings.length);
        loadWindow({ indices: new Int32Array(ratings.length), values: stored }, { c0: 0, c1: 1, e0: 0, e1: ratings.length }, new Int32Array(ratings.length), 0, f32, 0);
        expect(new Uint32Array(f32.buffer)).toEqual(new Uint32Array(ratings.buffer));
      }),
    );
  });
});

describe('hostCsrPair', () => {
  it('sizes both CSRs for every rating, 16-bit indices only on the side whose other side is small', () => {
    // 70,000 users (> 65,536) × 50 items, star ratings: the item CSR lists users in 32 bits
    const pair = hostCsrPair(Float32Array.of(1, 5, 3), 70_000, 50);
    expect(pair.itemIndices).toBeInstanceOf(Int32Array);
    expect(pair.userIndices).toBeInstanceOf(Uint16Array);
    expect([pair.itemValues, pair.userValues].map((v) => v.constructor.name)).toEqual(['Uint8Array', 'Uint8Array']);
    expect([pair.itemIndices.length, pair.userIndices.length, pair.itemValues.length, pair.userValues.length]).toEqual([3, 3, 3, 3]);
  });
});
