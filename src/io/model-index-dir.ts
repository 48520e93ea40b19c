import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ALSModel } from '../als/als-model.js';
import { cachedUnitRows } from '../kernels/unit-rows.js';
import type { HnswOptions, IndexOptions, IndexTargets } from '../retrieval/build-index.js';
import { factorChecksum } from '../retrieval/factor-checksum.js';
import { IvfIndex, type IvfOptions } from '../retrieval/ivf-index.js';
import type { IndexMethod, IndexMetric, IndexSide, RetrievalIndex } from '../retrieval/retrieval-index.js';
import { writeDirAtomic } from './atomic.js';
import { HNSW_DEFAULTS, HnswIndex, loadHnswIndex } from './hnsw-index.js';
import { buildIndex } from './node-build-index.js';

/**
 * Indexes live in the model directory, one folder per (side, metric) — `index/item-ip/` for
 * recommendations, `index/item-cosine/` for similar items — each with `index.json` (method,
 * parameters, size, and the checksum of the factors it was built from) and, for HNSW, the graph
 * (`graph.hnsw`, hnswlib's format), for IVF its partition (`ivf-lists.i32`, `ivf-centroids.f32`: no
 * k-means at load). Exact, norm-scan and LSH indexes are rebuilt from their parameters at load
 * (LSH's hyperplanes come from its seed, so the same tables result). Spark ignores the folder.
 *
 * A model retrained into the same directory changes its factors: the checksum no longer matches,
 * the index is stale, and `loadIndex` rebuilds it (or refuses, with onStale 'error').
 */
export const INDEX_DIR = 'index';
const MANIFEST = 'index.json';
const FORMAT = 'alsrec-index';
const VERSION = 1;
const GRAPH = 'graph.hnsw';
/** IVF's partition: each target's list (int32) and the list centroids (float32, lists × rank), little-endian. */
const IVF_LISTS = 'ivf-lists.i32';
const IVF_CENTROIDS = 'ivf-centroids.f32';

interface Manifest {
  format: typeof FORMAT;
  version: number;
  method: IndexMethod;
  metric: IndexMetric;
  side: IndexSide;
  rank: number;
  size: number;
  checksum: string;
  params: Record<string, number | string>;
}

/** index/<side>-<metric> inside a model directory. */
export function indexDir(modelDir: string, side: IndexSide, metric: IndexMetric): string {
  return join(modelDir, INDEX_DIR, `${side}-${metric}`);
}

/** Saves `index` into the model directory (atomically, replacing an index of the same side and metric). */
export async function saveIndex(modelDir: string, index: RetrievalIndex): Promise<string> {
  const dir = indexDir(modelDir, index.side, index.metric);
  const manifest: Manifest = {
    format: FORMAT,
    version: VERSION,
    method: index.method,
    metric: index.metric,
    side: index.side,
    rank: index.rank,
    size: index.size,
    checksum: index.checksum,
    params: { ...index.params },
  };
  await writeDirAtomic(
    dir,
    async (tmp) => {
      if (index instanceof HnswIndex) index.writeGraph(join(tmp, GRAPH));
      if (index instanceof IvfIndex) {
        await writeFile(join(tmp, IVF_LISTS), bytesOf(index.partition.lists));
        await writeFile(join(tmp, IVF_CENTROIDS), bytesOf(index.partition.centroids));
      }
      await writeFile(join(tmp, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
    },
    { overwrite: true },
  );
  if (index instanceof HnswIndex) index.file = join(dir, GRAPH);
  return dir;
}

export interface LoadIndexOptions {
  side?: IndexSide;
  metric?: IndexMetric;
  /** A stale index (built from other factors): 'rebuild' [default] with its saved parameters and save it, or 'error'. */
  onStale?: 'rebuild' | 'error';
  numThreads?: number;
}

/**
 * The model directory's index of (side, metric) [('item', 'ip')], checked against the model's
 * factors: `status` 'loaded', or 'rebuilt' when it was stale. Null when the directory has none.
 */
export async function loadIndex(
  modelDir: string,
  model: ALSModel,
  opts: LoadIndexOptions = {},
): Promise<{ index: RetrievalIndex; status: 'loaded' | 'rebuilt' } | null> {
  const side = opts.side ?? 'item';
  const metric = opts.metric ?? 'ip';
  const dir = indexDir(modelDir, side, metric);
  const manifest = await readManifest(join(dir, MANIFEST));
  if (!manifest) return null;
  const factors = side === 'item' ? model.itemFactors : model.userFactors;
  const checksum = factorChecksum(factors, model.rank);
  const options: IndexOptions = {
    method: manifest.method,
    metric,
    side,
    numThreads: opts.numThreads,
    ...(manifest.method === 'lsh'
      ? { lsh: manifest.params }
      : manifest.method === 'hnsw'
        ? { hnsw: manifest.params as HnswOptions }
        : manifest.method === 'norm-scan'
          ? { normScan: { cosine: manifest.params.cosine as number } }
          : manifest.method === 'ivf'
            ? { ivf: manifest.params as IvfOptions }
            : {}),
  };
  if (manifest.checksum !== checksum || manifest.rank !== model.rank) {
    if (opts.onStale === 'error') {
      throw new Error(
        `${dir}: stale index — built from other ${side} factors (checksum ${manifest.checksum}, rank ${manifest.rank}; the model's: ${checksum}, rank ${model.rank}); rebuild it (alsrec index ${modelDir}) or load with onStale 'rebuild'`,
      );
    }
    const index = await buildIndex(model, options);
    await saveIndex(modelDir, index);
    return { index, status: 'rebuilt' };
  }
  if (manifest.method === 'ivf') {
    const partition = {
      lists: new Int32Array(await readPartitionFile(dir, IVF_LISTS, modelDir)),
      centroids: new Float32Array(await readPartitionFile(dir, IVF_CENTROIDS, modelDir)),
      numLists: manifest.params.lists as number,
    };
    const index = (await buildIndex(model, { ...options, ivf: { ...(manifest.params as IvfOptions), partition } })) as IvfIndex;
    const { calibratedRecall, calibrationQueries } = manifest.params;
    if (typeof calibratedRecall === 'number') index.calibration = { recall: calibratedRecall, queries: calibrationQueries as number };
    return { index, status: 'loaded' };
  }
  if (manifest.method !== 'hnsw') return { index: await buildIndex(model, options), status: 'loaded' };
  const targets: IndexTargets = {
    rows: metric === 'cosine' ? cachedUnitRows(factors, model.rank) : factors,
    rank: model.rank,
    metric,
    side,
    checksum,
    numThreads: opts.numThreads,
  };
  return { index: loadHnswIndex(join(dir, GRAPH), targets, { ...HNSW_DEFAULTS, ...(manifest.params as HnswOptions) }), status: 'loaded' };
}

async function readManifest(path: string): Promise<Manifest | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  let m: Manifest;
  try {
    m = JSON.parse(text) as Manifest;
  } catch (e) {
    throw new Error(`${path}: not valid JSON (${(e as Error).message}); delete the index folder and build it again`);
  }
  if (m.format !== FORMAT) throw new Error(`${path}: not an alsrec index manifest (format ${JSON.stringify(m.format)}); delete the index folder and build it again`);
  if (m.version > VERSION) throw new Error(`${path}: written by a newer alsrec (index version ${m.version}, this one reads ${VERSION}); upgrade alsrec`);
  return m;
}

function bytesOf(a: Int32Array | Float32Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** One of IVF's partition files as a fresh ArrayBuffer (aligned for any typed array), or an error with the fix. */
async function readPartitionFile(dir: string, name: string, modelDir: string): Promise<ArrayBuffer> {
  let b: Buffer;
  try {
    b = await readFile(join(dir, name));
  } catch (e) {
    throw new Error(`${join(dir, name)}: cannot read the IVF index's partition (${(e as Error).message}); build the index again: alsrec index ${modelDir} --method ivf`);
  }
  if (b.byteLength % 4 !== 0) throw new Error(`${join(dir, name)}: ${b.byteLength} bytes, not whole 4-byte values (a damaged file?); build the index again: alsrec index ${modelDir} --method ivf`);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}
