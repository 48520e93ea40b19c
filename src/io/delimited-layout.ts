import { extname } from 'node:path';
import { delimiterFlag, delimiterName, sniffTable, type Delimiter } from './sniff-table.js';

/** How readDelimited reads a file: the delimiter, whether line 1 is a header, the column names. */
export interface DelimitedLayout {
  delimiter: Delimiter;
  /** Line 1 is a header (skipped as data). */
  header: boolean;
  /**
   * The column names by position: the header's unless `columns` was given; for a file without a
   * header, `columns` or by default user, item, rating, timestamp (MovieLens's order), as many as
   * line 1 has fields. null: read from the header line.
   */
  columns: string[] | null;
  /** What was guessed rather than given or implied by the file name. */
  guessed: { delimiter: boolean; header: boolean };
}

/** The layout options of readDelimited (see DelimitedOptions for each). */
export interface LayoutOptions {
  delimiter?: string;
  header?: boolean;
  columns?: readonly string[];
  userCol?: string;
  itemCol?: string;
  ratingCol?: string | null;
  timestampCol?: string | null;
}

/** Names of a headerless file's columns by position, when none are given. */
export const POSITIONAL_COLUMNS = ['user', 'item', 'rating', 'timestamp'] as const;

/**
 * The delimiter written as a user would ('tab', ';', 'space', '::', …) → a Delimiter; any other
 * single character is taken as is.
 */
export function parseDelimiter(text: string): Delimiter | string {
  const aliases: Record<string, Delimiter> = {
    tab: '\t',
    '\\t': '\t',
    '\t': '\t',
    comma: ',',
    semicolon: ';',
    pipe: '|',
    space: 'whitespace',
    spaces: 'whitespace',
    whitespace: 'whitespace',
    ' ': 'whitespace',
  };
  const d = aliases[text.toLowerCase()] ?? text;
  if (d !== 'whitespace' && d !== '::' && d.length !== 1) {
    throw new Error(`delimiter must be one character, '::', tab or whitespace (runs of spaces), got ${JSON.stringify(text)}`);
  }
  return d;
}

/**
 * Decides the layout of `path` from its first lines `sample` and the options: the delimiter is the
 * one given, else the extension's (.csv ',', .tsv/.tab tab), else sniffed; the header is as given,
 * else sniffed (sniff-table.ts). A delimiter that leaves line 1 in one piece while the file clearly
 * splits by another is refused, naming the one seen.
 */
export function delimitedLayout(path: string, sample: readonly string[], opts: LayoutOptions): DelimitedLayout {
  const ext = extname(path).toLowerCase();
  const fromName = ext === '.csv' ? ',' : ext === '.tsv' || ext === '.tab' ? '\t' : undefined;
  const delimiter = (opts.delimiter !== undefined ? parseDelimiter(opts.delimiter) : fromName) as Delimiter | undefined;
  const names = [opts.userCol, opts.itemCol, opts.ratingCol, opts.timestampCol].filter((n): n is string => typeof n === 'string');
  const guess = sniffTable(sample, { delimiter, names });
  if (guess === null) {
    return { delimiter: delimiter ?? ',', header: opts.header ?? true, columns: opts.columns ? [...opts.columns] : null, guessed: { delimiter: false, header: false } };
  }
  if (delimiter !== undefined && guess.first.length === 1) {
    const seen = sniffTable(sample, { names });
    if (seen && seen.delimiter !== delimiter && seen.fields >= 2) {
      throw new Error(
        `${path}: line 1 has no ${delimiterName(delimiter)} (1 field); the file looks ${describe(seen.delimiter)}-separated ` +
          `(${seen.fields} fields per line): pass ${delimiterFlag(seen.delimiter)} (library option delimiter)`,
      );
    }
  }
  const header = opts.header ?? guess.header;
  let columns = opts.columns ? [...opts.columns] : null;
  if (!header && columns === null) columns = positionalColumns(path, guess.first, opts);
  return { delimiter: guess.delimiter, header, columns, guessed: { delimiter: delimiter === undefined, header: opts.header === undefined } };
}

function describe(d: Delimiter): string {
  return d === 'whitespace' ? 'whitespace' : d === '\t' ? 'tab' : `'${d}'`;
}

/**
 * user, item, rating, timestamp for a file without a header — unless a column option names a
 * header column, which a headerless file does not have: that is the mistake of reading line 1's
 * values as names (`--user-col 196`), and it is refused rather than losing line 1.
 */
function positionalColumns(path: string, first: readonly string[], opts: LayoutOptions): string[] {
  const shown = first.slice(0, 6).join(', ') + (first.length > 6 ? ', …' : '');
  const byPosition = POSITIONAL_COLUMNS.slice(0, Math.min(first.length, 4)).join(',');
  const named: [string, string | null | undefined][] = [
    ['--user-col', opts.userCol],
    ['--item-col', opts.itemCol],
    ['--rating-col', opts.ratingCol],
    ['--timestamp-col', opts.timestampCol],
  ];
  for (const [flag, name] of named) {
    if (typeof name === 'string' && !(POSITIONAL_COLUMNS as readonly string[]).includes(name)) {
      throw new Error(
        `${path}: the file has no header (line 1 is data: ${shown}), so ${flag} ${name} names no column; ` +
          `name the columns by position with --no-header --columns ${byPosition} (library options header, columns), ` +
          'or pass --header if line 1 really is a header',
      );
    }
  }
  if (first.length > 4) {
    throw new Error(
      `${path}: the file has no header and ${first.length} fields per line (line 1: ${shown}); ` +
        `name them by position with --columns, e.g. --columns user,item,rating,timestamp${',x'.repeat(first.length - 4)} (library option columns)`,
    );
  }
  return POSITIONAL_COLUMNS.slice(0, first.length);
}

/** `ratings.txt: read as whitespace-separated, no header: columns user, item, rating, timestamp`. */
export function describeLayout(path: string, layout: DelimitedLayout): string {
  const sep = `${describe(layout.delimiter)}-separated`;
  const head = layout.header ? 'with a header' : `no header (line 1 is data), columns ${layout.columns!.join(', ')}`;
  return `${path}: read as ${sep}, ${head}`;
}
