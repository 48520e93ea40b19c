import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Random } from '../../src/data/random.js';
import { fromRows } from '../../src/data/interactions.js';
import { seenRows } from '../../src/als/seen-rows.js';
import { buildIndex } from '../../src/io/node-build-index.js';
import { streamRecommendations } from '../../src/io/stream-recommendations.js';
import { clusteredFactors, modelOf } from '../retrieval/fixtures.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alsrec-stream-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('streamRecommendations', () => {
  const rng = new Random(4);
  const rank = 8;
  const model = modelOf(clusteredFactors(rng, 230, rank), clusteredFactors(rng, 400, rank), rank);
  const train = fromRows([
    { user: 1, item: 3, rating: 1 },
    { user: 230, item: 9, rating: 1 },
  ]);

  it('writes the same lists as recommendForAllUsers, batch after batch, as CSV', async () => {
    const path = join(dir, 'recs.csv');
    const progress: number[] = [];
    const r = await streamRecommendations(model, path, 5, { exclude: train, batch: 100, onProgress: (d) => progress.push(d) });
    expect(r).toEqual({ users: 230, rows: 1150 });
    expect(progress).toEqual([100, 200, 230]);
    const lines = (await readFile(path, 'utf8')).trim().split('\n');
    expect(lines[0]).toBe('user,item,rank,score');
    const want = model.recommendForAllUsers(5, { exclude: train });
    const got = lines.slice(1).map((l) => l.split(',').slice(0, 3).map(Number));
    expect(got.map(([u, i]) => [u, i])).toEqual(Array.from(want.flat(), (x) => [x.query, x.target]));
    expect(got.filter(([u, i]) => (u === 1 && i === 3) || (u === 230 && i === 9))).toEqual([]);
    expect((await readdir(dir)).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('takes the training pairs as seen-lists per user row as well, and writes the same file', async () => {
    const a = join(dir, 'exclude.csv');
    const b = join(dir, 'seen.csv');
    await streamRecommendations(model, a, 4, { exclude: train, batch: 7 });
    await streamRecommendations(model, b, 4, { seen: seenRows(train, model.userIds, model.itemIds, 'user'), batch: 7 });
    expect(await readFile(b, 'utf8')).toBe(await readFile(a, 'utf8'));
  });

  it('uses the index it is given (an HNSW graph here) and refuses one of the wrong metric', async () => {
    const path = join(dir, 'hnsw.csv');
    const index = await buildIndex(model, { method: 'hnsw', hnsw: { ef: 200 } });
    await streamRecommendations(model, path, 3, { index, batch: 64 });
    expect((await readFile(path, 'utf8')).trim().split('\n')).toHaveLength(1 + 230 * 3);
    const cosine = await buildIndex(model, { method: 'exact', metric: 'cosine' });
    await expect(streamRecommendations(model, join(dir, 'x.csv'), 3, { index: cosine })).rejects.toThrow('needs an index of item factors by ip');
  });
});
