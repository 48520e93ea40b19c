import type { Command } from 'commander';
import type { IdMap } from '../data/id-map.js';
import type { SourceTrace } from '../io/source-trace.js';
import type { DuplicatePolicy, Interactions } from '../data/interactions.js';
import { readInteractions } from '../io/read-interactions.js';
import type { InteractionsFormat } from '../io/detect-format.js';
import { describeLayout, parseDelimiter } from '../io/delimited-layout.js';
import { InvalidArgumentError } from 'commander';
import { UsageError, type CliIO } from './cli-io.js';
import { choiceFlag } from './parse-flags.js';

export const FORMATS = ['ml100k', 'ml-dat', 'ml-csv', 'csv', 'tsv', 'parquet', 'arrow'] as const;
export const DUPLICATE_POLICIES = ['error', 'sum', 'last', 'mean'] as const;

/** The flags every command that reads interaction files shares. */
export interface DataFlags {
  format?: InteractionsFormat;
  userCol: string;
  itemCol: string;
  ratingCol: string;
  timestampCol?: string;
  ids: 'auto' | 'string';
  duplicates: DuplicatePolicy;
  delimiter?: string;
  header?: boolean;
  columns?: string[];
  /** --binarize: the documented alias of --rating-col none. */
  binarize?: boolean;
}

export function addDataFlags(cmd: Command): Command {
  return cmd
    .option('--format <format>', `input format: ${FORMATS.join(', ')} (default: from the name: u.data, ratings.dat, ratings.csv, *.csv, *.tsv, *.parquet or a directory of part-*.parquet, *.arrow/*.feather)`, choiceFlag(FORMATS))
    .option('--user-col <name>', 'user id column of a CSV/TSV with a header', 'user')
    .option('--item-col <name>', 'item id column', 'item')
    .option('--rating-col <name>', "rating column; 'none' treats every row as one interaction (binarise: rating 1, also when the file has ratings)", 'rating')
    .option('--binarize', 'every row is one interaction (rating 1), whatever its rating: the same as --rating-col none, and recorded so in the model')
    .option('--timestamp-col <name>', "timestamp column (optional; used by --method chrono); 'none' to ignore one")
    .option('--ids <kind>', "id columns: auto (integers when every value is one) or string", choiceFlag(['auto', 'string'] as const), 'auto')
    .option('--duplicates <policy>', `repeated (user, item) pairs: ${DUPLICATE_POLICIES.join(', ')}`, choiceFlag(DUPLICATE_POLICIES), 'error')
    .option('--delimiter <d>', "field delimiter of a CSV/TSV/text file: ',', tab, ';', '|', '::' or whitespace (default: .csv comma, .tsv tab, else sniffed)", delimiterFlag)
    .option('--header', 'line 1 is a header (default: sniffed; a line of numbers never is one)')
    .option('--no-header', 'line 1 is data: columns by position, user,item,rating,timestamp or --columns')
    .option('--columns <names>', 'column names by position, e.g. user,item,rating (for a file without a header, or to rename one)', columnsFlag);
}

function delimiterFlag(value: string): string {
  try {
    return parseDelimiter(value);
  } catch (e) {
    throw new InvalidArgumentError(`${(e as Error).message}.`);
  }
}

function columnsFlag(value: string): string[] {
  const names = value.split(',').map((s) => s.trim());
  if (names.length < 2 || names.some((n) => n === '')) {
    throw new InvalidArgumentError(`expected names separated by commas, e.g. user,item,rating, got '${value}'.`);
  }
  return names;
}

/**
 * Reads an interactions file with the shared flags; `ids` shares dense indices across files. With
 * `io`, a layout that was guessed (delimiter sniffed, or no header found) is said on stderr.
 */
export function readWithFlags(
  path: string,
  flags: DataFlags,
  { io, ...ids }: { userIds?: IdMap; itemIds?: IdMap; trace?: SourceTrace; io?: CliIO } = {},
): Promise<Interactions> {
  if (flags.binarize) {
    if (flags.ratingCol !== 'rating' && flags.ratingCol !== 'none') {
      throw new UsageError(`--binarize ignores the ratings, and --rating-col ${flags.ratingCol} names a rating column; drop one of them`);
    }
    // recorded as --rating-col none from here on (a trained model's options say ratingCol 'none')
    flags.ratingCol = 'none';
  }
  return readInteractions(path, {
    delimiter: flags.delimiter,
    header: flags.header,
    columns: flags.columns,
    onLayout: (layout) => {
      if (io && (layout.guessed.delimiter || (layout.guessed.header && !layout.header))) {
        io.stderr(`alsrec: ${describeLayout(path, layout)} (otherwise pass --delimiter, --header, or --no-header --columns …)\n`);
      }
    },
    format: flags.format,
    userCol: flags.userCol,
    itemCol: flags.itemCol,
    ratingCol: flags.ratingCol === 'none' ? null : flags.ratingCol,
    timestampCol: flags.timestampCol === 'none' ? null : flags.timestampCol,
    ids: flags.ids,
    duplicates: flags.duplicates,
    ...ids,
  });
}
