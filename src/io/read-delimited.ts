import type { ExternalId, IdMap } from '../data/id-map.js';
import { InteractionsBuilder, type Interactions } from '../data/interactions.js';
import { forEachLine, RowLines, type TextEncoding } from './read-lines.js';
import { delimitedLayout, type DelimitedLayout } from './delimited-layout.js';
import { PlainSplitter } from './plain-splitter.js';
import { readFirstLines } from './read-sample.js';
import { parseCanonicalIntSpan, parseNumberSpan } from './read-numbers.js';
import { checkReadOptions, fieldCountError, finishRead, noRowsError, type ReadOptions } from './read-options.js';
import { RecordSplitter } from './read-records.js';

/** Options of the generic CSV / TSV reader. CLI flags in brackets. */
export interface DelimitedOptions extends ReadOptions {
  /**
   * Field delimiter: one character, '::', or 'whitespace' (runs of spaces and tabs; 'tab' and
   * 'space' are read too). Default: from the extension (`.csv` → ',', `.tsv`/`.tab` → tab), else
   * sniffed from the first lines (comma, tab, semicolon, pipe, '::', whitespace; sniff-table.ts).
   * [--delimiter]
   */
  delimiter?: string;
  /**
   * Whether line 1 is a header. Default: sniffed — a header when a column holds numbers below
   * and text on line 1, or line 1 names a known column; a line of numbers never is. A file
   * without a header has its columns named by `columns`, else user, item, rating, timestamp by
   * position. [--header / --no-header]
   */
  header?: boolean;
  /** The column names by position (replacing the header line when there is one). [--columns] */
  columns?: readonly string[];
  /** Called with the layout used (delimiter, header, column names, what was guessed) before reading. */
  onLayout?: (layout: DelimitedLayout) => void;
  /** Header name of the user column; default 'user' (Spark's default). [--user-col] */
  userCol?: string;
  /** Header name of the item column; default 'item'. [--item-col] */
  itemCol?: string;
  /**
   * Header name of the rating column; default 'rating'. `null` reads implicit data with no rating
   * column: every row counts as rating 1 (with duplicates 'sum', repeats become counts).
   * [--rating-col; the CLI spells null as `none`]
   */
  ratingCol?: string | null;
  /**
   * Header name of the timestamp column. Default: 'timestamp' when the header has it, else no
   * timestamps. A name given here that the header lacks is an error; `null` ignores timestamps.
   * An empty timestamp cell reads as NaN (unknown). [--timestamp-col]
   */
  timestampCol?: string | null;
  /**
   * How ids are typed, per column. An id is the text of its field, kept exactly as written.
   * 'auto' (default): when every value of the column is the canonical decimal form of a Spark int
   * (`0`, `42`, `-7`: no sign '+', no leading zero, no spaces, no '.0' or exponent, within
   * [−2³¹, 2³¹−1]) the ids are numbers; otherwise every value of that column is its text (so
   * `007` and `7` stay two ids, `1e3` stays `1e3`, and a column is never half numbers).
   * 'string': every id is text, as Spark's StringIndexer would index it. Either way every output
   * writes back the text that was read. When `userIds`/`itemIds` already hold ids, their kind
   * decides — a map of strings reads every value as text; a map of ints reads canonical ints as
   * numbers (so they match) and anything else as text. [--ids]
   */
  ids?: 'auto' | 'string';
  /** Text encoding; default 'utf-8'. */
  encoding?: TextEncoding;
}

/** 'int': integers so far (a non-integer restarts the read as strings); 'string'; 'mixed'. */
type IdMode = 'int' | 'string' | 'mixed';

class RestartAsStrings extends Error {
  constructor(readonly column: 'user' | 'item') {
    super('restart');
  }
}

/**
 * Reads a delimited file with a header into Interactions. The header names the columns; other
 * columns are ignored. Quoting follows RFC 4180. See DelimitedOptions for the id typing rule:
 * deciding a column's type from the whole column occasionally costs a second pass, when a
 * non-integer id first shows up after integer ones.
 */
export async function readDelimited(path: string, opts: DelimitedOptions = {}): Promise<Interactions> {
  checkReadOptions(opts, path);
  const ids = opts.ids ?? 'auto';
  if (ids !== 'auto' && ids !== 'string') {
    throw new Error(`${path}: ids must be 'auto' or 'string', got ${JSON.stringify(ids)}`);
  }
  const layout = delimitedLayout(path, await readFirstLines(path, 50, opts.encoding), opts);
  opts.onLayout?.(layout);
  const modes = {
    user: initialMode(ids, opts.userIds),
    item: initialMode(ids, opts.itemIds),
  };
  for (;;) {
    try {
      return await readOnce(path, layout, opts, modes);
    } catch (e) {
      if (!(e instanceof RestartAsStrings)) throw e;
      modes[e.column] = 'string';
    }
  }
}

function initialMode(ids: 'auto' | 'string', shared: IdMap | undefined): IdMode {
  if (shared && shared.size > 0) return shared.kind === 'string' ? 'string' : 'mixed';
  return ids === 'string' ? 'string' : 'int';
}

async function readOnce(
  path: string,
  layout: DelimitedLayout,
  opts: DelimitedOptions,
  modes: { user: IdMode; item: IdMode },
): Promise<Interactions> {
  const d = layout.delimiter;
  const splitter = d === '::' || d === 'whitespace' ? new PlainSplitter(d) : new RecordSplitter(d, path);
  const builder = new InteractionsBuilder();
  const lines = new RowLines();
  // Without a header the columns are named up front and line 1 is data; with one, line 1 is skipped
  // (its names used unless `columns` replaces them).
  let header: string[] | null = layout.header ? null : layout.columns;
  let cols: Columns | null = header ? resolveColumns(path, header, opts) : null;
  const describe = (names: string[], c: Columns) =>
    opts.trace?.describe(path, { kind: 'delimited', delimiter: d, header: layout.header, encoding: opts.encoding }, names, c.rating);
  if (header && cols) describe(header, cols);

  const readId = (column: 'user' | 'item', k: number, line: number): ExternalId => {
    const src = splitter.src;
    const s = splitter.spans[2 * k]!;
    const e = splitter.spans[2 * k + 1]!;
    const mode = modes[column];
    if (mode === 'string') {
      if (s === e) throw emptyIdError(path, line, header![k]!, column);
      return src.slice(s, e);
    }
    const v = parseCanonicalIntSpan(src, s, e);
    if (v === v) return v;
    if (mode === 'int') throw new RestartAsStrings(column);
    if (s === e) throw emptyIdError(path, line, header![k]!, column);
    return src.slice(s, e);
  };

  const readNumber = (k: number, line: number, what: 'rating' | 'timestamp'): number => {
    const src = splitter.src;
    const s = splitter.spans[2 * k]!;
    const e = splitter.spans[2 * k + 1]!;
    const v = parseNumberSpan(src, s, e);
    if (Number.isFinite(v)) return v;
    if (what === 'timestamp' && src.slice(s, e).trim() === '') return Number.NaN;
    const fix =
      what === 'rating'
        ? 'fix the value or delete the row (ratings must be finite numbers; for data without ratings pass --rating-col none)'
        : 'fix the value, leave the cell empty for an unknown time, or pass --timestamp-col none to ignore timestamps';
    throw new Error(
      `${path}: line ${line}, column ${header![k]}: ${JSON.stringify(src.slice(s, e))} is not a finite number; ${fix}`,
    );
  };

  await forEachLine(
    path,
    (text, start, end, line) => {
      if (start === end && !splitter.inRecord) return;
      const count = splitter.feed(text, start, end, line);
      if (count <= 0) return;
      const at = splitter.recordLine;
      if (header === null) {
        header = layout.columns ?? Array.from({ length: count }, (_, k) => splitter.field(k).trim());
        cols = resolveColumns(path, header, opts);
        describe(header, cols);
        return;
      }
      if (count !== header.length) throw fieldCountError(path, at, count, header);
      const c = cols!;
      const user = readId('user', c.user, at);
      const item = readId('item', c.item, at);
      const rating = c.rating < 0 ? 1 : readNumber(c.rating, at, 'rating');
      const timestamp = c.timestamp < 0 ? undefined : readNumber(c.timestamp, at, 'timestamp');
      lines.note(builder.length, at);
      builder.add(user, item, rating, timestamp, path);
    },
    { encoding: opts.encoding },
  );
  splitter.finish();
  if (builder.length === 0) {
    throw noRowsError(path, layout.header && header !== null, `${opts.userCol ?? 'user'}, ${opts.itemCol ?? 'item'}, ...`);
  }
  return finishRead(builder, path, lines, opts);
}

function emptyIdError(path: string, line: number, name: string, column: string): Error {
  return new Error(`${path}: line ${line}, column ${name}: empty id; every row needs a ${column} — fill it in or delete the row`);
}

/** Field positions of the columns the reader uses; -1 for an absent optional column. */
interface Columns {
  user: number;
  item: number;
  rating: number;
  timestamp: number;
}

/** Finds the named columns in the header (exact name first, then ignoring case). */
export function resolveColumns(path: string, header: readonly string[], opts: DelimitedOptions): Columns {
  const find = (name: string): number => {
    const exact = header.indexOf(name);
    if (exact >= 0) return exact;
    const lower = name.toLowerCase();
    return header.findIndex((h) => h.toLowerCase() === lower);
  };
  const found = `(${header.join(', ')})`;
  const looksMovieLens = header.includes('userId') && header.includes('movieId');
  const hint = looksMovieLens ? '; this looks like MovieLens ratings.csv: pass --format ml-csv' : '';
  const need = (name: string, what: string, flag: string, option: string, extra = ''): number => {
    const k = find(name);
    if (k < 0) {
      throw new Error(
        `${path}: no ${what} column ${JSON.stringify(name)} in the header ${found}; ` +
          `name it with ${flag} NAME (library option ${option})${extra}${hint}`,
      );
    }
    return k;
  };
  const user = need(opts.userCol ?? 'user', 'user', '--user-col', 'userCol');
  const item = need(opts.itemCol ?? 'item', 'item', '--item-col', 'itemCol');
  const rating =
    opts.ratingCol === null
      ? -1
      : need(opts.ratingCol ?? 'rating', 'rating', '--rating-col', 'ratingCol', ', or pass --rating-col none for implicit data where every row counts 1');
  let timestamp = -1;
  if (opts.timestampCol !== null) {
    timestamp = opts.timestampCol === undefined ? find('timestamp') : need(opts.timestampCol, 'timestamp', '--timestamp-col', 'timestampCol');
  }
  return { user, item, rating, timestamp };
}
