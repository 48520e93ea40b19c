import { stat } from 'node:fs/promises';
import type { Interactions } from '../data/interactions.js';
import { detectFormat, formatFromName, type InteractionsFormat } from './detect-format.js';
import { readDelimited, type DelimitedOptions } from './read-delimited.js';
import { readFirstLine } from './read-lines.js';
import { readMlRatings } from './read-ml-ratings.js';
import { readMovieLens } from './read-movielens.js';
import { isParquetDir } from './parquet-input.js';
import { readParquetInteractions } from './read-parquet-interactions.js';

/** Options of readInteractions: the delimited-reader options plus the format. */
export interface ReadInteractionsOptions extends DelimitedOptions {
  /**
   * 'ml100k' | 'ml-dat' | 'ml-csv' | 'csv' | 'tsv' | 'parquet' | 'arrow'; default: from the file
   * name (detectFormat; a directory of `*.parquet` parts is parquet). The column options (userCol,
   * …, ids) apply to csv, tsv, parquet and arrow; delimiter, header and encoding to csv and tsv. [--format]
   */
  format?: InteractionsFormat | string;
}

const ML_CSV_HEADER = 'userId,movieId,rating,timestamp';

/**
 * Reads interactions from `path`: a MovieLens directory, a MovieLens ratings file, a CSV/TSV file
 * with a header, or Parquet (a file, or a directory of part files as Spark writes them), or an Arrow IPC / Feather v2 file. A file named ratings.csv whose header is not MovieLens's is read as generic CSV
 * (unless `format` says ml-csv).
 */
export async function readInteractions(path: string, opts: ReadInteractionsOptions = {}): Promise<Interactions> {
  const info = await stat(path).catch(() => null);
  if (info === null) throw new Error(`${path}: no such file or directory; pass the path of an existing file or directory`);
  if (info.isDirectory()) {
    if (opts.format !== undefined) detectFormat(path, opts.format); // validates the value
    const f = opts.format;
    if (f === 'parquet' || (f === undefined && (await isParquetDir(path)))) return readParquetInteractions(path, opts);
    if (f === 'csv' || f === 'tsv' || f === 'arrow') throw new Error(`${path} is a directory; format ${f} needs a file`);
    return readMovieLens(path, { ...opts, format: f as 'ml100k' | 'ml-dat' | 'ml-csv' | undefined });
  }
  let format = opts.format === undefined ? formatFromName(path) : detectFormat(path, opts.format);
  // A name that says nothing (ratings.txt, plays.dat, data): the delimiter and header are sniffed.
  if (format === null) return readDelimited(path, opts);
  if (format === 'ml-csv' && opts.format === undefined) {
    const first = await readFirstLine(path);
    if (first !== null && first.trim() !== ML_CSV_HEADER) format = 'csv';
  }
  switch (format) {
    case 'ml100k':
    case 'ml-dat':
    case 'ml-csv':
      return readMlRatings(path, format, opts);
    case 'csv':
      return readDelimited(path, { ...opts, delimiter: opts.delimiter ?? ',' });
    case 'tsv':
      return readDelimited(path, { ...opts, delimiter: opts.delimiter ?? '\t' });
    case 'parquet':
      return readParquetInteractions(path, opts);
    case 'arrow': // apache-arrow is loaded on first use, as DuckDB is for Parquet
      return (await import('./read-arrow-interactions.js')).readArrowInteractions(path, opts);
  }
}
