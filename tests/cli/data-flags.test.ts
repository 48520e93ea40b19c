import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alsrec } from './run-cli.js';

/**
 * Rating files as they come: MovieLens-like rows (user item rating timestamp) written with
 * different delimiters, with and without a header. 60 rows over 12 users × 10 items.
 */
const ROWS = Array.from({ length: 60 }, (_, r) => [1 + (r % 12), 101 + ((r * 7) % 10), 1 + (r % 5), 880000000 + r]);
const unique = [...new Map(ROWS.map((row) => [`${row[0]},${row[1]}`, row])).values()];
const lines = (sep: string) => unique.map((row) => row.join(sep)).join('\n') + '\n';

let dir: string;
const p = (f: string) => join(dir, f);
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alsrec-data-flags-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const quick = ['--rank', '2', '--max-iter', '1', '--json'];

describe('alsrec reading files as they come', () => {
  it('reads a space-separated .txt without a header, every row, and says what it detected', async () => {
    await writeFile(p('ratings.txt'), lines('  '));
    const r = await alsrec(['train', p('ratings.txt'), '--out', p('m-txt'), ...quick]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).rows).toBe(unique.length);
    expect(r.stderr).toBe(`alsrec: ${p('ratings.txt')}: read as whitespace-separated, no header (line 1 is data), columns user, item, rating, timestamp (otherwise pass --delimiter, --header, or --no-header --columns …)\n`);
  });

  it('reads a tab-separated .dat and a pipe-separated file without an extension', async () => {
    await writeFile(p('plays.dat'), lines('\t'));
    await writeFile(p('plays'), 'user|item|rating\n' + unique.map((row) => row.slice(0, 3).join('|')).join('\n'));
    for (const f of ['plays.dat', 'plays']) {
      const r = await alsrec(['split', p(f), '--train', p(`${f}-a.csv`), '--test', p(`${f}-b.csv`), '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).input).toBe(unique.length);
    }
  });

  it("never drops line 1 of a headerless --format tsv file, and refuses line 1's values as column names", async () => {
    await writeFile(p('nohead.tsv'), lines('\t'));
    const ok = await alsrec(['split', p('nohead.tsv'), '--format', 'tsv', '--train', p('nh-a.csv'), '--test', p('nh-b.csv'), '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).input).toBe(unique.length);
    const [u, i] = unique[0]!;
    const bad = await alsrec(['train', p('nohead.tsv'), '--format', 'tsv', '--user-col', String(u), '--item-col', String(i), '--out', p('m-bad')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(new RegExp(`the file has no header \\(line 1 is data: ${u}, ${i}, .*\\), so --user-col ${u} names no column; name the columns by position with --no-header --columns user,item,rating,timestamp`));
  });

  it("says a ';'-separated .csv looks like one and takes --delimiter ';'", async () => {
    await writeFile(p('semi.csv'), 'user;item;rating\n' + unique.map((row) => row.slice(0, 3).join(';')).join('\n'));
    const wrong = await alsrec(['train', p('semi.csv'), '--out', p('m-semi'), ...quick]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("the file looks ';'-separated (3 fields per line): pass --delimiter ';'");
    const right = await alsrec(['train', p('semi.csv'), '--delimiter', ';', '--out', p('m-semi'), ...quick]);
    expect(right.code, right.stderr).toBe(0);
  });

  it('names columns by position with --no-header --columns', async () => {
    await writeFile(p('three.txt'), unique.map((row) => `${row[1]} ${row[0]} ${row[2]}`).join('\n'));
    // Split copies each line as read (header: the names given); training reads by the names, so
    // the first field is the item: user 1 is known only if the columns were taken by position.
    const r = await alsrec(['split', p('three.txt'), '--no-header', '--columns', 'item,user,rating', '--train', p('three-a.csv'), '--test', p('three-b.csv'), '--ratio', '0.5']);
    expect(r.code, r.stderr).toBe(0);
    const written = (await readFile(p('three-a.csv'), 'utf8')) + (await readFile(p('three-b.csv'), 'utf8'));
    const [u, i, rating] = unique[0]!;
    expect(written).toMatch(/^item,user,rating$/m);
    expect(written).toMatch(new RegExp(`^${i},${u},${rating}$`, 'm'));
    const t = await alsrec(['train', p('three.txt'), '--no-header', '--columns', 'item,user,rating', '--out', p('m-three'), ...quick]);
    expect(t.code, t.stderr).toBe(0);
    expect(JSON.parse(t.stdout)).toMatchObject({ users: 12, items: 10 });
    const rec = await alsrec(['recommend', p('m-three'), '--users', String(u), '--k', '1']);
    expect(rec.code, rec.stderr).toBe(0);
  });
});

describe('alsrec --rating-col none', () => {
  it('binarises a file that has ratings, MovieLens u.data included: every row counts 1', async () => {
    // Trained on 1s (binarised), the model predicts about 1: close to the binarised file, far from
    // its real ratings (1–5, mean 3).
    await writeFile(p('u.data'), lines('\t'));
    const t = await alsrec(['train', p('u.data'), '--rating-col', 'none', '--out', p('m-bin'), '--rank', '2', '--max-iter', '10', '--reg-param', '0.01']);
    expect(t.code, t.stderr).toBe(0);
    const asOnes = await alsrec(['evaluate', p('m-bin'), '--test', p('u.data'), '--rating-col', 'none', '--json']);
    const asRated = await alsrec(['evaluate', p('m-bin'), '--test', p('u.data'), '--json']);
    expect(asOnes.code, asOnes.stderr).toBe(0);
    expect(JSON.parse(asOnes.stdout).rmse).toBeLessThan(0.2);
    expect(JSON.parse(asRated.stdout).rmse).toBeGreaterThan(1);
  });

  it('is recorded in the model by train and by tune --save-best', async () => {
    await writeFile(p('r.csv'), 'user,item,rating\n' + unique.map((row) => row.slice(0, 3).join(',')).join('\n'));
    const train = await alsrec(['train', p('r.csv'), '--rating-col', 'none', '--implicit', '--out', p('m-none'), ...quick]);
    expect(train.code, train.stderr).toBe(0);
    const tune = await alsrec(['tune', p('r.csv'), '--rating-col', 'none', '--train-ratio', '0.8', '--implicit', '--grid', 'rank=1,2', '--set', 'maxIter=1', '--parallelism', '1', '--save-best', p('best-none'), '--json']);
    expect(tune.code, tune.stderr).toBe(0);
    for (const m of ['m-none', 'best-none']) {
      expect(JSON.parse(await readFile(p(`${m}/alsrec.json`), 'utf8')).options.ratingCol, m).toBe('none');
    }
  });
});
