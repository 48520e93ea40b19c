import { saveALSModel } from '../../src/io/als-model-dir.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALSModel } from '../../src/als/als-model.js';
import { resolveALSOptions } from '../../src/als/options.js';
import { IdMap } from '../../src/data/id-map.js';
import { alsrec } from './run-cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alsrec-similar-'));
  // items 1 = [1, 0], 2 = [2, 0] (cos 1 with 1), 3 = [1, 1] (cos 1/√2), 4 = [0, 3] (cos 0);
  // users 10 = [1, 0], 20 = [0, 1], 30 = [3, 3] (cos 1/√2 with both)
  const model = new ALSModel({
    rank: 2,
    userIds: IdMap.from([10, 20, 30]),
    itemIds: IdMap.from([1, 2, 3, 4]),
    userFactors: Float32Array.of(1, 0, 0, 1, 3, 3),
    itemFactors: Float32Array.of(1, 0, 2, 0, 1, 1, 0, 3),
    options: resolveALSOptions({ rank: 2 }),
  });
  await saveALSModel(model, join(dir, 'model'));
  const flags = '|0'.repeat(19);
  const uItem = ['1|Alpha (1990)', '2|Beta (1991)', '3|Gamma, The (1992)', '4|Delta (1993)'].map((l) => `${l}|01-Jan-1990||http://x${flags}`);
  await writeFile(join(dir, 'u.item'), uItem.join('\n') + '\n', 'latin1');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('alsrec similar', () => {
  it('prints the most similar items by cosine with their titles', async () => {
    const r = await alsrec(['similar', join(dir, 'model'), '--items', '1', '--k', '2', '--titles', join(dir, 'u.item')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('item 1 — Alpha (1990)');
    const rows = r.stdout.trim().split('\n').slice(3).map((l) => l.split(/\s{2,}/));
    expect(rows).toEqual([
      ['1', '2', '1.0000', 'Beta (1991)'],
      ['2', '3', '0.7071', 'Gamma, The (1992)'],
    ]);
  });

  it('prints JSON rows for users, honouring --filter and --exclude', async () => {
    const r = await alsrec(['similar', join(dir, 'model'), '--users', '10,99', '--k', '3', '--exclude', '30', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('skipping user ids not in the model: 99');
    expect(JSON.parse(r.stdout)).toEqual({ user: 10, recommendations: [{ user: 20, similarity: 0 }] });
    const f = await alsrec(['similar', join(dir, 'model'), '--items', '3', '--filter', '4,2', '--k', '5', '--json']);
    expect(JSON.parse(f.stdout).recommendations.map((x: { item: number }) => x.item)).toEqual([2, 4]);
  });

  it('refuses a call without ids, or whose ids are all unknown, naming them', async () => {
    const none = await alsrec(['similar', join(dir, 'model')]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('give --items or --users');
    const unknown = await alsrec(['similar', join(dir, 'model'), '--items', '77,78']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('none of the item ids 77,78 is in the model');
  });
});

const ml100k = process.env.ALSREC_ML100K;

describe.skipIf(!ml100k)('alsrec similar on MovieLens 100k', () => {
  it('finds the Star Wars sequels among the five items most like Star Wars (1977)', async () => {
    const model = join(dir, 'ml100k');
    const train = await alsrec(['train', join(ml100k!, 'u.data'), '--out', model, '--rank', '10', '--max-iter', '15', '--reg-param', '0.05', '--seed', '1']);
    expect(train.code, train.stderr).toBe(0);
    const r = await alsrec(['similar', model, '--items', '50', '--k', '5', '--titles', ml100k!, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const titles = JSON.parse(r.stdout).recommendations.map((x: { title: string }) => x.title);
    expect(titles).toHaveLength(5);
    // a human sanity check made a test: the two sequels are the nearest neighbours in any sensible model
    expect(titles).toEqual(expect.arrayContaining(['Empire Strikes Back, The (1980)', 'Return of the Jedi (1983)']));
  });
});

describe('alsrec index', () => {
  it('builds and saves an index that recommend and similar then use, with the same answers', async () => {
    const model = join(dir, 'model');
    const before = await alsrec(['similar', model, '--items', '1', '--k', '3', '--json']);
    const built = await alsrec(['index', model, '--metric', 'cosine', '--method', 'hnsw', '--json']);
    expect(built.code, built.stderr).toBe(0);
    expect(JSON.parse(built.stdout)).toMatchObject({ method: 'hnsw', metric: 'cosine', side: 'item', size: 4, rank: 2 });
    const after = await alsrec(['similar', model, '--items', '1', '--k', '3', '--json']);
    expect(after.stdout).toBe(before.stdout);
    const ip = await alsrec(['index', model, '--method', 'lsh', '--tables', '2', '--bits', '1', '--probes', '1']);
    expect(ip.stdout).toMatch(/^lsh index of 4 items by ip \(tables 2, bits 1, probes 1, seed 1, ranges 8\) built in [\d.]+ s → .*index\/item-ip\n$/);
    const recs = await alsrec(['recommend', model, '--users', '10', '--k', '2']);
    const exact = await alsrec(['recommend', model, '--users', '10', '--k', '2', '--index', 'none']);
    expect(recs.stdout).toBe(exact.stdout);
  });

  it('builds a norm-scan index with its cosine (1: the exact lists), and refuses a cosine outside (0, 1]', async () => {
    const model = join(dir, 'model');
    const built = await alsrec(['index', model, '--method', 'norm-scan', '--cosine', '1', '--json']);
    expect(built.code, built.stderr).toBe(0);
    expect(JSON.parse(built.stdout)).toMatchObject({ method: 'norm-scan', metric: 'ip', params: { cosine: 1 } });
    const recs = await alsrec(['recommend', model, '--users', '10', '--k', '2']);
    const exact = await alsrec(['recommend', model, '--users', '10', '--k', '2', '--index', 'none']);
    expect(recs.stdout).toBe(exact.stdout);
    const bad = await alsrec(['index', model, '--method', 'norm-scan', '--cosine', '0']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("expected a number in (0, 1], got '0'");
  });

  it('builds an IVF index with its lists and probes (all lists: the exact lists), and refuses zero probes', async () => {
    const model = join(dir, 'model');
    const built = await alsrec(['index', model, '--method', 'ivf', '--lists', '2', '--nprobe', '2', '--json']);
    expect(built.code, built.stderr).toBe(0);
    expect(JSON.parse(built.stdout)).toMatchObject({ method: 'ivf', metric: 'ip', params: { lists: 2, probes: 2, kernels: 'wasm' } });
    const recs = await alsrec(['recommend', model, '--users', '10', '--k', '2']);
    const exact = await alsrec(['recommend', model, '--users', '10', '--k', '2', '--index', 'none']);
    expect(recs.stdout).toBe(exact.stdout);
    const bad = await alsrec(['index', model, '--method', 'ivf', '--nprobe', '0']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--nprobe');
  });
});
