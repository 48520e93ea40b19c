import { basename, extname } from 'node:path';

/**
 * Interaction file formats:
 *   ml100k  MovieLens 100k u.data (tab separated user item rating timestamp, no header)
 *   ml-dat  MovieLens 1M / 10M ratings.dat (`::` separated, same four fields)
 *   ml-csv  MovieLens 20M+ ratings.csv (header userId,movieId,rating,timestamp)
 *   csv     any comma-separated file with a header naming the columns
 *   tsv     the same with tabs
 *   parquet a Parquet file, or a directory of part files as Spark writes them (read-parquet-interactions.ts)
 *   arrow   an Arrow IPC file: .arrow, Feather v2 .feather, or an IPC stream .arrows/.ipc (read-arrow-interactions.ts)
 */
export type InteractionsFormat = 'ml100k' | 'ml-dat' | 'ml-csv' | 'csv' | 'tsv' | 'parquet' | 'arrow';

export const INTERACTIONS_FORMATS: readonly InteractionsFormat[] = ['ml100k', 'ml-dat', 'ml-csv', 'csv', 'tsv', 'parquet', 'arrow'];

/**
 * The format of the file at `path`, from its name unless `format` (the `--format` value) is given:
 * `u.data` and MovieLens 100k's split files (`u1.base`, `ua.test`, …) → ml100k; `ratings.dat` and
 * MovieLens 10M's split files (`r1.train`, `ra.test`, …) → ml-dat; `ratings.csv` → ml-csv; other
 * `*.csv` → csv; `*.tsv`, `*.tab` → tsv; `*.parquet`, `*.parq` → parquet;
 * `*.arrow`, `*.feather`, `*.arrows`, `*.ipc` → arrow.
 */
export function detectFormat(path: string, format?: string): InteractionsFormat {
  if (format !== undefined) {
    if ((INTERACTIONS_FORMATS as readonly string[]).includes(format)) return format as InteractionsFormat;
    throw new Error(`format must be one of ${INTERACTIONS_FORMATS.join(', ')}, got ${JSON.stringify(format)}`);
  }
  const known = formatFromName(path);
  if (known !== null) return known;
  throw new Error(
    `${path}: cannot tell the format from the file name; pass --format ${INTERACTIONS_FORMATS.join('|')} ` +
      '(csv and tsv need a header naming the user, item and rating columns)',
  );
}

/**
 * The format a file name implies (see detectFormat), or null when the name says nothing
 * (`.txt`, `.dat`, no extension): readInteractions then sniffs the layout from the content.
 */
export function formatFromName(path: string): InteractionsFormat | null {
  const name = basename(path);
  if (name === 'u.data' || /^u[1-5ab]\.(base|test)$/.test(name)) return 'ml100k';
  if (name === 'ratings.dat' || /^r[1-5ab]\.(train|test)$/.test(name)) return 'ml-dat';
  if (name === 'ratings.csv') return 'ml-csv';
  const ext = extname(name).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.tsv' || ext === '.tab') return 'tsv';
  if (ext === '.parquet' || ext === '.parq') return 'parquet';
  if (ext === '.arrow' || ext === '.feather' || ext === '.arrows' || ext === '.ipc') return 'arrow';
  return null;
}
