import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { topK, topKBruteForce, type TopKInput } from '../../src/kernels/top-k.js';
import { topKWasm, topKWasmThreads } from '../../src/kernels/wasm/top-k-wasm.js';
import { loadWasmKernels } from '../../src/kernels/wasm/load-kernels.js';
import { closeSharedPool } from '../../src/kernels/pool/shared-pool.js';
import { Random } from '../../src/data/random.js';
import { randomFactors } from './wasm-fixtures.js';
import { useNodeThreads } from '../../src/node-threads/kernel-thread-host.js';

useNodeThreads(); // the core starts no thread without a host

beforeAll(async () => {
  expect(await loadWasmKernels()).not.toBeNull();
});
afterAll(closeSharedPool);

/**
 * Factors on a 1/8 grid in [−1, 1]: every product is a multiple of 1/64 and every score (rank ≤ 20)
 * a multiple of 1/64 below 20 in size — exact in float32 whatever the order of summation, so the
 * float32 WASM kernel and the float64 reference must return identical lists, ties included.
 */
function gridInput(seed: number, numQueries: number, numTargets: number, rank: number, k: number): TopKInput {
  let s = seed;
  const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) | 0), Math.round((((s >>> 8) & 0xffff) / 0x8000 - 1) * 8) / 8);
  const queries = Float32Array.from({ length: numQueries * rank }, rnd);
  const targets = Float32Array.from({ length: numTargets * rank }, rnd);
  const indptr = new Int32Array(numQueries + 1);
  const indices: number[] = [];
  for (let q = 0; q < numQueries; q++) {
    for (let t = 0; t < numTargets; t++) if (rnd() > 0.7) indices.push(t);
    indptr[q + 1] = indices.length;
  }
  const queryRows = Int32Array.from({ length: Math.ceil(numQueries * 0.7) }, (_, j) => (j * 7) % numQueries);
  return { queries, targets, rank, k, seen: { indptr, indices: Int32Array.from(indices) }, queryRows };
}

describe('topKWasm', () => {
  it('ranks by dot product, skips seen targets, breaks ties by index, pads with −1 and NaN', () => {
    // q = [1, 0]; target scores = first coordinates [3, 1, 2, 5, 3]; target 3 is seen.
    // Ranked: t0 (3), t4 (3, tie → higher index second), t2 (2), t1 (1), then padding.
    const r = topKWasm({
      queries: Float32Array.of(1, 0),
      targets: Float32Array.of(3, 9, 1, 9, 2, 9, 5, 9, 3, 9),
      rank: 2,
      k: 6,
      seen: { indptr: Int32Array.of(0, 1), indices: Int32Array.of(3) },
    });
    expect(Array.from(r.indices)).toEqual([0, 4, 2, 1, -1, -1]);
    expect(Array.from(r.scores.subarray(0, 4))).toEqual([3, 3, 2, 1]);
    expect(Number.isNaN(r.scores[4])).toBe(true);
  });

  it('returns exactly the reference lists when scores are exact, across query blocks and target tiles', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 90 }),
        fc.integer({ min: 1, max: 2600 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer(),
        (numQueries, numTargets, rank, k, seed) => {
          const input = gridInput(seed, numQueries, numTargets, rank, k);
          const ref = topKBruteForce(input);
          const got = topKWasm(input);
          expect(Array.from(got.indices)).toEqual(Array.from(ref.indices));
          expect(Array.from(got.scores)).toEqual(Array.from(ref.scores));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('stops early on targets whose norm cannot reach the lists, and still returns the exact lists', () => {
    // Target rows scaled by 2^-j (exact in float32) spread the norms over orders of magnitude, so
    // most blocks stop after the first tiles (qᵀt ≤ ‖q‖‖t‖); the result must not change.
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), fc.integer({ min: 300, max: 3000 }), fc.integer({ min: 1, max: 10 }), fc.integer(), (nq, nt, k, seed) => {
        const input = gridInput(seed, nq, nt, 8, k);
        for (let t = 0; t < nt; t++) {
          const scale = 2 ** -(t % 9);
          for (let a = 0; a < 8; a++) input.targets[t * 8 + a]! *= scale;
        }
        const ref = topKBruteForce(input);
        const got = topKWasm(input);
        expect(Array.from(got.indices)).toEqual(Array.from(ref.indices));
        expect(Array.from(got.scores)).toEqual(Array.from(ref.scores));
      }),
      { numRuns: 25 },
    );
  });

  it('on real-valued factors, returns lists whose scores match the reference within float32 rounding', () => {
    const rng = new Random(5);
    const rank = 64;
    const input: TopKInput = { queries: randomFactors(rng, 100, rank), targets: randomFactors(rng, 3000, rank), rank, k: 10 };
    const ref = topK(input);
    const got = topKWasm(input);
    // Scores are sums of 64 products of size ~1: float32 vs float64 summation differ by ≲ 64·2⁻²⁴·Σ|terms|
    // ≈ 1e-5 here. Lists may swap near-tied neighbours, so compare the k-th best score of each row.
    for (let j = 0; j < 100; j++) {
      for (let r = 0; r < 10; r++) expect(Math.abs(got.scores[j * 10 + r]! - ref.scores[j * 10 + r]!)).toBeLessThan(1e-4);
    }
  });
});

describe('topKWasmThreads', () => {
  it('gives the same lists on 2 threads as on 1', async () => {
    const input = gridInput(11, 300, 1500, 8, 10);
    const one = topKWasm(input);
    const two = await topKWasmThreads(input, 2);
    expect(Array.from(two.indices)).toEqual(Array.from(one.indices));
    expect(Array.from(two.scores)).toEqual(Array.from(one.scores));
  });
});
