import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadALSModel, saveALSModel } from '../../src/io/als-model-dir.js';
import { Random } from '../../src/data/random.js';
import { buildIndex } from '../../src/io/node-build-index.js';
import { indexDir, loadIndex, saveIndex } from '../../src/io/model-index-dir.js';
import { readSparkModel } from '../../src/io/spark-model-read.js';
import { clusteredFactors, modelOf } from '../retrieval/fixtures.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alsrec-index-dir-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('indexes in the model directory', () => {
  const rng = new Random(12);
  const rank = 8;
  const model = modelOf(clusteredFactors(rng, 200, rank), clusteredFactors(rng, 2000, rank), rank);

  it.each([
    ['hnsw', { method: 'hnsw', hnsw: { ef: 20 } }],
    ['lsh', { method: 'lsh', lsh: { tables: 4, bits: 8, probes: 1, seed: 5 } }],
    ['exact', { method: 'exact', metric: 'cosine' }],
    ['norm-scan', { method: 'norm-scan', normScan: { cosine: 0.3 } }],
    ['ivf', { method: 'ivf', ivf: { lists: 30, probes: 3, seed: 4 } }],
  ] as const)('save → load gives a %s index with identical results', async (_, options) => {
    const modelDir = join(dir, `m-${options.method}`);
    await saveALSModel(model, modelDir);
    const built = await buildIndex(model, options);
    const where = await saveIndex(modelDir, built);
    expect(where).toBe(indexDir(modelDir, 'item', built.metric));
    const loadedModel = await loadALSModel(modelDir); // the index folder does not disturb the model
    const loaded = await loadIndex(modelDir, loadedModel, { metric: built.metric });
    expect(loaded?.status).toBe('loaded');
    expect([loaded!.index.method, loaded!.index.params, loaded!.index.checksum]).toEqual([built.method, built.params, built.checksum]);
    const queries = built.metric === 'cosine' ? clusteredFactors(new Random(1), 50, rank) : loadedModel.userFactors;
    const a = built.search({ queries, k: 10 });
    const b = loaded!.index.search({ queries, k: 10 });
    expect(Array.from(b.indices)).toEqual(Array.from(a.indices));
    expect(Array.from(b.scores)).toEqual(Array.from(a.scores));
  });

  it('writes the parameters and the factors’ checksum beside the graph, and Spark’s layout stays readable', async () => {
    const modelDir = join(dir, 'm-hnsw');
    expect((await readdir(indexDir(modelDir, 'item', 'ip'))).sort()).toEqual(['graph.hnsw', 'index.json']);
    const manifest = JSON.parse(await readFile(join(indexDir(modelDir, 'item', 'ip'), 'index.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 'alsrec-index', method: 'hnsw', metric: 'ip', side: 'item', rank, size: 2000, params: { m: 16, ef: 20 } });
    expect((await readSparkModel(modelDir)).metadata.rank).toBe(rank);
  });

  it('keeps IVF’s partition beside the manifest, so loading clusters nothing, and a changed partition changes the lists', async () => {
    const modelDir = join(dir, 'm-ivf');
    const at = indexDir(modelDir, 'item', 'ip');
    expect((await readdir(at)).sort()).toEqual(['index.json', 'ivf-centroids.f32', 'ivf-lists.i32']);
    expect((await readFile(join(at, 'ivf-lists.i32'))).byteLength).toBe(2000 * 4);
    expect((await readFile(join(at, 'ivf-centroids.f32'))).byteLength).toBe(30 * rank * 4);
    // the saved partition is what the loaded index scans: with every target moved to list 0, one
    // probe finds nothing for a query whose best centroid is another (now empty) list, and all 30
    // probes score every target — the exact lists
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(at, 'ivf-lists.i32'), new Uint8Array(2000 * 4));
    const loaded = (await loadIndex(modelDir, model))!.index;
    const queries = model.userFactors;
    loaded.tune!(1);
    const one = loaded.search({ queries, k: 10 });
    expect(one.indices.filter((t) => t === -1).length).toBeGreaterThan(0);
    loaded.tune!(30);
    const exact = await buildIndex(model, { method: 'exact' });
    expect(Array.from(loaded.search({ queries, k: 10 }).indices)).toEqual(Array.from(exact.search({ queries, k: 10 }).indices));
  });

  it('says which IVF partition file is missing or damaged, and how to rebuild it', async () => {
    const modelDir = join(dir, 'm-ivf-broken');
    await saveALSModel(model, modelDir);
    await saveIndex(modelDir, await buildIndex(model, { method: 'ivf', ivf: { lists: 10 } }));
    const at = indexDir(modelDir, 'item', 'ip');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(at, 'ivf-lists.i32'), new Uint8Array(7));
    await expect(loadIndex(modelDir, model)).rejects.toThrow(`ivf-lists.i32: 7 bytes, not whole 4-byte values (a damaged file?); build the index again: alsrec index ${modelDir} --method ivf`);
    await rm(join(at, 'ivf-centroids.f32'));
    await writeFile(join(at, 'ivf-lists.i32'), new Uint8Array(8));
    await expect(loadIndex(modelDir, model)).rejects.toThrow(/ivf-centroids\.f32: cannot read the IVF index's partition \(ENOENT.*\); build the index again/);
  });

  it('detects a stale index (the model retrained into the same directory) and rebuilds it, or refuses', async () => {
    const modelDir = join(dir, 'm-hnsw');
    const retrained = modelOf(model.userFactors, clusteredFactors(new Random(99), 2000, rank), rank);
    await expect(loadIndex(modelDir, retrained, { onStale: 'error' })).rejects.toThrow(/stale index — built from other item factors \(checksum [0-9a-f]{16}, rank 8; the model's: [0-9a-f]{16}, rank 8\)/);
    const rebuilt = await loadIndex(modelDir, retrained);
    expect(rebuilt?.status).toBe('rebuilt');
    expect(rebuilt!.index.params).toMatchObject({ m: 16, ef: 20 });
    expect((await loadIndex(modelDir, retrained))?.status).toBe('loaded'); // saved again, now current
  });

  it('rebuilds a stale norm-scan index with its saved cosine', async () => {
    const modelDir = join(dir, 'm-norm-scan');
    const retrained = modelOf(model.userFactors, clusteredFactors(new Random(98), 2000, rank), rank);
    await expect(loadIndex(modelDir, retrained, { onStale: 'error' })).rejects.toThrow('stale index');
    const rebuilt = await loadIndex(modelDir, retrained);
    expect([rebuilt?.status, rebuilt!.index.method, rebuilt!.index.params.cosine]).toEqual(['rebuilt', 'norm-scan', 0.3]);
  });

  it('finds no index where none was saved', async () => {
    expect(await loadIndex(join(dir, 'm-lsh'), model, { side: 'user' })).toBeNull();
  });
});
