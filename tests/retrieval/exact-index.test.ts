import { beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../../src/data/random.js';
import { topK, type SeenRows } from '../../src/kernels/top-k.js';
import { loadWasmKernels } from '../../src/kernels/wasm/load-kernels.js';
import { PreparedTopK } from '../../src/kernels/wasm/top-k-prepared.js';
import type { WasmModule } from '../../src/kernels/wasm/wasm-api.js';
import { ExactIndex } from '../../src/retrieval/exact-index.js';
import { useNodeThreads } from '../../src/node-threads/kernel-thread-host.js';
import { clusteredFactors } from './fixtures.js';

useNodeThreads(); // the core starts no thread without a host

let module: WasmModule;
beforeAll(async () => {
  module = (await loadWasmKernels())!;
});

/** Every third query row has seen a handful of targets (sorted, as SeenRows requires). */
function someSeen(rng: Random, numQueries: number, numTargets: number): SeenRows {
  const lists = Array.from({ length: numQueries }, (_, q) =>
    q % 3 === 0 ? [...new Set(Array.from({ length: 8 }, () => rng.nextInt(numTargets)))].sort((a, b) => a - b) : [],
  );
  const indptr = new Int32Array(numQueries + 1);
  lists.forEach((l, q) => (indptr[q + 1] = indptr[q]! + l.length));
  return { indptr, indices: Int32Array.from(lists.flat()) };
}

describe('PreparedTopK (targets in WASM memory once)', () => {
  const rng = new Random(3);
  const rank = 13; // padded to 16: exercises the zero padding
  const targets = clusteredFactors(rng, 3000, rank);
  const queries = clusteredFactors(rng, 2500, rank); // > one batch of 1024 rows
  const seen = someSeen(rng, 2500, 3000);

  it('returns the lists of the reference top-K, seen targets skipped, across batches', () => {
    const prepared = new PreparedTopK(module, targets, rank, { maxK: 16 });
    const got = prepared.search({ queries, k: 10, seen });
    const want = topK({ queries, targets, rank, k: 10, seen });
    expect(Array.from(got.indices)).toEqual(Array.from(want.indices));
    got.scores.forEach((s, j) => expect(s).toBeCloseTo(want.scores[j]!, 4));
  });

  it('gives the same lists on two threads, for a subset of query rows', async () => {
    const prepared = new PreparedTopK(module, targets, rank, { maxK: 16, threads: 2 });
    const queryRows = Int32Array.from({ length: 1500 }, (_, j) => (j * 7) % 2500);
    const one = prepared.search({ queries, queryRows, k: 5, seen });
    const two = await prepared.searchAsync({ queries, queryRows, k: 5, seen }, 2);
    expect(Array.from(two.indices)).toEqual(Array.from(one.indices));
    expect(Array.from(one.indices)).toEqual(Array.from(topK({ queries, queryRows, targets, rank, k: 5, seen }).indices));
  });

  it('forgets a query\'s seen targets once it has answered (the bitmaps are cleared, not refilled, between calls)', () => {
    const prepared = new PreparedTopK(module, targets, rank, { maxK: 16 });
    const queryRows = Int32Array.of(7);
    const best = prepared.search({ queries, queryRows, k: 3 }).indices;
    // the best target seen: the next two move up and the fourth enters
    const seenBest: SeenRows = { indptr: Int32Array.from({ length: 2501 }, (_, r) => (r > 7 ? 1 : 0)), indices: Int32Array.of(best[0]!) };
    const without = prepared.search({ queries, queryRows, k: 3, seen: seenBest }).indices;
    expect(Array.from(without)).not.toContain(best[0]);
    expect(without[0]).toBe(best[1]);
    expect(Array.from(prepared.search({ queries, queryRows, k: 3 }).indices)).toEqual(Array.from(best));
  });

  it('refuses k above the size it was prepared for, naming both', () => {
    const prepared = new PreparedTopK(module, targets, rank, { maxK: 4 });
    expect(() => prepared.search({ queries, k: 5 })).toThrow('k must be an integer from 1 to 4 for this index, got 5');
  });
});

describe('ExactIndex', () => {
  it('answers like the reference top-K with the TypeScript kernels and with WASM', async () => {
    const rng = new Random(5);
    const rank = 8;
    const targets = clusteredFactors(rng, 500, rank);
    const queries = clusteredFactors(rng, 40, rank);
    const want = topK({ queries, targets, rank, k: 7 });
    const ts = new ExactIndex(targets, rank, 'ip', 'item', 'x', null);
    const wasm = new ExactIndex(targets, rank, 'ip', 'item', 'x', { module, threads: 1 });
    expect(Array.from(ts.search({ queries, k: 7 }).indices)).toEqual(Array.from(want.indices));
    expect(Array.from((await wasm.searchAsync({ queries, k: 7 })).indices)).toEqual(Array.from(want.indices));
    expect(ts.params).toEqual({ kernels: 'ts' });
    expect(wasm.memoryBytes).toBeGreaterThan(500 * 8 * 4);
  });
});
