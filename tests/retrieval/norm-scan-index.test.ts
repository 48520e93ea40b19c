import { beforeAll, describe, expect, it } from 'vitest';
import { topK } from '../../src/kernels/top-k.js';
import { loadWasmKernels } from '../../src/kernels/wasm/load-kernels.js';
import type { WasmModule } from '../../src/kernels/wasm/wasm-api.js';
import { buildIndex } from '../../src/retrieval/build-index.js';
import { NormScanIndex } from '../../src/retrieval/norm-scan-index.js';
import { useNodeThreads } from '../../src/node-threads/kernel-thread-host.js';
import { expectReferenceLists, modelOf, recallOf, scanInputs } from './fixtures.js';

useNodeThreads();

let module: WasmModule;
beforeAll(async () => {
  module = (await loadWasmKernels())!;
});

describe('NormScanIndex', () => {
  const { rank, targets, queries, seen } = scanInputs();

  it('gives the lists of its TypeScript reference with the WASM kernel, for every cosine, on one thread and two', async () => {
    const wasm = new NormScanIndex(targets, rank, 'item', 'x', { module, threads: 2 });
    const ts = new NormScanIndex(targets, rank, 'item', 'x', null);
    await expectReferenceLists(wasm, ts, [0.2, 0.5, 0.8, 1], queries, seen);
  });

  it('is exact at cosine 1 and trades recall for a shorter scan below it', () => {
    const index = new NormScanIndex(targets, rank, 'item', 'x', { module, threads: 1 }, { cosine: 1 });
    const exact = topK({ queries, targets, rank, k: 10, seen });
    expect(recallOf(index.search({ queries, k: 10, seen }), exact)).toBe(1);
    index.tune(0.05);
    const low = recallOf(index.search({ queries, k: 10, seen }), exact);
    expect(low).toBeLessThan(1); // clustered factors: many top targets lie beyond the longest tile
    expect(index.params).toEqual({ cosine: 0.05, kernels: 'wasm' });
  });

  it('is built by buildIndex for metric ip only, and refuses a cosine outside (0, 1]', async () => {
    const model = modelOf(queries, targets, rank);
    const built = await buildIndex(model, { method: 'norm-scan', normScan: { cosine: 0.7 }, numThreads: 1 });
    expect([built.method, built.metric, built.params.cosine, built.size]).toEqual(['norm-scan', 'ip', 0.7, 3000]);
    expect((await buildIndex(model, { method: 'norm-scan', kernels: 'ts' })).params).toEqual({ cosine: 0.5, kernels: 'ts' });
    await expect(buildIndex(model, { method: 'norm-scan', metric: 'cosine' })).rejects.toThrow("method 'norm-scan' needs metric 'ip'");
    expect(() => built.tune!(0)).toThrow('norm-scan: cosine must be a number in (0, 1]');
    expect(() => new NormScanIndex(targets, rank, 'item', 'x', null, { cosine: 1.5 })).toThrow('got 1.5');
  });
});
