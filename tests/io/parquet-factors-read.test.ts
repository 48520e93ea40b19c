import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { readFactorDir, readFactorFile } from '../../src/io/parquet-factors-read.js';
import { generalFactorFile } from './parquet-test-files.js';
import { sparkFixtures } from './spark-fixtures.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'alsrec-factors-read-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

async function fileOf(name: string, buffer: ArrayBuffer): Promise<string> {
  const path = join(tmp, name);
  await writeFile(path, new Uint8Array(buffer));
  return path;
}

describe.skipIf(!sparkFixtures)('readFactorDir on Spark’s factor directories', () => {
  // Chunk-level equality on every fixture is in parquet-float-lists.test.ts; here, whole
  // directories (ids, part order) of the two small ones.
  it('gives the same table on the fast path as on the reference path', async () => {
    for (const model of ['spark-2.4.4-rank5', 'spark-3.0.2-ml100k-rank10']) {
      const rank = Number(/rank(\d+)/.exec(model)![1]);
      for (const side of ['userFactors', 'itemFactors']) {
        const dir = join(sparkFixtures!, model, side);
        const fast = await readFactorDir(dir, rank);
        const reference = await readFactorDir(dir, rank, 'reference');
        expect(fast.ids).toEqual(reference.ids);
        expect(fast.factors.findIndex((x, i) => !Object.is(x, reference.factors[i]))).toBe(-1);
      }
    }
  });
});

describe('readFactorFile', () => {
  it('falls back to the general reader for encodings the fast path does not know', async () => {
    const path = await fileOf('bss.parquet', generalFactorFile([4, -4], [[1, 2], [3, 4]], { encoding: 'BYTE_STREAM_SPLIT' }));
    const t = await readFactorFile(path, 2);
    expect([...t.ids]).toEqual([4, -4]);
    expect([...t.factors]).toEqual([1, 2, 3, 4]);
  });

  it('reads GZIP pages (Spark’s other common codec) through node:zlib', async () => {
    const gzip = generalFactorFile([1, 2], [[0.5, 1], [2, 4]], { codec: 'GZIP', compressors: { GZIP: (b) => new Uint8Array(gzipSync(b)) } });
    const path = await fileOf('gzip.parquet', gzip);
    expect([...(await readFactorFile(path, 2)).factors]).toEqual([0.5, 1, 2, 4]);
  });

  it('refuses a codec it cannot decompress, naming it and the Spark setting that avoids it', async () => {
    const zstd = generalFactorFile([1], [[1]], { codec: 'ZSTD', compressors: { ZSTD: (b) => b } });
    const path = await fileOf('zstd.parquet', zstd);
    await expect(readFactorFile(path, 1)).rejects.toThrow(
      `${path} is compressed with ZSTD, which alsrec cannot read (it reads UNCOMPRESSED, SNAPPY, GZIP, BROTLI); re-save the model from Spark with spark.sql.parquet.compression.codec=snappy`,
    );
  });

  it('names the file, the row and its id when a row has null features (both paths)', async () => {
    const path = await fileOf('null-row.parquet', generalFactorFile([10, 20, 30], [[1, 2], null, [5, 6]]));
    await expect(readFactorFile(path, 2)).rejects.toThrow(`${path}: row 1 (id 20) has null features`);
    await expect(readFactorFile(path, 2, 'reference')).rejects.toThrow(`${path}: row 1 (id 20) has null features`);
  });

  it('names the row id when a row is shorter than the rank (both paths)', async () => {
    const path = await fileOf('short.parquet', generalFactorFile([10, 20], [[1, 2, 3], [4, 5]]));
    await expect(readFactorFile(path, 3)).rejects.toThrow(`${path}: row 1 (id 20) has 2 floats in features; expected rank 3`);
    await expect(readFactorFile(path, 3, 'reference')).rejects.toThrow(`${path}: row 1 (id 20) has 2 floats in features; expected rank 3`);
  });

  it('refuses a null id', async () => {
    const path = await fileOf('null-id.parquet', generalFactorFile([1, null], [[1], [2]], { idOptional: true }));
    await expect(readFactorFile(path, 1)).rejects.toThrow(`${path}: row 1 (id unknown) has a null id`);
  });

  it('refuses a Parquet file of other columns, listing the columns it has', async () => {
    const path = await fileOf('ratings.parquet', parquetWriteBuffer({
      columnData: [
        { name: 'user', data: Int32Array.of(1) },
        { name: 'rating', data: Float32Array.of(4), type: 'FLOAT' },
      ],
    }));
    await expect(readFactorFile(path, 1)).rejects.toThrow(
      `${path}: columns are [user, rating]; expected a Spark ALS factor file with columns id: int32, features: list<float>`,
    );
  });

  it('refuses features of doubles, describing the column found', async () => {
    const path = await fileOf('doubles.parquet', parquetWriteBuffer({
      schema: [
        { name: 'root', num_children: 2 },
        { name: 'id', type: 'INT32', repetition_type: 'REQUIRED' },
        { name: 'features', repetition_type: 'OPTIONAL', num_children: 1, converted_type: 'LIST' },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', type: 'DOUBLE', repetition_type: 'REQUIRED' },
      ],
      columnData: [
        { name: 'id', data: Int32Array.of(1) },
        { name: 'features', data: [[1.5]] },
      ],
    }));
    await expect(readFactorFile(path, 1)).rejects.toThrow(
      `${path}: column features is optional group (LIST) features { repeated group list { required DOUBLE element } }`,
    );
  });
});
