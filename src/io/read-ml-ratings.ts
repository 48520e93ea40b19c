import { isSparkInt, SPARK_INT_MAX, SPARK_INT_MIN } from '../data/id-map.js';
import { InteractionsBuilder, type Interactions } from '../data/interactions.js';
import { forEachByteLine, RowLines } from './read-lines.js';
import { parseCanonicalIntSpan, parseIntSpan, parseNumberSpan } from './read-numbers.js';
import { checkReadOptions, fieldCountError, finishRead, noRowsError, type ReadOptions } from './read-options.js';
import { splitSpans } from './read-records.js';

/**
 * The three MovieLens ratings layouts. All have the same four numeric fields,
 * `user item rating timestamp` (timestamps in seconds since 1970), and differ in the separator:
 *
 *   ml100k  u.data (and u1.base … ub.test)   196\t242\t3\t881250949
 *   ml-dat  ratings.dat (1M, 10M)            1::1193::5::978300760
 *   ml-csv  ratings.csv (20M, 25M, 32M, latest-small), after the header userId,movieId,rating,timestamp
 */
export type MovieLensRatingsFormat = 'ml100k' | 'ml-dat' | 'ml-csv';

const LAYOUT: Record<MovieLensRatingsFormat, { sep: string; header: string | null }> = {
  ml100k: { sep: '\t', header: null },
  'ml-dat': { sep: '::', header: null },
  'ml-csv': { sep: ',', header: 'userId,movieId,rating,timestamp' },
};

const FIELDS = ['user', 'item', 'rating', 'timestamp'] as const;

/** Reads MovieLens 100k's tab-separated `u.data`. */
export function readMl100k(path: string, opts: ReadOptions = {}): Promise<Interactions> {
  return readMlRatings(path, 'ml100k', opts);
}

/** Reads the `::`-separated `ratings.dat` of MovieLens 1M and 10M. */
export function readMlDat(path: string, opts: ReadOptions = {}): Promise<Interactions> {
  return readMlRatings(path, 'ml-dat', opts);
}

/** Reads `ratings.csv` of MovieLens 20M, 25M, 32M and latest(-small). */
export function readMlCsv(path: string, opts: ReadOptions = {}): Promise<Interactions> {
  return readMlRatings(path, 'ml-csv', opts);
}

/**
 * Reads a MovieLens ratings file in the given layout; errors name the file, line and fix.
 * `ratingCol: null` binarises: every row counts as one interaction (rating 1), as for other files.
 */
export async function readMlRatings(
  path: string,
  format: MovieLensRatingsFormat,
  opts: ReadOptions & { ratingCol?: string | null } = {},
): Promise<Interactions> {
  const binary = opts.ratingCol === null;
  checkReadOptions(opts, path);
  const { sep, header } = LAYOUT[format];
  const builder = new InteractionsBuilder();
  const lines = new RowLines();
  const spans = new Int32Array(8);
  let sawHeader = false;
  opts.trace?.describe(path, { kind: format }, [...FIELDS], 2);

  const id = (text: string, k: number, line: number): number => {
    const s = spans[2 * k]!;
    const e = spans[2 * k + 1]!;
    const c = parseCanonicalIntSpan(text, s, e);
    if (c === c) return c;
    const v = parseIntSpan(text, s, e);
    const where = `${path}: line ${line}, column ${FIELDS[k]}`;
    if (isSparkInt(v)) {
      throw new Error(
        `${where}: id ${JSON.stringify(text.slice(s, e))} is not written as a plain integer (MovieLens ids have no sign, ` +
          'leading zero or spaces), and reading it as the number ' + v + ' would change the id; ' +
          'to keep ids as the text they are, read the file with --format csv or --format tsv (ids are then text)',
      );
    }
    if (Number.isInteger(v)) {
      throw new Error(
        `${where}: id ${text.slice(s, e).trim()} is outside Spark's int range [${SPARK_INT_MIN}, ${SPARK_INT_MAX}]; ` +
          'renumber the ids into that range (MovieLens ids always fit, so check the file is MovieLens)',
      );
    }
    throw new Error(
      `${where}: ${JSON.stringify(text.slice(s, e))} is not an integer id; MovieLens ids are integers — ` +
        'if this is not a MovieLens file, read it with --format csv or --format tsv',
    );
  };
  const number = (text: string, k: number, line: number): number => {
    const s = spans[2 * k]!;
    const e = spans[2 * k + 1]!;
    const v = parseNumberSpan(text, s, e);
    if (Number.isFinite(v)) return v;
    throw new Error(
      `${path}: line ${line}, column ${FIELDS[k]}: ${JSON.stringify(text.slice(s, e))} is not a finite number; ` +
        `fix the value or delete the line (every ${FIELDS[k]} must be a finite number)`,
    );
  };

  // The general path over text: exactly four fields, each checked, errors precise.
  const parseLine = (text: string, start: number, end: number, line: number): void => {
    if (header !== null && !sawHeader) {
      sawHeader = true;
      const found = text.slice(start, end).trim();
      if (found !== header) {
        throw new Error(
          `${path}: line ${line}: header is ${JSON.stringify(found)}, not MovieLens's ${JSON.stringify(header)}; ` +
            'to read another CSV layout pass --format csv (with --user-col/--item-col/--rating-col if needed)',
        );
      }
      return;
    }
    const count = splitSpans(text, start, end, sep, spans);
    if (count !== 4) throw fieldCountError(path, line, count, FIELDS);
    const user = id(text, 0, line);
    const item = id(text, 1, line);
    const rating = number(text, 2, line);
    const timestamp = number(text, 3, line);
    lines.note(builder.length, line);
    builder.add(user, item, binary ? 1 : rating, timestamp, path);
  };

  const fast = new FastRow(sep);
  const decoder = new TextDecoder('utf-8');
  await forEachByteLine(path, (bytes, start, end, line) => {
    if (start === end) return;
    if (sawHeader || header === null) {
      if (fast.parse(bytes, start, end)) {
        lines.note(builder.length, line);
        builder.add(fast.user, fast.item, binary ? 1 : fast.rating, fast.timestamp, path);
        return;
      }
    }
    // Anything unusual (a header, spaces, signs, exponents, a malformed line) takes the string path,
    // which either reads it or throws the precise error.
    parseLine(decoder.decode(bytes.subarray(start, end)), 0, end - start, line);
  });
  if (builder.length === 0) throw noRowsError(path, sawHeader, 'user, item, rating, timestamp');
  return finishRead(builder, path, lines, opts);
}

const ZERO = 48;
const DOT = 46;
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/**
 * Byte-level parser for the well-formed line `digits SEP digits SEP digits[.digits] SEP digits`,
 * the shape of every line of real MovieLens files. `parse` returns false for anything else and
 * the caller falls back to the general path. Ids are limited to 9 digits (so they fit Spark's int
 * range without a check), the rating to 9 digits in all, the timestamp to 15 digits; then
 * mantissa / 10^f is the correctly rounded value (see parseNumberSpan).
 */
class FastRow {
  user = 0;
  item = 0;
  rating = 0;
  timestamp = 0;
  private readonly s0: number;
  private readonly s1: number;
  private readonly sepLen: number;

  constructor(sep: string) {
    this.s0 = sep.charCodeAt(0);
    this.sepLen = sep.length;
    this.s1 = sep.length === 2 ? sep.charCodeAt(1) : -1;
  }

  /** Position after the separator at `p`, or -1 when there is none. */
  private skipSep(b: Uint8Array, p: number, end: number): number {
    if (p >= end || b[p] !== this.s0) return -1;
    if (this.sepLen === 1) return p + 1;
    return p + 1 < end && b[p + 1] === this.s1 ? p + 2 : -1;
  }

  parse(b: Uint8Array, start: number, end: number): boolean {
    let p = start;
    let v = 0;
    let d = 0;
    // user (an id with a leading zero, e.g. 007, is not canonical: the general path reports it)
    for (; p < end && (d = b[p]! - ZERO) >= 0 && d <= 9; p++) v = v * 10 + d;
    if (p === start || p - start > 9 || (b[start] === ZERO && p - start > 1)) return false;
    this.user = v;
    if ((p = this.skipSep(b, p, end)) < 0) return false;
    // item
    let q = p;
    v = 0;
    for (; p < end && (d = b[p]! - ZERO) >= 0 && d <= 9; p++) v = v * 10 + d;
    if (p === q || p - q > 9 || (b[q] === ZERO && p - q > 1)) return false;
    this.item = v;
    if ((p = this.skipSep(b, p, end)) < 0) return false;
    // rating: digits, optionally '.' digits
    q = p;
    v = 0;
    for (; p < end && (d = b[p]! - ZERO) >= 0 && d <= 9; p++) v = v * 10 + d;
    if (p === q) return false;
    let frac = 0;
    if (p < end && b[p] === DOT) {
      p++;
      const f0 = p;
      for (; p < end && (d = b[p]! - ZERO) >= 0 && d <= 9; p++) v = v * 10 + d;
      frac = p - f0;
    }
    if (p - q > 10) return false;
    this.rating = frac > 0 ? v / POW10[frac]! : v;
    if ((p = this.skipSep(b, p, end)) < 0) return false;
    // timestamp
    q = p;
    v = 0;
    for (; p < end && (d = b[p]! - ZERO) >= 0 && d <= 9; p++) v = v * 10 + d;
    if (p === q || p - q > 15 || p !== end) return false;
    this.timestamp = v;
    return true;
  }
}
