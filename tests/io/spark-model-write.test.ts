import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetMetadata, parquetReadObjects, type FileMetaData } from 'hyparquet';
import { readSparkModel } from '../../src/io/spark-model-read.js';
import { writeSparkModel } from '../../src/io/spark-model-write.js';
import type { FactorTable } from '../../src/io/factor-table.js';
import { goldenDir, sparkFixtures } from './spark-fixtures.js';

let tmp: string;
let n = 0;
const fresh = () => join(tmp, `m${n++}`);
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'alsrec-write-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

async function footer(path: string): Promise<FileMetaData> {
  const b = await readFile(path);
  return parquetMetadata(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
}

async function onlyPart(dir: string): Promise<string> {
  const parts = (await readdir(dir)).filter((f) => f.startsWith('part-'));
  expect(parts).toHaveLength(1);
  return join(dir, parts[0]!);
}

/** Bit-exact equality (Object.is tells −0 from +0). */
function sameFloats(a: Float32Array, b: Float32Array): boolean {
  return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
}

const table = (ids: number[], factors: number[], rank: number): FactorTable => ({
  ids: Int32Array.from(ids),
  factors: Float32Array.from(factors),
  rank,
});

/** Random factor tables: unique ids anywhere in int32 (negatives, extremes), any non-NaN float32. */
const arbTable = (rank: number) =>
  fc
    .uniqueArray(fc.integer({ min: -2147483648, max: 2147483647 }), { maxLength: 40 })
    .chain((ids) =>
      fc
        .array(fc.float({ noNaN: true }), { minLength: ids.length * rank, maxLength: ids.length * rank })
        .map((f) => table(ids, f, rank)),
    );

describe('writeSparkModel then readSparkModel', () => {
  it('gives back the same ids and bit-identical factors (random tables, ranks 1..12)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 12 }).chain((rank) => fc.tuple(arbTable(rank), arbTable(rank))),
        async ([users, items]) => {
          const dir = fresh();
          await writeSparkModel(dir, { metadata: {}, userFactors: users, itemFactors: items });
          const back = await readSparkModel(dir);
          expect(back.metadata.rank).toBe(users.rank);
          expect(back.userFactors.ids).toEqual(users.ids);
          expect(back.itemFactors.ids).toEqual(items.ids);
          expect(sameFloats(back.userFactors.factors, users.factors)).toBe(true);
          expect(sameFloats(back.itemFactors.factors, items.factors)).toBe(true);
          await rm(dir, { recursive: true });
        },
      ),
      { numRuns: 25 },
    );
  });

  it('round-trips a 160k × 64 table (multi-page files) bit for bit', async () => {
    const rows = 160_000;
    const rank = 64;
    const ids = new Int32Array(rows);
    for (let i = 0; i < rows; i++) ids[i] = i * 7 - 500_000;
    const factors = new Float32Array(rows * rank);
    for (let i = 0; i < factors.length; i++) factors[i] = ((Math.imul(i, 2654435761) >>> 0) % 1000) / 250 - 2;
    const dir = fresh();
    await writeSparkModel(dir, { metadata: {}, userFactors: { ids, factors, rank }, itemFactors: table([1], new Array(64).fill(1), 64) });
    const back = await readSparkModel(dir);
    expect(Array.from(back.userFactors.ids)).toEqual(Array.from(ids));
    expect(sameFloats(back.userFactors.factors, factors)).toBe(true);
    // Speed (~0.2–0.4 s each way here) is measured by `npm run bench`, not asserted.
    await rm(dir, { recursive: true });
  });
});

describe('writeSparkModel writes the files Spark writes', () => {
  const golden = async () => JSON.parse(await readFile(join(goldenDir, 'tiny-factors.json'), 'utf8'));

  it('writes the tiny golden model: the metadata line byte for byte, Spark’s file layout, the factors', async () => {
    const g = await golden();
    const dir = fresh();
    await writeSparkModel(
      dir,
      {
        metadata: { timestamp: 1700000000000, uid: 'ALS_0123456789ab', paramMap: { userCol: 'userId', itemCol: 'movieId' } },
        userFactors: table(g.userFactors.ids, g.userFactors.factors, g.rank),
        itemFactors: table(g.itemFactors.ids, g.itemFactors.factors, g.rank),
      },
      { extraFiles: { 'alsrec.json': '{"format":"alsrec-model"}\n' } },
    );
    expect(await readFile(join(dir, 'metadata', 'part-00000'), 'utf8')).toBe(
      await readFile(join(goldenDir, 'tiny-metadata.txt'), 'utf8'),
    );
    expect((await readdir(dir)).sort()).toEqual(['alsrec.json', 'itemFactors', 'metadata', 'userFactors']);
    expect((await readdir(join(dir, 'metadata'))).sort()).toEqual(['_SUCCESS', 'part-00000']);
    expect((await stat(join(dir, 'metadata', '_SUCCESS'))).size).toBe(0);
    for (const side of ['userFactors', 'itemFactors'] as const) {
      const names = (await readdir(join(dir, side))).sort();
      expect(names).toHaveLength(2);
      expect(names[0]).toBe('_SUCCESS');
      expect(names[1]).toMatch(/^part-00000-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-c000\.snappy\.parquet$/);
      // Decoded by hyparquet's general reader, not ours.
      const path = join(dir, side, names[1]!);
      const b = await readFile(path);
      const rows = await parquetReadObjects({ file: b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer });
      const rank = g.rank as number;
      expect(rows).toEqual(
        (g[side].ids as number[]).map((id, r) => ({ id, features: g[side].factors.slice(r * rank, (r + 1) * rank) })),
      );
    }
    expect(await readFile(join(dir, 'alsrec.json'), 'utf8')).toBe('{"format":"alsrec-model"}\n');
  });

  it('gives each part file Spark 3.5.3’s schema, key-value metadata and SNAPPY columns (golden description)', async () => {
    const g = JSON.parse(await readFile(join(goldenDir, 'factor-parquet-schema.json'), 'utf8'));
    const dir = fresh();
    await writeSparkModel(dir, { metadata: {}, userFactors: table([3, 4], [1, 2, 3, 4], 2), itemFactors: table([5], [5, 6], 2) });
    const md = await footer(await onlyPart(join(dir, 'userFactors')));
    expect(md.schema).toEqual(g.schema);
    expect(md.key_value_metadata).toEqual(g.key_value_metadata);
    expect(md.row_groups).toHaveLength(1);
    expect(md.row_groups[0]!.columns.map((c) => ({ path_in_schema: c.meta_data!.path_in_schema, type: c.meta_data!.type, codec: c.meta_data!.codec }))).toEqual(g.columns);
  });

  it.skipIf(!sparkFixtures)('matches the schema of factor files Spark 3.5.3 itself saved', async () => {
    const spark = await footer(join(sparkFixtures!, 'spark-3.5.3-rank10-negative-ids', 'userFactors',
      (await readdir(join(sparkFixtures!, 'spark-3.5.3-rank10-negative-ids', 'userFactors'))).find((f) => f.startsWith('part-'))!));
    const dir = fresh();
    await writeSparkModel(dir, { metadata: {}, userFactors: table([3], [1, 2], 2), itemFactors: table([5], [5, 6], 2) });
    const ours = await footer(await onlyPart(join(dir, 'itemFactors')));
    expect(ours.schema).toEqual(spark.schema);
    expect(ours.key_value_metadata).toEqual(spark.key_value_metadata);
    expect(ours.row_groups[0]!.columns.map((c) => c.meta_data!.codec)).toEqual(spark.row_groups[0]!.columns.map((c) => c.meta_data!.codec));
  });

  it('reads back the committed tiny model written by an earlier alsrec', async () => {
    const g = await golden();
    const m = await readSparkModel(join(goldenDir, 'tiny-model'));
    expect(m.metadata).toEqual(JSON.parse(await readFile(join(goldenDir, 'tiny-metadata.txt'), 'utf8')));
    expect([...m.userFactors.ids]).toEqual(g.userFactors.ids);
    expect([...m.itemFactors.factors]).toEqual(g.itemFactors.factors);
  });

  it('fills what the caller leaves out: now, a fresh ALS_ uid, version 3.5.3, Spark 3.5.3’s default params', async () => {
    const dir = fresh();
    const before = Date.now();
    await writeSparkModel(dir, { metadata: {}, userFactors: table([1], [1], 1), itemFactors: table([1], [1], 1) });
    const m = (await readSparkModel(dir)).metadata;
    expect(m.timestamp).toBeGreaterThanOrEqual(before);
    expect(m.timestamp).toBeLessThanOrEqual(Date.now());
    expect(m.uid).toMatch(/^ALS_[0-9a-f]{12}$/);
    expect(m.sparkVersion).toBe('3.5.3');
    expect(m.paramMap).toEqual({});
    // As in the defaultParamMap of the Spark 3.5.3 fixture's metadata.
    expect(m.defaultParamMap).toEqual({ userCol: 'user', predictionCol: 'prediction', blockSize: 4096, itemCol: 'item', coldStartStrategy: 'nan' });
  });

  it('re-saves a model read from Spark 2.4.4 as format 3.5.3, keeping its uid and params', async () => {
    const dir = fresh();
    const src = {
      metadata: { class: 'org.apache.spark.ml.recommendation.ALSModel', timestamp: 1, sparkVersion: '2.4.4', uid: 'als_f6443354bdd2', paramMap: { userCol: 'u' }, defaultParamMap: {}, rank: 1 },
      userFactors: table([1], [1], 1),
      itemFactors: table([1], [1], 1),
    };
    await writeSparkModel(dir, src);
    expect((await readSparkModel(dir)).metadata).toEqual({ ...src.metadata, sparkVersion: '3.5.3' });
  });
});

describe('writeSparkModel refuses bad input and never leaves a half-written model', () => {
  const ok = { userFactors: table([1, 2], [1, 2, 3, 4], 2), itemFactors: table([1], [1, 2], 2) };

  it('refuses an existing directory unless overwrite is set, then replaces it', async () => {
    const dir = fresh();
    await writeSparkModel(dir, { metadata: {}, ...ok }, { extraFiles: { 'old.txt': 'x' } });
    await expect(writeSparkModel(dir, { metadata: {}, ...ok })).rejects.toThrow(`${dir} already exists`);
    await writeSparkModel(dir, { metadata: { rank: 2 }, ...ok }, { overwrite: true });
    expect((await readdir(dir)).sort()).toEqual(['itemFactors', 'metadata', 'userFactors']);
  });

  it('refuses user and item factors of different ranks', async () => {
    await expect(writeSparkModel(fresh(), { metadata: {}, userFactors: ok.userFactors, itemFactors: table([1], [1, 2, 3], 3) }))
      .rejects.toThrow('userFactors rank 2 differs from itemFactors rank 3');
  });

  it('refuses a metadata rank that disagrees with the factors', async () => {
    await expect(writeSparkModel(fresh(), { metadata: { rank: 4 }, ...ok })).rejects.toThrow('rank 4 disagrees with the factors');
  });

  it('refuses factors whose length is not ids × rank, and duplicate ids', async () => {
    await expect(writeSparkModel(fresh(), { metadata: {}, ...ok, userFactors: table([1, 2], [1, 2, 3], 2) }))
      .rejects.toThrow('userFactors: factors has 3 floats, expected ids.length × rank = 2 × 2 = 4');
    await expect(writeSparkModel(fresh(), { metadata: {}, ...ok, itemFactors: table([9, 9], [1, 2, 3, 4], 2) }))
      .rejects.toThrow('itemFactors: id 9 appears more than once');
  });

  it('refuses params Spark’s ALSModel loader would reject', async () => {
    await expect(writeSparkModel(fresh(), { metadata: { paramMap: { regParam: 0.1 } }, ...ok }))
      .rejects.toThrow('paramMap.regParam is not an ALSModel param');
  });

  it('refuses extra files that would land in Spark’s directories or outside the model', async () => {
    for (const name of ['metadata/x.json', '../escape.json', '/abs.json', 'a/../b', '']) {
      await expect(writeSparkModel(fresh(), { metadata: {}, ...ok }, { extraFiles: { [name]: 'x' } }))
        .rejects.toThrow(`extra file ${JSON.stringify(name)} must be a relative path inside the model`);
    }
  });

  it('leaves no directory and no temporary sibling when writing fails midway', async () => {
    const parent = join(tmp, 'fail-parent');
    const dir = join(parent, 'model');
    // 'a' is written as a file, so 'a/b' cannot be: the fill step throws after Spark's parts exist.
    await expect(writeSparkModel(dir, { metadata: {}, ...ok }, { extraFiles: { a: 'x', 'a/b': 'y' } })).rejects.toThrow();
    expect(await readdir(parent)).toEqual([]);
  });
});
