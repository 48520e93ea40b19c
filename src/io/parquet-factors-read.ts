import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parquetMetadata, parquetRead, parquetReadObjects, type FileMetaData } from 'hyparquet';
import { concatFactorTables, firstDuplicate, type FactorTable } from './factor-table.js';
import { checkFactorSchema, type FactorFileLayout } from './parquet-factors-schema.js';
import { BadFactorRow, FastPathUnsupported, decodeFloatListChunk } from './parquet-float-lists.js';
import { sparkDataFiles } from './spark-data-files.js';
import { NODE_DECOMPRESSORS, checkReadableCodec } from './node-decompressors.js';

/**
 * How to decode `features`: 'auto' takes the typed-array fast path (parquet-float-lists.ts) and
 * falls back to hyparquet's general reader for encodings the fast path does not know;
 * 'reference' always uses the general reader (slow, obviously correct; the tests' yardstick).
 */
export type FactorDecoder = 'auto' | 'reference';

/**
 * Reads every part file of a factor directory (`userFactors/` or `itemFactors/`) in name order and
 * stacks them. Every row must hold `rank` floats and ids must be unique across parts.
 */
export async function readFactorDir(dir: string, rank: number, decoder: FactorDecoder = 'auto'): Promise<FactorTable> {
  const files = await sparkDataFiles(dir);
  if (files.length === 0) {
    throw new Error(`${dir} holds no part files; expected Spark's part-*.parquet files with the factors`);
  }
  const tables: FactorTable[] = [];
  for (const f of files) tables.push(await readFactorFile(join(dir, f), rank, decoder));
  const table = concatFactorTables(tables, rank);
  const dup = firstDuplicate(table.ids);
  if (dup !== undefined) throw new Error(`${dir}: id ${dup} has more than one factor row; ids must be unique`);
  return table;
}

/** Reads one factor part file whose rows must hold `rank` floats each. */
export async function readFactorFile(path: string, rank: number, decoder: FactorDecoder = 'auto'): Promise<FactorTable> {
  const bytes = await readFile(path);
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  const buffer = (whole ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) as ArrayBuffer;
  let metadata: FileMetaData;
  try {
    metadata = parquetMetadata(buffer);
  } catch (e) {
    throw new Error(
      `${path} is not a readable Parquet file (${(e as Error).message}); expected a Spark ALS factor part file. Was it truncated or only partly copied?`,
    );
  }
  const layout = checkFactorSchema(metadata, path);
  for (const group of metadata.row_groups) {
    for (const c of group.columns) if (c.meta_data) checkReadableCodec(c.meta_data.codec, path);
  }
  let ids: Int32Array = new Int32Array(0);
  try {
    ids = await readIds(buffer, metadata);
    const factors = new Float32Array(ids.length * rank);
    if (decoder === 'auto') {
      try {
        decodeFast(new Uint8Array(buffer), metadata, layout, factors, rank);
      } catch (e) {
        if (!(e instanceof FastPathUnsupported)) throw e;
        await decodeReference(buffer, metadata, factors, rank);
      }
    } else {
      await decodeReference(buffer, metadata, factors, rank);
    }
    return { ids, factors, rank };
  } catch (e) {
    if (e instanceof BadFactorRow) {
      const id = e.row < ids.length ? `id ${ids[e.row]}` : 'id unknown';
      throw new Error(`${path}: row ${e.row} (${id}) ${e.problem}`);
    }
    throw new Error(`${path}: cannot decode the factors (${(e as Error).message}); the file may be truncated or corrupt`);
  }
}

/** The `id` column of every row group, in order; a null id is a BadFactorRow. */
async function readIds(file: ArrayBuffer, metadata: FileMetaData): Promise<Int32Array> {
  const ids = new Int32Array(Number(metadata.num_rows));
  let nullRow = -1; // errors thrown inside onChunk would not reach our caller
  await parquetRead({
    file,
    metadata,
    columns: ['id'],
    compressors: NODE_DECOMPRESSORS,
    onChunk: ({ columnData, rowStart }) => {
      for (let k = 0; k < columnData.length; k++) {
        const v = columnData[k];
        if (typeof v === 'number') ids[rowStart + k] = v;
        else if (nullRow < 0) nullRow = rowStart + k;
      }
    },
  });
  if (nullRow >= 0) throw new BadFactorRow(nullRow, 'has a null id');
  return ids;
}

function decodeFast(file: Uint8Array, metadata: FileMetaData, layout: FactorFileLayout, out: Float32Array, rank: number): void {
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rows = Number(group.num_rows);
    const chunk = group.columns.find((c) => c.meta_data?.path_in_schema.join('.') === layout.leafPath)?.meta_data;
    if (!chunk) throw new Error(`row group without column ${layout.leafPath}`);
    try {
      decodeFloatListChunk(file, chunk, layout, out.subarray(rowStart * rank, (rowStart + rows) * rank), rank);
    } catch (e) {
      if (e instanceof BadFactorRow) throw new BadFactorRow(rowStart + e.row, e.problem);
      throw e;
    }
    rowStart += rows;
  }
}

/** hyparquet's general reader: a JS array per row, then checked and copied into `out`. */
async function decodeReference(file: ArrayBuffer, metadata: FileMetaData, out: Float32Array, rank: number): Promise<void> {
  const rows = await parquetReadObjects({ file, metadata, columns: ['features'], compressors: NODE_DECOMPRESSORS });
  rows.forEach((row, r) => {
    const f = row.features;
    if (f === null || f === undefined) throw new BadFactorRow(r, 'has null features; every factor row needs rank floats');
    const list = f as ArrayLike<unknown>;
    if (list.length !== rank) throw new BadFactorRow(r, `has ${list.length} floats in features; expected rank ${rank}`);
    for (let j = 0; j < rank; j++) {
      const x = list[j];
      if (typeof x !== 'number') throw new BadFactorRow(r, 'has a null float in features; every factor row needs rank floats');
      out[r * rank + j] = x;
    }
  });
}
