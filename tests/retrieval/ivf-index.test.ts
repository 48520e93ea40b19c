import { beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../../src/data/random.js';
import { topK, type SeenRows } from '../../src/kernels/top-k.js';
import { loadWasmKernels } from '../../src/kernels/wasm/load-kernels.js';
import type { WasmModule } from '../../src/kernels/wasm/wasm-api.js';
import { buildIndex } from '../../src/retrieval/build-index.js';
import { IvfIndex, nearestCentroidWasm } from '../../src/retrieval/ivf-index.js';
import { ivfMembers, ivfTopK } from '../../src/retrieval/ivf.js';
import { kmeans, nearestCentroid } from '../../src/retrieval/kmeans.js';
import { useNodeThreads } from '../../src/node-threads/kernel-thread-host.js';
import { clusteredFactors, expectReferenceLists, modelOf, recallOf, scanInputs } from './fixtures.js';

useNodeThreads();

let module: WasmModule;
beforeAll(async () => {
  module = (await loadWasmKernels())!;
});

describe('ivfTopK (the reference)', () => {
  // Two lists on the plane: list 0 around (1, 0) holds targets 0 (2, 0) and 1 (1, 0.5); list 1
  // around (0, 1) holds targets 2 (0, 3) and 3 (0.2, 1). Query (1, 0.1): centroid scores
  // 1.5·1 + 0.25·0.1 = 1.525 for list 0 and 0.1·1 + 2·0.1 = 0.3 for list 1 (centroids are the
  // lists' means (1.5, 0.25) and (0.1, 2)), so one probe scans list 0 only: target 0 scores 2,
  // target 1 scores 1.05. Two probes add targets 2 (0.3) and 3 (0.3): equal scores, lower index first.
  const targets = Float32Array.from([2, 0, 1, 0.5, 0, 3, 0.2, 1]);
  const partition = { lists: Int32Array.from([0, 0, 1, 1]), centroids: Float32Array.from([1.5, 0.25, 0.1, 2]), numLists: 2 };
  const members = ivfMembers(partition);
  const query = { queries: Float32Array.from([1, 0.1]), k: 4 };

  it('scans the probed lists only, best list first, with exact scores', () => {
    const one = ivfTopK(query, targets, 2, members, 1);
    expect(Array.from(one.indices)).toEqual([0, 1, -1, -1]);
    expect(Array.from(one.scores.subarray(0, 2))).toEqual([2, Math.fround(1.05)]);
    const two = ivfTopK(query, targets, 2, members, 2);
    expect(Array.from(two.indices)).toEqual([0, 1, 2, 3]);
    expect(two.scores[2]).toBeCloseTo(0.3, 6);
  });

  it('skips seen targets and gives the WASM kernel the same lists', () => {
    const seen: SeenRows = { indptr: Int32Array.from([0, 1]), indices: Int32Array.from([0]) };
    expect(Array.from(ivfTopK({ ...query, seen }, targets, 2, members, 1).indices)).toEqual([1, -1, -1, -1]);
    const wasm = IvfIndex.build(targets, 2, 'ip', 'item', 'x', { module, threads: 1 }, { partition, probes: 1 });
    return wasm.then((index) => {
      expect(Array.from(index.search({ ...query, seen }).indices)).toEqual([1, -1, -1, -1]);
      index.tune(2);
      expect(Array.from(index.search(query).indices)).toEqual([0, 1, 2, 3]);
    });
  });
});

describe('kmeans', () => {
  it('recovers planted, well-separated clusters (up to their labels)', async () => {
    // 6 centres 10·√2 apart (10 on distinct axes), points within ±0.5 a coordinate of their
    // centre: every point is nearer its own centre than any other, so Lloyd's fixed point from a
    // start that seeds each cluster is the planting. In k-means++ an uncovered cluster (100 rows at
    // squared distance ≈ 200) outweighs the covered rows (≈ 1 on average, 6 at most), so each draw
    // seeds a new cluster with probability ≈ 0.98; the seed is fixed.
    const rng = new Random(3);
    const rank = 6;
    const n = 600;
    const planted = Int32Array.from({ length: n }, (_, i) => i % 6);
    const rows = Float32Array.from({ length: n * rank }, (_, j) => {
      const i = Math.floor(j / rank);
      return (j % rank === planted[i] ? 10 : 0) + (rng.next() - 0.5);
    });
    for (const nearest of [nearestCentroid, nearestCentroidWasm(module, 2)]) {
      const { lists, numLists } = await kmeans(rows, rank, { clusters: 6, iterations: 20, seed: 5 }, nearest);
      expect(numLists).toBe(6);
      // the same partition: the label of a planted cluster is one list, and six distinct lists
      const label = new Map<number, number>();
      for (let i = 0; i < n; i++) {
        if (!label.has(planted[i]!)) label.set(planted[i]!, lists[i]!);
        expect(lists[i]).toBe(label.get(planted[i]!));
      }
      expect(new Set(label.values()).size).toBe(6);
    }
  });

  it('assigns the same nearest centroids on WASM as the reference', async () => {
    const rng = new Random(8);
    const rank = 10;
    const points = clusteredFactors(rng, 2000, rank);
    const centroids = clusteredFactors(rng, 37, rank);
    const want = await nearestCentroid(points, centroids, rank);
    const got = await nearestCentroidWasm(module, 2)(points, centroids, rank);
    // float32 sums against float64: a point almost equidistant may go either way
    let same = 0;
    for (let i = 0; i < want.length; i++) same += got[i] === want[i] ? 1 : 0;
    expect(same / want.length).toBeGreaterThan(0.999);
  });
});

describe('IvfIndex', () => {
  const { rank, targets, queries, seen } = scanInputs();

  it('gives the lists of its TypeScript reference with the WASM kernel, for every probe count, on one thread and two', async () => {
    const wasm = await IvfIndex.build(targets, rank, 'ip', 'item', 'x', { module, threads: 2 }, { lists: 40 });
    const ts = await IvfIndex.build(targets, rank, 'ip', 'item', 'x', null, { partition: wasm.partition });
    await expectReferenceLists(wasm, ts, [1, 3, 10, 40], queries, seen);
  });

  it('is exact with every list probed and trades recall for fewer lists', async () => {
    const index = await IvfIndex.build(targets, rank, 'ip', 'item', 'x', { module, threads: 1 }, { lists: 50, probes: 50 });
    const exact = topK({ queries, targets, rank, k: 10, seen });
    const all = index.search({ queries, k: 10, seen });
    expect(Array.from(all.indices)).toEqual(Array.from(exact.indices));
    index.tune(1);
    const one = recallOf(index.search({ queries, k: 10, seen }), exact);
    index.tune(8);
    const eight = recallOf(index.search({ queries, k: 10, seen }), exact);
    // 20 planted clusters in 50 lists: one list misses most of a query's top 10, eight find most
    expect(one).toBeLessThan(0.9);
    expect(eight).toBeGreaterThan(one);
    expect(eight).toBeGreaterThan(0.9);
  });

  it('is built by buildIndex for both metrics, with √n lists and L/16 probes by default, and refuses bad knobs', async () => {
    const model = modelOf(queries, targets, rank);
    const built = await buildIndex(model, { method: 'ivf', numThreads: 1 });
    expect([built.method, built.metric, built.size, built.params.lists, built.params.probes]).toEqual(['ivf', 'ip', 3000, 55, 4]);
    const cos = await buildIndex(model, { method: 'ivf', metric: 'cosine', ivf: { lists: 30, probes: 30 } });
    const exactCos = await buildIndex(model, { method: 'exact', metric: 'cosine' });
    const q = { queries, k: 5 };
    expect(Array.from(cos.search(q).indices)).toEqual(Array.from(exactCos.search(q).indices));
    expect((await buildIndex(model, { method: 'ivf', kernels: 'ts', ivf: { lists: 5 } })).params.kernels).toBe('ts');
    expect(() => built.tune!(0)).toThrow('ivf: probes (lists a query scans) must be an integer ≥ 1, got 0');
    const damaged = { lists: Int32Array.from({ length: 3000 }, (_, t) => (t === 7 ? 99 : 0)), centroids: new Float32Array(2 * rank), numLists: 2 };
    await expect(IvfIndex.build(targets, rank, 'ip', 'item', 'x', null, { partition: damaged })).rejects.toThrow('ivf: the saved partition puts target 7 in list 99, outside 0…1');
    await expect(IvfIndex.build(targets, rank, 'ip', 'item', 'x', null, { partition: { ...damaged, lists: new Int32Array(5) } })).rejects.toThrow('is for 5 targets and 2 lists of rank 12, not 3000 targets of rank 12; build the index again');
    await expect(buildIndex(model, { method: 'ivf', ivf: { lists: 2.5 } })).rejects.toThrow('ivf: lists must be an integer ≥ 1, got 2.5');
  });
});
