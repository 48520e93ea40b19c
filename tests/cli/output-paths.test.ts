import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { link, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { plantedLowRank } from '../../src/data/synthetic-low-rank.js';
import { writeInteractions } from '../../src/io/write-interactions.js';
import { checkOutputs } from '../../src/cli/output-paths.js';
import { alsrec } from './run-cli.js';

/**
 * Data safety of every verb that writes: an output is never an input (by any spelling, symbolic
 * or hard link) nor another output; an existing file is replaced only with --overwrite, and only
 * by its kind; a failing command leaves nothing behind. Each case runs in its own folder and
 * compares the folder's files before and after.
 */
let root: string;
let ratings: string;
let n = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'alsrec-outputs-'));
  const { data } = plantedLowRank({ numUsers: 40, numItems: 30, rank: 2, density: 0.3, noise: 0.1, seed: 3 });
  await writeInteractions(join(root, 'ratings.csv'), { ...data, ratings: data.ratings.map((r) => 3 + r) });
  ratings = await readFile(join(root, 'ratings.csv'), 'utf8');
  const setup = await alsrec(['split', join(root, 'ratings.csv'), '--train', join(root, 'train.csv'), '--test', join(root, 'test.csv')]);
  expect(setup.code, setup.stderr).toBe(0);
  const model = await alsrec(['train', join(root, 'train.csv'), '--out', join(root, 'model'), '--rank', '2', '--max-iter', '2']);
  expect(model.code, model.stderr).toBe(0);
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** A fresh folder holding r.csv (the ratings), train.csv, test.csv and a model directory. */
async function scratch(): Promise<{ dir: string; p: (f: string) => string; files: () => Promise<Record<string, string>> }> {
  const dir = join(root, `case-${++n}`);
  await mkdir(dir);
  const p = (f: string) => join(dir, f);
  await writeFile(p('r.csv'), ratings);
  for (const f of ['train.csv', 'test.csv']) await writeFile(p(f), await readFile(join(root, f)));
  await mkdir(p('model'));
  for (const f of await readdir(join(root, 'model'), { recursive: true, withFileTypes: true })) {
    const rel = join(f.parentPath ?? f.path, f.name).slice(join(root, 'model').length + 1);
    if (f.isDirectory()) await mkdir(join(p('model'), rel), { recursive: true });
    else await writeFile(join(p('model'), rel), await readFile(join(root, 'model', rel)));
  }
  /** Every file under the folder (hidden ones too) with its contents, to compare before and after. */
  const files = async () => {
    const out: Record<string, string> = {};
    for (const f of await readdir(dir, { recursive: true, withFileTypes: true })) {
      if (f.isFile()) {
        const path = join(f.parentPath ?? f.path, f.name);
        out[path.slice(dir.length + 1)] = (await readFile(path)).toString('base64');
      }
    }
    return out;
  };
  return { dir, p, files };
}

/** Runs a command that must fail, and checks it changed no file in the folder. */
async function refused(s: Awaited<ReturnType<typeof scratch>>, args: string[]) {
  const before = await s.files();
  const r = await alsrec(args);
  expect(r.code, r.stdout).toBe(1);
  expect(await s.files()).toEqual(before);
  return r.stderr;
}

describe('alsrec split', () => {
  it('refuses to write its own input, by any spelling or link, and leaves it whole', async () => {
    const s = await scratch();
    await symlink(s.p('r.csv'), s.p('link.csv'));
    await link(s.p('r.csv'), s.p('hard.csv'));
    expect(await refused(s, ['split', s.p('r.csv'), '--train', s.p('r.csv'), '--test', s.p('b.csv')])).toMatch(/--train .*r\.csv is the input .*r\.csv; writing it would destroy the data/);
    expect(await refused(s, ['split', s.p('r.csv'), '--train', s.p('a.csv'), '--test', join(s.dir, '..', `case-${n}`, '.', 'r.csv')])).toMatch(/--test .* is the input/);
    expect(await refused(s, ['split', s.p('link.csv'), '--train', s.p('r.csv'), '--test', s.p('b.csv')])).toMatch(/is the input .*link\.csv/);
    expect(await refused(s, ['split', s.p('r.csv'), '--train', s.p('hard.csv'), '--test', s.p('b.csv'), '--overwrite'])).toMatch(/hard\.csv is the input/);
  });

  it('refuses the same file as --train and --test', async () => {
    const s = await scratch();
    expect(await refused(s, ['split', s.p('r.csv'), '--train', s.p('same.csv'), '--test', join(s.dir, '.', 'same.csv')])).toMatch(/--test .*same\.csv is the same path as --train .*same\.csv; give each output its own path/);
  });

  it('replaces an existing output only with --overwrite', async () => {
    const s = await scratch();
    expect(await refused(s, ['split', s.p('r.csv'), '--train', s.p('train.csv'), '--test', s.p('new.csv')])).toMatch(/--train .*train\.csv already exists; choose another path or pass --overwrite/);
    const r = await alsrec(['split', s.p('r.csv'), '--train', s.p('train.csv'), '--test', s.p('new.csv'), '--overwrite']);
    expect(r.code, r.stderr).toBe(0);
    expect((await readdir(s.dir)).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('writes both files or neither: an output whose folder is a file fails before anything is written', async () => {
    const s = await scratch();
    expect(await refused(s, ['split', s.p('r.csv'), '--train', s.p('a.csv'), '--test', join(s.p('test.csv'), 'b.csv')])).toMatch(/test\.csv is a file, not a folder/);
    expect(await refused(s, ['split', s.p('r.csv'), '--train', s.p('nope.csv') + '/', '--test', s.p('b.csv')])).toMatch(/--train .*nope\.csv\/ ends in a folder separator; give a file name/);
    await mkdir(s.p('d'));
    expect(await refused(s, ['split', s.p('r.csv'), '--train', s.p('d'), '--test', s.p('b.csv'), '--overwrite'])).toMatch(/--train .*d is a directory; give a file name/);
  });
});

describe('alsrec train', () => {
  it('replaces only a model directory, never a CSV file or another folder, even with --overwrite', async () => {
    const s = await scratch();
    expect(await refused(s, ['train', s.p('r.csv'), '--out', s.p('test.csv'), '--overwrite'])).toMatch(/--out .*test\.csv exists and is not a model directory \(it is a file\); only a model directory is ever replaced/);
    await mkdir(s.p('photos'));
    await writeFile(s.p('photos/cat.jpg'), 'meow');
    expect(await refused(s, ['train', s.p('r.csv'), '--out', s.p('photos'), '--overwrite'])).toMatch(/photos exists and is not a model directory \(no metadata\/ folder in it\)/);
    expect(await refused(s, ['train', s.p('r.csv'), '--out', s.p('r.csv'), '--overwrite'])).toMatch(/--out .*r\.csv is the input/);
  });

  it('refuses to replace a model directory that holds its input', async () => {
    const s = await scratch();
    await writeFile(s.p('model/rows.csv'), ratings);
    expect(await refused(s, ['train', s.p('model/rows.csv'), '--out', s.p('model'), '--overwrite'])).toMatch(/--out .*model holds the input .*rows\.csv; replacing the directory would delete it/);
  });

  it('replaces a model directory with --overwrite, leaving no temporary behind', async () => {
    const s = await scratch();
    const r = await alsrec(['train', s.p('r.csv'), '--out', s.p('model'), '--overwrite', '--rank', '3', '--max-iter', '1', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(await readFile(s.p('model/alsrec.json'), 'utf8')).options.rank).toBe(3);
    expect((await readdir(s.dir)).sort()).toEqual(['model', 'r.csv', 'test.csv', 'train.csv']);
  });
});

describe('alsrec recommend --out', () => {
  it('refuses its --exclude input, a file inside the model directory, an existing file, and a non-CSV name', async () => {
    const s = await scratch();
    expect(await refused(s, ['recommend', s.p('model'), '--exclude', s.p('train.csv'), '--out', s.p('train.csv'), '--overwrite'])).toMatch(/--out .*train\.csv is the --exclude input/);
    expect(await refused(s, ['recommend', s.p('model'), '--out', s.p('model/recs.csv')])).toMatch(/--out .*recs\.csv is inside the input .*model; write outside it/);
    expect(await refused(s, ['recommend', s.p('model'), '--out', s.p('test.csv')])).toMatch(/test\.csv already exists; choose another path or pass --overwrite/);
    expect(await refused(s, ['recommend', s.p('model'), '--out', s.p('recs.pdf')])).toMatch(/--out .*recs\.pdf: recommendations are written as CSV, JSON lines, Parquet or Arrow IPC; give a name ending in \.csv or \.jsonl or \.parquet or \.arrow/);
  });

  it('says "1 item", not "1 items"', async () => {
    const s = await scratch();
    const item = (await readFile(s.p('train.csv'), 'utf8')).split('\n')[1]!.split(',')[1]!;
    const r = await alsrec(['recommend', s.p('model'), '--items', item, '--k', '2', '--out', s.p('fans.csv')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^1 item × top 2 → /);
  });
});

describe('alsrec tune outputs', () => {
  const grid = ['--grid', 'rank=1,2', '--set', 'maxIter=2', '--parallelism', '1'];

  it('checks every output before the search: a --report under a file leaves no heatmap behind (was: raw EEXIST after writing it)', async () => {
    const s = await scratch();
    const err = await refused(s, ['tune', s.p('train.csv'), '--test', s.p('test.csv'), ...grid, '--heatmap', s.p('h.svg'), '--report', join(s.p('test.csv'), 't.html')]);
    expect(err).toMatch(/^alsrec tune: --report .*t\.html: .*test\.csv is a file, not a folder/);
    expect(err).not.toMatch(/EEXIST/);
  });

  it('refuses a report that is not HTML, an output that is an input, two outputs on one path, and a CSV as --save-best', async () => {
    const s = await scratch();
    const t = ['tune', s.p('train.csv'), '--test', s.p('test.csv'), ...grid];
    expect(await refused(s, [...t, '--report', s.p('x.pdf')])).toMatch(/--report .*x\.pdf: the report is a self-contained HTML page; give a name ending in \.html/);
    expect(await refused(s, [...t, '--report', s.p('test.csv')])).toMatch(/--report .*test\.csv: the report is a self-contained HTML page/);
    expect(await refused(s, [...t, '--heatmap', s.p('h.svg'), '--report', s.p('h.svg')])).toMatch(/--report .*h\.svg: the report is/);
    expect(await refused(s, [...t, '--save-best', s.p('train.csv'), '--overwrite'])).toMatch(/--save-best .*train\.csv is the input/);
    expect(await refused(s, [...t, '--save-best', s.p('r.csv'), '--overwrite'])).toMatch(/--save-best .*r\.csv exists and is not a model directory/);
    expect(await refused(s, [...t, '--heatmap', s.p('r.svg'), '--report', s.p('r.html'), '--save-best', s.p('model')])).toMatch(/--save-best .*model already exists/);
  });

  it('refuses a heatmap or report of a grid that varies nothing before searching (was: an error after the search)', async () => {
    const s = await scratch();
    const err = await refused(s, ['tune', s.p('train.csv'), '--test', s.p('test.csv'), '--grid', 'rank=2', '--report', s.p('t.html')]);
    expect(err).toBe('alsrec tune: --report lays the metric out over the searched parameters, and this grid varies none; give a --grid with two or more values, e.g. --grid rank=10,20\n');
  });

  it('writes heatmap, report and best model together, and names the verb once in errors', async () => {
    const s = await scratch();
    const r = await alsrec(['tune', s.p('train.csv'), '--test', s.p('test.csv'), ...grid, '--heatmap', s.p('h.svg'), '--report', s.p('t.html'), '--save-best', s.p('best')]);
    expect(r.code, r.stderr).toBe(0);
    expect((await readdir(s.dir)).sort()).toEqual(['best', 'h.svg', 'model', 'r.csv', 't.html', 'test.csv', 'train.csv']);
    const noGrid = await alsrec(['tune', s.p('train.csv'), '--test', s.p('test.csv')]);
    expect(noGrid.stderr).toMatch(/^alsrec tune: no --grid given/);
  });
});

describe('alsrec quickstart --report', () => {
  it('refuses a non-HTML report, an existing one without --overwrite, and one inside the data folder, before reading anything', async () => {
    const s = await scratch();
    await mkdir(s.p('ml'));
    await writeFile(s.p('ml/u.data'), '1\t1\t5\t0\n');
    await writeFile(s.p('old.html'), '<p>keep me</p>');
    const q = ['quickstart', '--data', s.p('ml')];
    expect(await refused(s, [...q, '--report', s.p('x.pdf')])).toMatch(/--report .*x\.pdf: the report is a self-contained HTML page/);
    expect(await refused(s, [...q, '--report', s.p('old.html')])).toMatch(/old\.html already exists; choose another path or pass --overwrite/);
    expect(await refused(s, [...q, '--report', s.p('ml/r.html')])).toMatch(/--report .*r\.html is inside the --data input .*ml; write outside it/);
  });
});

describe('alsrec events --out', () => {
  it('refuses its own log, its weights file, an existing file and a name that is not CSV, TSV or Parquet', async () => {
    const s = await scratch();
    await writeFile(s.p('log.csv'), 'user,item,event\n1,2,click\n1,3,click\n');
    await writeFile(s.p('w.json'), '{"click": 1}');
    expect(await refused(s, ['events', s.p('log.csv'), '--out', s.p('log.csv'), '--overwrite'])).toMatch(/--out .*log\.csv is the input .*log\.csv/);
    expect(await refused(s, ['events', s.p('log.csv'), '--weights', s.p('w.json'), '--out', s.p('w.json')])).toMatch(/--out .*w\.json: interactions are written as CSV, TSV or Parquet/);
    expect(await refused(s, ['events', s.p('log.csv'), '--out', s.p('train.csv')])).toMatch(/--out .*train\.csv already exists; choose another path or pass --overwrite/);
    const r = await alsrec(['events', s.p('log.csv'), '--out', s.p('pairs.tsv')]);
    expect(r.code, r.stderr).toBe(0);
    expect(await readFile(s.p('pairs.tsv'), 'utf8')).toMatch(/^user\titem\trating/);
  });
});

describe('alsrec spark (checked before spark-submit starts)', () => {
  it('refuses a local --out that is the input, or that exists and is not a model / Parquet directory', async () => {
    const s = await scratch();
    expect(await refused(s, ['spark', 'train', s.p('r.csv'), '--out', s.p('r.csv'), '--overwrite'])).toMatch(/^alsrec spark: --out .*r\.csv is the input/);
    expect(await refused(s, ['spark', 'train', s.p('r.csv'), '--out', s.p('test.csv'), '--overwrite'])).toMatch(/--out .*test\.csv exists and is not a model directory/);
    expect(await refused(s, ['spark', 'recommend', s.p('model'), '--out', s.p('model/recs.parquet')])).toMatch(/--out .*recs\.parquet is inside the input .*model/);
    expect(await refused(s, ['spark', 'recommend', s.p('model'), '--out', s.p('train.csv'), '--overwrite'])).toMatch(/--out .*train\.csv exists and is not a directory of Parquet parts \(it is a file\)/);
  });
});

describe('checkOutputs', () => {
  it('names a symbolic link to a folder that does not exist', async () => {
    const s = await scratch();
    await symlink(join(s.dir, 'nowhere'), s.p('dangling'));
    await expect(checkOutputs({ verb: 'x', inputs: [], outputs: [{ flag: '--out', path: s.p('dangling/a.csv'), kind: 'file' }], overwrite: false })).rejects.toThrow(
      /dangling is a symbolic link to a folder that does not exist/,
    );
  });

  it('sees through a symbolic link to a folder: a new file reached both ways is one file', async () => {
    const s = await scratch();
    await mkdir(s.p('out'));
    await symlink(s.p('out'), s.p('alias'));
    await expect(
      checkOutputs({
        verb: 'x',
        inputs: [],
        outputs: [
          { flag: '--train', path: s.p('out/a.csv'), kind: 'file' },
          { flag: '--test', path: s.p('alias/a.csv'), kind: 'file' },
        ],
        overwrite: false,
      }),
    ).rejects.toThrow(/--test .*alias\/a\.csv is the same path as --train/);
  });
});
