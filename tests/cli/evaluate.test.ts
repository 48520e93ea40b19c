import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomSplit } from '../../src/data/split-random.js';
import { plantedLowRank } from '../../src/data/synthetic-low-rank.js';
import { writeInteractions } from '../../src/io/write-interactions.js';
import { alsrec } from './run-cli.js';

let dir: string;
const p = (f: string) => join(dir, f);
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alsrec-evaluate-'));
  // users 1..60, items 1..40 (int ids), ratings 3 + planted rank-2 values
  const { data } = plantedLowRank({ numUsers: 60, numItems: 40, rank: 2, density: 0.4, noise: 0.1, seed: 3 });
  const [train, test] = randomSplit({ ...data, ratings: data.ratings.map((r) => 3 + r) }, 0.75, 1);
  await writeInteractions(p('train.csv'), train!);
  await writeInteractions(p('test.csv'), test!);
  expect((await alsrec(['train', p('train.csv'), '--out', p('model'), '--rank', '2', '--max-iter', '3'])).code).toBe(0);
  expect((await alsrec(['train', p('train.csv'), '--out', p('implicit'), '--rank', '2', '--max-iter', '3', '--implicit'])).code).toBe(0);
  // names.csv: string ids the model cannot know; few.csv: 1 of 4 pairs known
  await writeFile(p('names.csv'), 'user,item,rating\nalice,heat,4\nbob,heat,3\n');
  await writeFile(p('few.csv'), 'user,item,rating\n1,1,4\n1001,2001,3\n1002,2002,3\n1003,2003,3\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('alsrec evaluate', () => {
  it('fails, naming the counts and an example id from each side, when no test pair matches the model', async () => {
    for (const json of [[], ['--json']]) {
      const r = await alsrec(['evaluate', p('model'), '--test', p('names.csv'), ...json]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/none of the 2 test pairs can be scored: the model knows 0 of the 2 test users and 0 of the 1 test items \(e\.g\. test user "alice", model user 1; test item "heat", model item 1\)/);
    }
  });

  it('warns on stderr with the counts when few test pairs match, and still scores them', async () => {
    const r = await alsrec(['evaluate', p('model'), '--test', p('few.csv'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: .*few\.csv: only 1 of 4 test pairs \(25\.0%\) can be scored: the model knows 1 of the 4 test users and 1 of the 4 test items/);
    expect(JSON.parse(r.stdout).ratedPairs).toBe(1);
  });

  it('says once that a model directory without alsrec.json has Spark integer ids, and reports string ids against it as a mismatch', async () => {
    await cp(p('model'), p('spark-only'), { recursive: true });
    await rm(p('spark-only/alsrec.json'));
    const ok = await alsrec(['evaluate', p('spark-only'), '--test', p('test.csv'), '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr.match(/has no alsrec\.json \(a plain Spark model\): its ids are Spark's integer ids/g)).toHaveLength(1);
    const bad = await alsrec(['evaluate', p('spark-only'), '--test', p('names.csv')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/none of the 2 test pairs can be scored.*\(.*spark-only has no alsrec\.json, so its ids are Spark's integer ids\)/);
  });

  it('labels the rating metrics of an implicit model not meaningful, and flags them in JSON', async () => {
    const table = await alsrec(['evaluate', p('implicit'), '--test', p('test.csv')]);
    expect(table.code, table.stderr).toBe(0);
    const [ranking, rating] = table.stdout.split('rating metrics — not meaningful for implicit feedback');
    expect(ranking).toMatch(/precision@10/);
    expect(ranking).not.toMatch(/RMSE/);
    expect(rating).toMatch(/RMSE/);
    const json = JSON.parse((await alsrec(['evaluate', p('implicit'), '--test', p('test.csv'), '--json'])).stdout);
    expect([json.ratingMetricsMeaningful, typeof json.rmse]).toEqual([false, 'number']);
    const explicit = JSON.parse((await alsrec(['evaluate', p('model'), '--test', p('test.csv'), '--json'])).stdout);
    expect(explicit.ratingMetricsMeaningful).toBeUndefined();
  });
});

describe('alsrec train', () => {
  it('refuses --alpha without --implicit, and writes nothing', async () => {
    const r = await alsrec(['train', p('train.csv'), '--out', p('alpha-model'), '--alpha', '5']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--alpha sets the confidence of implicit feedback and does nothing without --implicit/);
    expect(await import('node:fs').then((fs) => fs.existsSync(p('alpha-model')))).toBe(false);
  });
});

describe('alsrec recommend', () => {
  it('fails when the model knows none of the requested users, naming them', async () => {
    const r = await alsrec(['recommend', p('model'), '--users', 'nobody,0001']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/the model knows none of the 2 requested users \("nobody", "0001"\); its 60 users are ids like 1, 2, 3/);
  });

  it('lists the unknown ids on stderr and recommends for the known ones', async () => {
    const r = await alsrec(['recommend', p('model'), '--users', '1,nobody,2', '--k', '2']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: 1 of 3 requested users are unknown to the model and skipped: "nobody"/);
    expect(r.stdout.trim().split('\n').slice(1).map((l) => l.split(',')[0])).toEqual(['1', '1', '2', '2']);
  });

  it('does the same for --items', async () => {
    const r = await alsrec(['recommend', p('model'), '--items', 'zzz']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the model knows none of the 1 requested item \("zzz"\)/);
  });
});
