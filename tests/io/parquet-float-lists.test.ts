import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { checkFactorSchema } from '../../src/io/parquet-factors-schema.js';
import { encodeFactorParquet } from '../../src/io/parquet-factors-write.js';
import { BadFactorRow, FastPathUnsupported, decodeFloatListChunk } from '../../src/io/parquet-float-lists.js';
import { generalFactorFile } from './parquet-test-files.js';
import { sparkFixtures } from './spark-fixtures.js';

/** Every row group's features through the fast decoder, stacked. */
function fastDecode(buffer: ArrayBuffer, rank: number): Float32Array {
  const md = parquetMetadata(buffer);
  const layout = checkFactorSchema(md, 'test.parquet');
  const out = new Float32Array(Number(md.num_rows) * rank);
  let row = 0;
  for (const g of md.row_groups) {
    const rows = Number(g.num_rows);
    const chunk = g.columns.find((c) => c.meta_data!.path_in_schema.join('.') === layout.leafPath)!.meta_data!;
    decodeFloatListChunk(new Uint8Array(buffer), chunk, layout, out.subarray(row * rank, (row + rows) * rank), rank);
    row += rows;
  }
  return out;
}

/** The same through hyparquet's general reader: a JS array per row, flattened. */
async function referenceDecode(buffer: ArrayBuffer): Promise<number[]> {
  const rows = await parquetReadObjects({ file: buffer, columns: ['features'] });
  return rows.flatMap((r) => r.features as number[]);
}

function bufferOf(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

describe.skipIf(!sparkFixtures)('decodeFloatListChunk on part files Spark wrote (v1 pages, PLAIN, SNAPPY)', () => {
  it('decodes every part file of every fixture exactly as hyparquet’s general reader does', async () => {
    let files = 0;
    for (const model of await readdir(sparkFixtures!)) {
      const rank = JSON.parse(await readFile(join(sparkFixtures!, model, 'metadata', 'part-00000'), 'utf8')).rank as number;
      for (const side of ['userFactors', 'itemFactors']) {
        const dir = join(sparkFixtures!, model, side);
        for (const f of (await readdir(dir)).filter((n) => n.startsWith('part-'))) {
          const buffer = bufferOf(await readFile(join(dir, f)));
          const fast = fastDecode(buffer, rank);
          const reference = await referenceDecode(buffer);
          expect(fast.length).toBe(reference.length);
          expect(fast.findIndex((x, i) => !Object.is(x, reference[i]))).toBe(-1); // first mismatch: none
          files++;
        }
      }
    }
    expect(files).toBeGreaterThan(0);
  });
});

describe('decodeFloatListChunk on pages Spark does not write but other tools do', () => {
  it('decodes v2 pages with dictionary-encoded floats (hyparquet-writer’s choice for repeated values)', async () => {
    const features = Array.from({ length: 50 }, (_, r) => [r % 3, r % 2 ? -1 : 1, 0.5]);
    const buffer = generalFactorFile(Array.from({ length: 50 }, (_, r) => r), features);
    const meta = parquetMetadata(buffer).row_groups[0]!.columns[1]!.meta_data!;
    expect(meta.encodings).toContain('RLE_DICTIONARY'); // the case under test really is dictionary-encoded
    expect(Array.from(fastDecode(buffer, 3))).toEqual(features.flat());
  });

  it('decodes v2 PLAIN pages, any float values (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }).chain((rank) =>
          fc.tuple(fc.constant(rank), fc.array(fc.array(fc.float({ noNaN: true }), { minLength: rank, maxLength: rank }), { maxLength: 30 })),
        ),
        async ([rank, rows]) => {
          const buffer = generalFactorFile(rows.map((_, i) => i), rows, { encoding: 'PLAIN' });
          const expected = Float32Array.from(rows.flat());
          expect(fastDecode(buffer, rank)).toEqual(expected);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('decodes Spark’s legacy layout (bag/array, nullable float) when no float is null', () => {
    const buffer = generalFactorFile([1, 2], [[1, 2], [3, 4]], { names: ['bag', 'array'], elementOptional: true });
    expect(Array.from(fastDecode(buffer, 2))).toEqual([1, 2, 3, 4]);
  });

  it('decodes our own writer’s files split into many small pages', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 64 }), (rank, rows, pageBytes) => {
        const factors = Float32Array.from({ length: rows * rank }, (_, i) => i - 7.5);
        const ids = Int32Array.from({ length: rows }, (_, i) => i);
        const buffer = bufferOf(encodeFactorParquet({ ids, factors, rank }, { pageBytes }));
        expect(fastDecode(buffer, rank)).toEqual(factors);
      }),
      { numRuns: 40 },
    );
  });

  it('hands BYTE_STREAM_SPLIT pages back to the general reader (FastPathUnsupported)', () => {
    const buffer = generalFactorFile([1, 2], [[1, 2], [3, 4]], { encoding: 'BYTE_STREAM_SPLIT' });
    expect(() => fastDecode(buffer, 2)).toThrow(FastPathUnsupported);
  });
});

describe('decodeFloatListChunk reports the first row that is not rank floats', () => {
  const badRow = (features: ((number | null)[] | null)[], rank: number, elementOptional = false): BadFactorRow => {
    const buffer = generalFactorFile(features.map((_, i) => i * 10), features, { elementOptional });
    try {
      fastDecode(buffer, rank);
    } catch (e) {
      if (e instanceof BadFactorRow) return e;
      throw e;
    }
    throw new Error('expected a BadFactorRow');
  };

  it('a null list', () => {
    expect(badRow([[1, 2], null, [3, 4]], 2)).toMatchObject({ row: 1, problem: expect.stringContaining('has null features') });
  });

  it('an empty list', () => {
    expect(badRow([[1, 2], [3, 4], []], 2)).toMatchObject({ row: 2, problem: 'has 0 floats in features; expected rank 2' });
  });

  it('a short row and a long row', () => {
    expect(badRow([[1, 2], [3]], 2)).toMatchObject({ row: 1, problem: 'has 1 floats in features; expected rank 2' });
    expect(badRow([[1, 2, 3]], 2)).toMatchObject({ row: 0, problem: 'has more than 2 floats in features; expected rank 2' });
  });

  it('a null float inside a list', () => {
    expect(badRow([[1, 2], [3, null]], 2, true)).toMatchObject({ row: 1, problem: expect.stringContaining('has a null float') });
  });
});
