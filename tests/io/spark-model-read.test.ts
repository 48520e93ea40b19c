import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdir, mkdtemp, readFile, readdir, rename, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetMetadata } from 'hyparquet';
import { readSparkModel } from '../../src/io/spark-model-read.js';
import { writeSparkModel } from '../../src/io/spark-model-write.js';
import { sparkFixtures } from './spark-fixtures.js';

/** Rows a factor directory holds according to its Parquet footers (not our decoder). */
async function footerRows(dir: string): Promise<number> {
  let rows = 0;
  for (const f of (await readdir(dir)).filter((n) => n.startsWith('part-'))) {
    const b = await readFile(join(dir, f));
    rows += Number(parquetMetadata(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer).num_rows);
  }
  return rows;
}

function allFinite(a: Float32Array): boolean {
  return a.every((x) => Number.isFinite(x));
}

describe.skipIf(!sparkFixtures)('readSparkModel on models saved by Spark', () => {
  const fixture = (name: string) => join(sparkFixtures!, name);

  it('reads Spark 2.4.4 rank 5: metadata, and as many rows as the footers count, each 5 finite floats', async () => {
    const dir = fixture('spark-2.4.4-rank5');
    const m = await readSparkModel(dir);
    expect(m.metadata).toMatchObject({ class: 'org.apache.spark.ml.recommendation.ALSModel', sparkVersion: '2.4.4', rank: 5 });
    expect(m.metadata.paramMap).toEqual({ userCol: 'userId', itemCol: 'shopId' });
    expect(m.userFactors.ids.length).toBe(await footerRows(join(dir, 'userFactors')));
    expect(m.itemFactors.ids.length).toBe(await footerRows(join(dir, 'itemFactors')));
    expect(m.userFactors.factors.length).toBe(m.userFactors.ids.length * 5);
    expect(allFinite(m.userFactors.factors) && allFinite(m.itemFactors.factors)).toBe(true);
  });

  it('reads Spark 3.0.2 on MovieLens 100k: 943 users and 1682 items (the data set has both counts), rank 10', async () => {
    const dir = fixture('spark-3.0.2-ml100k-rank10');
    const m = await readSparkModel(dir);
    expect(m.metadata.rank).toBe(10);
    expect(m.userFactors.ids.length).toBe(943);
    expect(m.itemFactors.ids.length).toBe(await footerRows(join(dir, 'itemFactors')));
    expect(m.itemFactors.ids.length).toBe(1682);
    // MovieLens 100k numbers users 1..943 and items 1..1682.
    expect([...m.userFactors.ids].sort((a, b) => a - b)).toEqual(Array.from({ length: 943 }, (_, i) => i + 1));
    expect(allFinite(m.userFactors.factors) && allFinite(m.itemFactors.factors)).toBe(true);
  });

  it('reads Spark 3.5.3 and keeps negative ids, down to near the int32 minimum', async () => {
    const dir = fixture('spark-3.5.3-rank10-negative-ids');
    const m = await readSparkModel(dir);
    expect(m.metadata).toMatchObject({ sparkVersion: '3.5.3', rank: 10, uid: 'ALS_7857287181c4' });
    expect(m.userFactors.ids.length).toBe(await footerRows(join(dir, 'userFactors')));
    expect(m.itemFactors.ids.length).toBe(await footerRows(join(dir, 'itemFactors')));
    const negatives = m.userFactors.ids.filter((id) => id < 0).length;
    expect(negatives).toBeGreaterThan(0);
    expect(m.userFactors.ids.reduce((a, b) => Math.min(a, b))).toBeLessThan(-(2 ** 30));
    expect(allFinite(m.userFactors.factors) && allFinite(m.itemFactors.factors)).toBe(true);
  });

  it('reads a Spark 4 layout, where the metadata file is part-00000-<uuid>-c000.txt', async () => {
    const tmp = await mkdtemp(join(tmpdir(), 'alsrec-spark4-'));
    try {
      const dir = join(tmp, 'model');
      await cp(fixture('spark-2.4.4-rank5'), dir, { recursive: true });
      await rm(join(dir, 'metadata', 'part-00000'), { force: true });
      await rm(join(dir, 'metadata', '.part-00000.crc'), { force: true });
      const line = await readFile(join(fixture('spark-2.4.4-rank5'), 'metadata', 'part-00000'), 'utf8');
      await writeFile(join(dir, 'metadata', 'part-00000-0b8e6c2a-3f4d-4e5f-9a1b-2c3d4e5f6a7b-c000.txt'), line);
      const m = await readSparkModel(dir);
      expect(m.metadata.rank).toBe(5);
      expect(m.userFactors.ids.length).toBe(await footerRows(join(dir, 'userFactors')));
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});

describe('readSparkModel refuses what is not an ALS model, naming the path and what it expected', () => {
  let tmp: string;
  let model: string;

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'alsrec-read-errors-'));
    model = join(tmp, 'good');
    await writeSparkModel(model, {
      metadata: { rank: 2 },
      userFactors: { ids: Int32Array.of(1, 2), factors: Float32Array.of(1, 2, 3, 4), rank: 2 },
      itemFactors: { ids: Int32Array.of(5), factors: Float32Array.of(5, 6), rank: 2 },
    });
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  /** A fresh copy of the good model, changed by `damage`. */
  async function damaged(name: string, damage: (dir: string) => Promise<void>): Promise<string> {
    const dir = join(tmp, name);
    await cp(model, dir, { recursive: true });
    await damage(dir);
    return dir;
  }

  async function partFile(dir: string): Promise<string> {
    const f = (await readdir(dir)).find((n) => n.startsWith('part-'));
    return join(dir, f!);
  }

  it('a path that does not exist', async () => {
    const dir = join(tmp, 'nowhere');
    await expect(readSparkModel(dir)).rejects.toThrow(`${dir} does not exist; expected a Spark ALSModel directory`);
  });

  it('an empty directory', async () => {
    const dir = join(tmp, 'empty');
    await mkdir(dir);
    await expect(readSparkModel(dir)).rejects.toThrow(`${dir} is empty; expected a Spark ALSModel directory`);
  });

  it('a directory that is not a model', async () => {
    const dir = join(tmp, 'photos');
    await mkdir(dir);
    await writeFile(join(dir, 'cat.jpg'), 'meow');
    await expect(readSparkModel(dir)).rejects.toThrow(`${dir} has no metadata/ (it holds cat.jpg)`);
  });

  it('a model whose metadata/ holds no part file', async () => {
    const dir = await damaged('no-metadata-file', (d) => rm(join(d, 'metadata', 'part-00000')));
    await expect(readSparkModel(dir)).rejects.toThrow(`${join(dir, 'metadata')} holds no metadata file; expected part-00000`);
  });

  it('a model of another class, naming the class found', async () => {
    const dir = await damaged('logistic', async (d) => {
      const path = join(d, 'metadata', 'part-00000');
      const json = JSON.parse(await readFile(path, 'utf8'));
      json.class = 'org.apache.spark.ml.classification.LogisticRegressionModel';
      await writeFile(path, JSON.stringify(json) + '\n');
    });
    await expect(readSparkModel(dir)).rejects.toThrow(
      'this is a org.apache.spark.ml.classification.LogisticRegressionModel model, not an ALS model',
    );
  });

  it('metadata that is not JSON', async () => {
    const dir = await damaged('garbled', (d) => writeFile(join(d, 'metadata', 'part-00000'), '{"class":'));
    await expect(readSparkModel(dir)).rejects.toThrow(`${join(dir, 'metadata', 'part-00000')} is not JSON`);
  });

  it('a missing itemFactors/', async () => {
    const dir = await damaged('no-items', (d) => rm(join(d, 'itemFactors'), { recursive: true }));
    await expect(readSparkModel(dir)).rejects.toThrow(`${join(dir, 'itemFactors')} is missing; expected a Spark ALSModel directory`);
  });

  it('a factor directory with only _SUCCESS', async () => {
    const dir = await damaged('no-parts', async (d) => rm(await partFile(join(d, 'userFactors'))));
    await expect(readSparkModel(dir)).rejects.toThrow(`${join(dir, 'userFactors')} holds no part files`);
  });

  it('a truncated Parquet part file', async () => {
    let path = '';
    const dir = await damaged('truncated', async (d) => {
      path = await partFile(join(d, 'userFactors'));
      const size = (await readFile(path)).length;
      await truncate(path, Math.floor(size / 2));
    });
    await expect(readSparkModel(dir)).rejects.toThrow(`${path} is not a readable Parquet file`);
  });

  it('a part file that is not Parquet at all', async () => {
    const dir = await damaged('text-part', (d) => writeFile(join(d, 'itemFactors', 'part-00009.txt'), 'hello'));
    await expect(readSparkModel(dir)).rejects.toThrow(`${join(dir, 'itemFactors', 'part-00009.txt')} is not a readable Parquet file`);
  });

  it('a rank in metadata that the rows do not have, naming the first row id', async () => {
    const dir = await damaged('rank3', async (d) => {
      const path = join(d, 'metadata', 'part-00000');
      const json = JSON.parse(await readFile(path, 'utf8'));
      json.rank = 3;
      await writeFile(path, JSON.stringify(json) + '\n');
    });
    await expect(readSparkModel(dir)).rejects.toThrow(/row 0 \(id 1\) has 2 floats in features; expected rank 3/);
  });

  it('an id that has two rows across part files', async () => {
    const dir = await damaged('dup', async (d) => {
      const part = await partFile(join(d, 'userFactors'));
      await cp(part, join(d, 'userFactors', 'part-00001-copy.snappy.parquet'));
    });
    await expect(readSparkModel(dir)).rejects.toThrow(`${join(dir, 'userFactors')}: id 1 has more than one factor row`);
  });

  it('ignores checksum and marker files (names starting with . or _)', async () => {
    const dir = await damaged('crc', async (d) => {
      await writeFile(join(d, 'userFactors', '.part-00000.crc'), 'not parquet');
      await writeFile(join(d, 'userFactors', '_committed_123'), 'not parquet');
      await rename(join(d, 'metadata', '_SUCCESS'), join(d, 'metadata', '._SUCCESS.crc'));
    });
    const m = await readSparkModel(dir);
    expect([...m.userFactors.ids]).toEqual([1, 2]);
  });
});
