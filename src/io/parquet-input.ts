import { stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { sparkDataFiles } from './spark-data-files.js';

/** True for a `.parquet` (or `.parq`) file name. */
export function isParquetName(path: string): boolean {
  const ext = extname(path).toLowerCase();
  return ext === '.parquet' || ext === '.parq';
}

/**
 * True when `dir` is a directory of Parquet parts as Spark writes them: at least one data file
 * (names starting with `_` or `.` are not data: `_SUCCESS`, `.part-….crc`) ends in `.parquet`.
 */
export async function isParquetDir(dir: string): Promise<boolean> {
  const files = await sparkDataFiles(dir).catch(() => []);
  return files.some(isParquetName);
}

/**
 * The Parquet files of `path`: the file itself, or the data files of a directory Spark wrote
 * (`part-*.parquet`, in name order; `_SUCCESS`, `_metadata` and `.crc` files skipped). A directory
 * whose data files are not all `.parquet` is an error naming the stray file.
 */
export async function parquetFiles(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => null);
  if (info === null) throw new Error(`${path}: no such file or directory; pass a Parquet file or a directory of part files`);
  if (!info.isDirectory()) return [path];
  const files = await sparkDataFiles(path);
  if (files.length === 0) {
    throw new Error(`${path}: the directory holds no data files; expected Parquet part files (part-*.parquet) as Spark writes them`);
  }
  const stray = files.find((f) => !isParquetName(f));
  if (stray !== undefined) {
    throw new Error(
      `${path}: ${stray} is not a .parquet file; a Parquet input directory holds only part-*.parquet files ` +
        '(plus _SUCCESS and .crc files): move the other files out or pass the part files one directory at a time',
    );
  }
  return files.map((f) => join(path, f));
}
