import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { ByteWriter } from 'hyparquet-writer';
import { writePageHeader } from 'hyparquet-writer/src/datapage.js';
import { writeMetadata } from 'hyparquet-writer/src/metadata.js';
import { snappyCompress } from 'hyparquet-writer/src/snappy.js';
import type { ColumnChunk, RowGroup, Statistics } from 'hyparquet';
import { checkFactorTable, type FactorTable } from './factor-table.js';
import { FACTOR_KV_METADATA, FACTOR_SCHEMA } from './parquet-factors-schema.js';

/**
 * Writes factor tables as Spark writes them: one row group per part file, v1 data pages (what
 * parquet-mr writes, and what every Spark reader from 2.x on understands), PLAIN values, RLE
 * levels, SNAPPY pages. hyparquet-writer's general writer encodes nested lists through a JS
 * array per row (≈4 s for 160k × 64); the factor layout is fixed, so the levels are written
 * directly here and hyparquet-writer supplies the Thrift headers, footer and Snappy.
 *
 * Levels of a row of rank r (maxDef 2: `features` optional + `list` repeated; element required):
 *
 *   rep: 0 1 1 … 1  → RLE runs (1 × 0), (r−1 × 1)       def: 2 2 … 2 → one RLE run for the page
 */
export interface FactorParquetOptions {
  /** Target uncompressed bytes per data page; default 1 MiB (parquet-mr's default). */
  pageBytes?: number;
  /** FileMetaData.created_by; default 'alsrec'. */
  createdBy?: string;
}

/** The bytes of one factor part file holding all of `table`. */
export function encodeFactorParquet(table: FactorTable, opts: FactorParquetOptions = {}): Uint8Array {
  checkFactorTable(table, 'factor parquet');
  const { pageBytes = 1 << 20, createdBy = 'alsrec' } = opts;
  const { ids, factors, rank } = table;
  const n = ids.length;
  const w = new ByteWriter(factors.byteLength + ids.byteLength + n * 6 + 4096);
  w.appendUint32(0x31524150); // 'PAR1'
  const rowGroups: RowGroup[] = [];
  if (n > 0) {
    const idChunk = writeChunk(w, ['id'], 'INT32', n, pagesOf(n, Math.max(1, pageBytes >> 2), (a, b) => idPage(ids, a, b)));
    idChunk.meta_data!.statistics = statistics(ids);
    const featureRows = Math.max(1, Math.floor(pageBytes / (4 * rank)));
    const featureChunk = writeChunk(w, ['features', 'list', 'element'], 'FLOAT', n * rank,
      pagesOf(n, featureRows, (a, b) => featurePage(factors, rank, a, b)));
    featureChunk.meta_data!.statistics = statistics(factors);
    const chunks = [idChunk, featureChunk];
    rowGroups.push({
      columns: chunks,
      num_rows: BigInt(n),
      total_byte_size: chunks.reduce((s, c) => s + c.meta_data!.total_uncompressed_size, 0n),
      total_compressed_size: chunks.reduce((s, c) => s + c.meta_data!.total_compressed_size, 0n),
      file_offset: idChunk.file_offset,
    });
  }
  const metadata = {
    version: 1,
    schema: FACTOR_SCHEMA,
    num_rows: BigInt(n),
    row_groups: rowGroups,
    key_value_metadata: FACTOR_KV_METADATA,
    created_by: createdBy,
  } as unknown as Parameters<typeof writeMetadata>[1]; // hyparquet-writer's own hyparquet types
  writeMetadata(w, metadata);
  w.appendUint32(0x31524150);
  return w.getBytes();
}

/**
 * Writes `table` into `dir` (which must exist) as Spark does: part files
 * `part-0000k-<uuid>-c000.snappy.parquet` of at most `rowsPerPart` rows each (default: ~128 MiB
 * of floats, parquet-mr's row group size), and an empty `_SUCCESS`. An empty table still gets
 * one part file, so the schema is on disk.
 */
export async function writeFactorDir(dir: string, table: FactorTable, opts: { rowsPerPart?: number } = {}): Promise<void> {
  checkFactorTable(table, dir);
  const { ids, factors, rank } = table;
  const rowsPerPart = opts.rowsPerPart ?? Math.max(1, Math.floor((128 << 20) / (4 * rank + 4)));
  const uuid = randomUUID();
  let part = 0;
  for (let a = 0; a === 0 || a < ids.length; a += rowsPerPart, part++) {
    const b = Math.min(ids.length, a + rowsPerPart);
    const slice = { ids: ids.subarray(a, b), factors: factors.subarray(a * rank, b * rank), rank };
    const name = `part-${String(part).padStart(5, '0')}-${uuid}-c000.snappy.parquet`;
    await writeFile(join(dir, name), encodeFactorParquet(slice));
  }
  await writeFile(join(dir, '_SUCCESS'), '');
}

interface Page {
  body: Uint8Array;
  numValues: number;
}

function* pagesOf(rows: number, rowsPerPage: number, page: (a: number, b: number) => Page): Generator<Page> {
  for (let a = 0; a < rows; a += rowsPerPage) yield page(a, Math.min(rows, a + rowsPerPage));
}

function idPage(ids: Int32Array, a: number, b: number): Page {
  return { body: bytesOf(ids.subarray(a, b)), numValues: b - a };
}

function featurePage(factors: Float32Array, rank: number, a: number, b: number): Page {
  const rows = b - a;
  const body = new ByteWriter(rows * (4 * rank + 6) + 32);
  const rep = new ByteWriter(rows * 6 + 8);
  if (rank === 1) {
    rleRun(rep, rows, 0);
  } else {
    for (let r = 0; r < rows; r++) {
      rleRun(rep, 1, 0);
      rleRun(rep, rank - 1, 1);
    }
  }
  body.appendUint32(rep.offset);
  body.appendBytes(rep.getBytes());
  const def = new ByteWriter(16);
  rleRun(def, rows * rank, 2);
  body.appendUint32(def.offset);
  body.appendBytes(def.getBytes());
  body.appendBytes(bytesOf(factors.subarray(a * rank, b * rank)));
  return { body: body.getBytes(), numValues: rows * rank };
}

/** One RLE run of the hybrid encoding: varint(count << 1), then the value in one byte (bit width ≤ 8). */
function rleRun(w: ByteWriter, count: number, value: number): void {
  w.appendVarInt(count << 1);
  w.appendUint8(value);
}

/** Writes the pages of one column chunk (Snappy-compressed v1 pages) and returns its metadata. */
function writeChunk(w: ByteWriter, path: string[], type: 'INT32' | 'FLOAT', numValues: number, pages: Iterable<Page>): ColumnChunk {
  const start = w.offset;
  let uncompressed = 0;
  for (const { body, numValues: count } of pages) {
    const compressed = snappyCompress(body);
    const headerStart = w.offset;
    const header = {
      type: 'DATA_PAGE',
      uncompressed_page_size: body.length,
      compressed_page_size: compressed.length,
      data_page_header: { num_values: count, encoding: 'PLAIN', definition_level_encoding: 'RLE', repetition_level_encoding: 'RLE' },
    } as Parameters<typeof writePageHeader>[1];
    writePageHeader(w, header);
    uncompressed += w.offset - headerStart + body.length;
    w.appendBytes(compressed);
  }
  return {
    file_offset: BigInt(start),
    meta_data: {
      type,
      encodings: ['PLAIN', 'RLE'],
      path_in_schema: path,
      codec: 'SNAPPY',
      num_values: BigInt(numValues),
      total_uncompressed_size: BigInt(uncompressed),
      total_compressed_size: BigInt(w.offset - start),
      data_page_offset: BigInt(start),
    },
  };
}

/**
 * Column statistics as parquet-mr writes them: min and max (both the legacy and the new fields;
 * equal for signed ints and floats), NaN skipped, a zero min written −0 and a zero max +0 as the
 * spec asks; no min/max when every value is NaN.
 */
function statistics(values: Int32Array | Float32Array): Statistics {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min > max) return { null_count: 0n };
  if (min === 0) min = -0;
  if (max === 0) max = 0;
  return { min, max, min_value: min, max_value: max, null_count: 0n };
}

/** Little-endian bytes of a typed array (Parquet PLAIN); copies on a big-endian host. */
function bytesOf(a: Int32Array | Float32Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const out = new Uint8Array(a.byteLength);
  const view = new DataView(out.buffer);
  for (let i = 0; i < a.length; i++) {
    if (a instanceof Int32Array) view.setInt32(i * 4, a[i]!, true);
    else view.setFloat32(i * 4, a[i]!, true);
  }
  return out;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
