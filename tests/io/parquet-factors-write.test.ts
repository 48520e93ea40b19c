import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { encodeFactorParquet, writeFactorDir } from '../../src/io/parquet-factors-write.js';
import { readFactorDir } from '../../src/io/parquet-factors-read.js';

let tmp: string;
let n = 0;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'alsrec-factors-write-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));
async function freshDir(): Promise<string> {
  const dir = join(tmp, `d${n++}`);
  await mkdir(dir);
  return dir;
}

function bufferOf(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

const table = (rows: number, rank: number) => ({
  ids: Int32Array.from({ length: rows }, (_, i) => 1000 - 3 * i),
  factors: Float32Array.from({ length: rows * rank }, (_, i) => (i % 7) - 3.25),
  rank,
});

describe('encodeFactorParquet', () => {
  it('writes v1 data pages with PLAIN values and RLE levels, as parquet-mr does, split at pageBytes', () => {
    const t = table(100, 4); // 16 bytes of floats per row, pageBytes 160 → 10 rows per page
    const buffer = bufferOf(encodeFactorParquet(t, { pageBytes: 160 }));
    const chunk = parquetMetadata(buffer).row_groups[0]!.columns[1]!.meta_data!;
    const reader = { view: new DataView(buffer), offset: Number(chunk.data_page_offset) };
    const pages = [];
    while (reader.offset < Number(chunk.data_page_offset) + Number(chunk.total_compressed_size)) {
      const h = parquetHeader(reader);
      pages.push(h);
      reader.offset += h.compressed_page_size;
    }
    expect(pages).toHaveLength(10);
    for (const h of pages) {
      expect(h.type).toBe('DATA_PAGE');
      expect(h.data_page_header).toMatchObject({ num_values: 40, encoding: 'PLAIN', definition_level_encoding: 'RLE', repetition_level_encoding: 'RLE' });
    }
  });

  it('records min, max and zero nulls for both columns, as Spark does', () => {
    const t = table(20, 3);
    const md = parquetMetadata(bufferOf(encodeFactorParquet(t)));
    const [id, features] = md.row_groups[0]!.columns.map((c) => c.meta_data!.statistics!);
    expect(id).toMatchObject({ min_value: Math.min(...t.ids), max_value: Math.max(...t.ids), null_count: 0n });
    expect(features).toMatchObject({ min_value: Math.min(...t.factors), max_value: Math.max(...t.factors), null_count: 0n });
  });

  it('writes rank 1 (every repetition level 0) and reads back through hyparquet’s general reader', async () => {
    const t = table(9, 1);
    const rows = await parquetReadObjects({ file: bufferOf(encodeFactorParquet(t)) });
    expect(rows).toEqual([...t.ids].map((id, r) => ({ id, features: [t.factors[r]] })));
  });

  it('writes an empty table as a file with the schema and no row groups', async () => {
    const buffer = bufferOf(encodeFactorParquet({ ids: new Int32Array(0), factors: new Float32Array(0), rank: 3 }));
    const md = parquetMetadata(buffer);
    expect(md.num_rows).toBe(0n);
    expect(md.row_groups).toEqual([]);
    expect(md.schema.map((e) => e.name)).toEqual(['spark_schema', 'id', 'features', 'list', 'element']);
  });
});

describe('writeFactorDir', () => {
  it('splits rows into part files of rowsPerPart rows sharing one job uuid, read back in order', async () => {
    const dir = await freshDir();
    const t = table(25, 2);
    await writeFactorDir(dir, t, { rowsPerPart: 10 });
    const names = (await readdir(dir)).sort();
    expect(names[0]).toBe('_SUCCESS');
    const parts = names.slice(1);
    expect(parts.map((p) => p.slice(0, 11))).toEqual(['part-00000-', 'part-00001-', 'part-00002-']);
    expect(new Set(parts.map((p) => p.slice(11))).size).toBe(1);
    const rows = [];
    for (const p of parts) {
      const b = await readFile(join(dir, p));
      rows.push(Number(parquetMetadata(bufferOf(b)).num_rows));
    }
    expect(rows).toEqual([10, 10, 5]);
    const back = await readFactorDir(dir, 2);
    expect(back.ids).toEqual(t.ids);
    expect(back.factors).toEqual(t.factors);
  });

  it('writes one empty part file for an empty table, which reads back empty', async () => {
    const dir = await freshDir();
    await writeFactorDir(dir, { ids: new Int32Array(0), factors: new Float32Array(0), rank: 2 });
    expect((await readdir(dir)).filter((f) => f.startsWith('part-'))).toHaveLength(1);
    const back = await readFactorDir(dir, 2);
    expect(back.ids.length).toBe(0);
  });
});
