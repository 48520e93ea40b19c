import type { Command } from 'commander';
import type { IdMap } from '../data/id-map.js';
import type { SourceTrace } from '../io/source-trace.js';
import type { DuplicatePolicy, Interactions } from '../data/interactions.js';
import { readInteractions } from '../io/read-interactions.js';
import type { InteractionsFormat } from '../io/detect-format.js';
import { choiceFlag } from './parse-flags.js';

export const FORMATS = ['ml100k', 'ml-dat', 'ml-csv', 'csv', 'tsv'] as const;
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
}

export function addDataFlags(cmd: Command): Command {
  return cmd
    .option('--format <format>', `input format: ${FORMATS.join(', ')} (default: from the file name: u.data, ratings.dat, ratings.csv, *.csv, *.tsv)`, choiceFlag(FORMATS))
    .option('--user-col <name>', 'user id column of a CSV/TSV with a header', 'user')
    .option('--item-col <name>', 'item id column', 'item')
    .option('--rating-col <name>', "rating column; 'none' when the file has none (every row counts as rating 1: implicit events)", 'rating')
    .option('--timestamp-col <name>', "timestamp column (optional; used by --method chrono); 'none' to ignore one")
    .option('--ids <kind>', "id columns: auto (integers when every value is one) or string", choiceFlag(['auto', 'string'] as const), 'auto')
    .option('--duplicates <policy>', `repeated (user, item) pairs: ${DUPLICATE_POLICIES.join(', ')}`, choiceFlag(DUPLICATE_POLICIES), 'error');
}

/** Reads an interactions file with the shared flags; `ids` shares dense indices across files. */
export function readWithFlags(path: string, flags: DataFlags, ids: { userIds?: IdMap; itemIds?: IdMap; trace?: SourceTrace } = {}): Promise<Interactions> {
  return readInteractions(path, {
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
