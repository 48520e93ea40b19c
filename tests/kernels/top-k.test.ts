import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { topK, topKBruteForce } from '../../src/kernels/top-k.js';
import { topKWasm } from '../../src/kernels/wasm/top-k-wasm.js';
import { loadWasmKernels } from '../../src/kernels/wasm/load-kernels.js';

describe('topK', () => {
  it('ranks by dot product, best first, and skips seen targets', () => {
    // one query q = [1, 0]; targets scores = first coordinate: [3, 1, 2, 5]; target 3 is seen.
    // Remaining ranked: t0 (3), t2 (2), t1 (1).
    const r = topK({
      queries: Float32Array.of(1, 0),
      targets: Float32Array.of(3, 9, 1, 9, 2, 9, 5, 9),
      rank: 2,
      k: 2,
      seen: { indptr: Int32Array.of(0, 1), indices: Int32Array.of(3) },
    });
    expect(Array.from(r.indices)).toEqual([0, 2]);
    expect(Array.from(r.scores)).toEqual([3, 2]);
  });

  it('breaks ties by the lower target index and pads short lists with −1 and NaN', () => {
    const r = topK({ queries: Float32Array.of(1), targets: Float32Array.of(2, 2, 1), rank: 1, k: 5 });
    expect(Array.from(r.indices)).toEqual([0, 1, 2, -1, -1]);
    expect(Number.isNaN(r.scores[3])).toBe(true);
  });

  it('agrees with the brute-force reference on random factors, subsets and seen lists', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 70 }),
        fc.integer({ min: 1, max: 2500 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer(),
        (numQueries, numTargets, rank, k, seed) => {
          let s = seed;
          const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) | 0), Math.round((((s >>> 8) & 0xffff) / 0x8000 - 1) * 8) / 8);
          const queries = Float32Array.from({ length: numQueries * rank }, rnd);
          const targets = Float32Array.from({ length: numTargets * rank }, rnd);
          const indptr = new Int32Array(numQueries + 1);
          const indices: number[] = [];
          for (let q = 0; q < numQueries; q++) {
            for (let t = 0; t < numTargets; t++) if (rnd() > 0.6) indices.push(t);
            indptr[q + 1] = indices.length;
          }
          const seen = { indptr, indices: Int32Array.from(indices) };
          const queryRows = Int32Array.from({ length: Math.ceil(numQueries / 2) }, (_, j) => (j * 7) % numQueries);
          const input = { queries, targets, rank, k, seen, queryRows };
          const fast = topK(input);
          const slow = topKBruteForce(input);
          expect(Array.from(fast.indices)).toEqual(Array.from(slow.indices));
          expect(Array.from(fast.scores)).toEqual(Array.from(slow.scores));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('topK with seen lists in any order, with repeats', () => {
  beforeAll(async () => {
    expect(await loadWasmKernels()).not.toBeNull();
  });

  it('agrees with the WASM twin and with brute force when seen lists repeat and are unsorted', () => {
    // Factors on a 1/8 grid keep every score exact in float32 (see wasm-top-k.test.ts), so the
    // three implementations must return identical lists. Seen lists are drawn as raw arrays of
    // target indices: repeats and any order, as an exclude file with a repeated pair produces.
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 2200 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer(),
        (numQueries, numTargets, rank, k, seed) => {
          let s = seed;
          const next = () => (s = (Math.imul(s, 1103515245) + 12345) | 0) >>> 8;
          const rnd = () => Math.round(((next() & 0xffff) / 0x8000 - 1) * 8) / 8;
          const queries = Float32Array.from({ length: numQueries * rank }, rnd);
          const targets = Float32Array.from({ length: numTargets * rank }, rnd);
          const indptr = new Int32Array(numQueries + 1);
          const indices: number[] = [];
          for (let q = 0; q < numQueries; q++) {
            const count = next() % Math.min(numTargets + 3, 40);
            const pool = Array.from({ length: 1 + (next() % 6) }, () => next() % numTargets);
            // draw from a small pool (many repeats) or from all targets, in random order
            for (let j = 0; j < count; j++) indices.push(next() % 2 ? pool[next() % pool.length]! : next() % numTargets);
            indptr[q + 1] = indices.length;
          }
          const seen = { indptr, indices: Int32Array.from(indices) };
          const input = { queries, targets, rank, k, seen };
          const slow = topKBruteForce(input);
          for (const got of [topK(input), topKWasm(input)]) {
            expect(Array.from(got.indices)).toEqual(Array.from(slow.indices));
            expect(Array.from(got.scores)).toEqual(Array.from(slow.scores));
          }
        },
      ),
      { numRuns: 80 },
    );
  });

  it('skips every seen target even after a repeated one (the case that leaked before)', () => {
    // q = [1]; targets score 4, 3, 2, 1. Seen [0, 0, 1]: the repeat of 0 used to stall the cursor,
    // so target 1 leaked into the list. Expected: 2 then 3.
    const input = { queries: Float32Array.of(1), targets: Float32Array.of(4, 3, 2, 1), rank: 1, k: 2, seen: { indptr: Int32Array.of(0, 3), indices: Int32Array.of(0, 0, 1) } };
    expect(Array.from(topK(input).indices)).toEqual([2, 3]);
  });
});
