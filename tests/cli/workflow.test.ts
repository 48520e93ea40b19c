import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { plantedLowRank } from '../../src/data/synthetic-low-rank.js';
import { writeInteractions } from '../../src/io/write-interactions.js';
import { alsrec } from './run-cli.js';
import { openDuckSession, sqlString } from '../../src/io/duckdb-session.js';
import { tableFromIPC } from 'apache-arrow';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alsrec-cli-'));
  // 1–5 style ratings from a planted rank-2 matrix: 120 users × 60 items, 30% observed.
  const { data } = plantedLowRank({ numUsers: 120, numItems: 60, rank: 2, density: 0.3, noise: 0.1, seed: 4 });
  const shifted = { ...data, ratings: data.ratings.map((r) => 3 + r) };
  await writeInteractions(join(dir, 'ratings.csv'), shifted);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('alsrec split → train → evaluate → recommend', () => {
  it('runs the whole workflow on a CSV file', async () => {
    const p = (f: string) => join(dir, f);
    const split = await alsrec(['split', p('ratings.csv'), '--train', p('train.csv'), '--test', p('test.csv'), '--json']);
    expect(split.code, split.stderr).toBe(0);
    const sizes = JSON.parse(split.stdout);
    expect(sizes.train + sizes.test).toBe(sizes.input);
    expect(sizes.train).toBe(Math.round(0.75 * sizes.input));

    const train = await alsrec(['train', p('train.csv'), '--out', p('model'), '--rank', '3', '--max-iter', '10', '--reg-param', '0.01', '--json']);
    expect(train.code, train.stderr).toBe(0);
    expect(JSON.parse(train.stdout).rank).toBe(3);
    expect((await readdir(p('model'))).sort()).toEqual(['alsrec.json', 'itemFactors', 'metadata', 'userFactors']);

    const evaluation = await alsrec(['evaluate', p('model'), '--test', p('test.csv'), '--train', p('train.csv'), '--k', '5', '--json']);
    expect(evaluation.code, evaluation.stderr).toBe(0);
    const m = JSON.parse(evaluation.stdout);
    for (const key of ['rmse', 'mae', 'rsquared', 'explainedVariance', 'precisionAtK', 'recallAtK', 'ndcgAtK', 'map', 'mapAtK', 'k']) {
      expect(m, key).toHaveProperty(key);
    }
    expect(m.k).toBe(5);
    expect(m.rmse).toBeLessThan(0.2); // planted rank 2 plus the constant 3 is rank 3; noise σ = 0.1: a recovered model predicts near it

    const recommend = await alsrec(['recommend', p('model'), '--k', '3', '--exclude', p('train.csv'), '--out', p('recs.csv')]);
    expect(recommend.code, recommend.stderr).toBe(0);
    const lines = (await readFile(p('recs.csv'), 'utf8')).trim().split('\n');
    expect(lines[0]).toBe('user,item,rank,score');
    const trainPairs = new Set((await readFile(p('train.csv'), 'utf8')).trim().split('\n').slice(1).map((l) => l.split(',').slice(0, 2).join(',')));
    const recPairs = lines.slice(1).map((l) => l.split(',').slice(0, 2).join(','));
    expect(recPairs.length).toBeGreaterThan(0);
    for (const pair of recPairs) expect(trainPairs.has(pair)).toBe(false);

    const jsonl = await alsrec(['recommend', p('model'), '--users', '1,2,99999', '--k', '2']);
    expect(jsonl.code).toBe(0);
    expect(jsonl.stdout.trim().split('\n').slice(1).map((l) => l.split(',')[0])).toEqual(['1', '1', '2', '2']);
  });
});

describe('alsrec split → train → recommend on Parquet', () => {
  it('trains on a Parquet split the same model as on the same rows in CSV, and writes recommendations as Parquet', async () => {
    const p = (f: string) => join(dir, f);
    // The same seed splits the same rows: one split to Parquet, one to CSV, one to Arrow IPC.
    for (const ext of ['parquet', 'csv', 'arrow']) {
      const split = await alsrec(['split', p('ratings.csv'), '--train', p(`ptrain.${ext}`), '--test', p(`ptest.${ext}`), '--seed', '3']);
      expect(split.code, split.stderr).toBe(0);
      const train = await alsrec(['train', p(`ptrain.${ext}`), '--out', p(`pmodel-${ext}`), '--rank', '3', '--max-iter', '5', '--seed', '1']);
      expect(train.code, train.stderr).toBe(0);
    }
    const recs = async (ext: string) => {
      const r = await alsrec(['recommend', p(`pmodel-${ext}`), '--k', '3', '--exclude', p(`ptrain.${ext}`)]);
      expect(r.code, r.stderr).toBe(0);
      return r.stdout;
    };
    const fromCsv = await recs('csv');
    expect(await recs('parquet')).toBe(fromCsv); // same rows, same ids, same fit: identical lists and scores
    expect(await recs('arrow')).toBe(fromCsv);
    const evaluation = await alsrec(['evaluate', p('pmodel-parquet'), '--test', p('ptest.parquet'), '--train', p('ptrain.parquet'), '--json']);
    expect(evaluation.code, evaluation.stderr).toBe(0);
    expect(JSON.parse(evaluation.stdout).rmse).toBeLessThan(0.3);

    const flat = await alsrec(['recommend', p('pmodel-parquet'), '--k', '3', '--exclude', p('ptrain.parquet'), '--out', p('recs.parquet'), '--flat']);
    expect(flat.code, flat.stderr).toBe(0);
    const db = await openDuckSession('test');
    try {
      const rows = await db.rows(`SELECT "user", item, rank, score FROM read_parquet(${sqlString(p('recs.parquet'))})`);
      // float32 scores printed by JavaScript's shortest form, as the CSV prints them
      expect(['user,item,rank,score', ...rows.map(([u, i, r, s]) => `${u},${i},${r},${Math.fround(s as number)}`)].join('\n') + '\n').toBe(fromCsv);
    } finally {
      db.close();
    }
    const arrowFlat = await alsrec(['recommend', p('pmodel-arrow'), '--k', '3', '--exclude', p('ptrain.arrow'), '--out', p('recs.arrow'), '--flat']);
    expect(arrowFlat.code, arrowFlat.stderr).toBe(0);
    const arrowRows = tableFromIPC(await readFile(p('recs.arrow'))).toArray() as { user: number; item: number; rank: number; score: number }[];
    expect(['user,item,rank,score', ...arrowRows.map((r) => `${r.user},${r.item},${r.rank},${r.score}`)].join('\n') + '\n').toBe(fromCsv);
    const misuse = await alsrec(['recommend', p('pmodel-parquet'), '--k', '3', '--out', p('recs2.csv'), '--flat']);
    expect(misuse.code).not.toBe(0);
    expect(misuse.stderr).toContain('--flat applies to --out FILE.parquet');
  });
});

describe('alsrec errors', () => {
  it('rejects a bad option value, naming it', async () => {
    const r = await alsrec(['train', 'x.csv', '--out', 'm', '--rank', '0']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--rank.*expected an integer from 1.*got '0'/s);
  });

  it('names the file and line of a malformed row, and leaves no model behind', async () => {
    const bad = join(dir, 'bad.csv');
    await writeFile(bad, 'user,item,rating\n1,2,3\n4,5\n');
    const r = await alsrec(['train', bad, '--out', join(dir, 'bad-model')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('bad.csv');
    expect(r.stderr).toMatch(/line 3/);
    await expect(readdir(join(dir, 'bad-model'))).rejects.toThrow();
  });

  it('refuses to overwrite an existing model directory unless asked', async () => {
    const data = join(dir, 'tiny.csv');
    await writeFile(data, 'user,item,rating\n1,1,5\n1,2,3\n2,1,4\n');
    const out = join(dir, 'tiny-model');
    expect((await alsrec(['train', data, '--out', out, '--rank', '1'])).code).toBe(0);
    const again = await alsrec(['train', data, '--out', out, '--rank', '1']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists.*--overwrite/);
    expect((await alsrec(['train', data, '--out', out, '--rank', '1', '--overwrite'])).code).toBe(0);
  });

  it('says what is missing when a model directory is not one', async () => {
    const r = await alsrec(['evaluate', dir, '--test', join(dir, 'tiny.csv')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(dir);
  });

  it('prints help for every verb', async () => {
    const top = await alsrec(['--help']);
    expect(top.code).toBe(0);
    for (const verb of ['quickstart', 'split', 'train', 'evaluate', 'recommend', 'tune']) {
      expect(top.stdout).toContain(verb);
      const h = await alsrec([verb, '--help']);
      expect(h.code).toBe(0);
      expect(h.stdout).toMatch(/Usage: alsrec /);
    }
  });
});
