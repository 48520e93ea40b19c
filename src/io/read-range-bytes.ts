import { open } from 'node:fs/promises';
import { IntIndexTable } from './int-index-table.js';
import type { RangeRows, RangeTask } from './read-range.js';

const QUOTE = 34;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const CR = 13;
const LF = 10;

/** Powers of ten that a double holds exactly (10^0 … 10^22), as in read-numbers.ts. */
const EXACT_POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/** The byte of a one-byte delimiter, or −1 for '::' and whitespace (which this path does not read). */
function delimiterByte(d: RangeTask['delimiter']): number {
  return d === ',' || d === '\t' || d === ';' || d === '|' ? d.charCodeAt(0) : -1;
}

/**
 * readRange's common case, parsed straight from the file's bytes with no decoding and no splitter:
 * lines of plain fields (no '"' anywhere), the id columns canonical ints, the rating and timestamp
 * plain decimals (`4`, `3.5`, `-1`, `.5`; at most 15 digits: the exact-division rule of
 * parseNumberSpan, so the very same double). Returns null at the first line it does not take —
 * a quote, a wrong field count, spaces around a number, an exponent, an empty cell, a byte-order
 * mark — and the caller reads the range with the general text path instead, which words any error.
 * Equal results by construction: whatever this path accepts, the text path reads to the same value.
 *
 * `capacity` is at least the number of rows (the range's '\n' count + 1).
 */
export async function readRangeBytes(task: RangeTask, capacity: number): Promise<RangeRows | null> {
  const delim = delimiterByte(task.delimiter);
  if (delim < 0) return null;
  const { fieldCount, user, item, rating, timestamp } = task;
  const users = new Int32Array(capacity);
  const items = new Int32Array(capacity);
  const ratings = new Float32Array(capacity);
  const timestamps = timestamp >= 0 ? new Float64Array(capacity) : null;
  const userTable = new IntIndexTable(1 << 14);
  const itemTable = new IntIndexTable(1 << 14);
  const lineRows: number[] = [];
  const lineOffsets: number[] = [];
  let lastOffset = Number.NaN;
  let n = 0;
  let line = 0;
  let buf = new Uint8Array(8 << 20);
  let carry = 0;
  let pos = task.start;
  const stop = task.end;

  // The line being parsed: its field number, and per field the digits read so far (value, count,
  // fraction digits, sign, anything else seen). The spans of the wanted fields are checked at each
  // field's end, so every byte is read once.
  let f = 0;
  let acc = 0, nd = 0, frac = -1, neg = false, bad = false, lead = -1;
  let u = 0, i = 0, r = 1, t = Number.NaN;
  /** The field that just ended, into u, i, r or t; false when the text path must read the range. */
  const endField = (): boolean => {
    if (f === user || f === item) {
      // canonical int: digits only, no leading zero (but '0'), no '-0', in int32
      if (bad || frac >= 0 || nd === 0 || nd > 10 || (lead === ZERO && (nd > 1 || neg))) return false;
      const v = neg ? -acc : acc;
      if (v < -2147483648 || v > 2147483647) return false;
      if (f === user) u = v;
      else i = v;
    } else if (f === rating || f === timestamp) {
      if (bad || nd === 0 || nd > 15) return false;
      const m = frac > 0 ? acc / EXACT_POW10[frac]! : acc;
      if (f === rating) r = neg ? -m : m;
      else t = neg ? -m : m;
    }
    f++;
    acc = 0;
    nd = 0;
    frac = -1;
    neg = false;
    bad = false;
    lead = -1;
    return true;
  };
  /** The line that just ended (its last field already ended): a row, or nothing for a blank line. */
  const endLine = (blank: boolean): boolean => {
    line++;
    if (blank) {
      f = 0;
      return true;
    }
    if (f !== fieldCount) return false;
    f = 0;
    if (timestamps) timestamps[n] = t;
    const offset = line - n;
    if (offset !== lastOffset) {
      lineRows.push(n);
      lineOffsets.push(offset);
      lastOffset = offset;
    }
    users[n] = userTable.add(u);
    items[n] = itemTable.add(i);
    ratings[n] = r;
    n++;
    return true;
  };
  /** Parses the whole lines in buf[0, to) (and the unterminated last one when `final`); the offset after the last line read, or −1 to give up. */
  const parse = (to: number, final: boolean): number => {
    let lineStart = 0;
    for (let p = 0; p < to; p++) {
      const c = buf[p]!;
      const d = c - ZERO;
      if (d >= 0 && d <= 9) {
        if (nd === 0) lead = c;
        acc = acc * 10 + d;
        nd++;
        if (frac >= 0) frac++;
      } else if (c === delim) {
        if (!endField()) return -1;
      } else if (c === LF || (c === CR && p + 1 < to && buf[p + 1] === LF)) {
        const blank = p === lineStart;
        if (!blank && !endField()) return -1;
        if (!endLine(blank)) return -1;
        if (c === CR) p++;
        lineStart = p + 1;
      } else if (c === DOT && frac < 0) {
        frac = 0;
      } else if (c === MINUS && nd === 0 && frac < 0 && !neg && !bad) {
        neg = true;
      } else if (c === QUOTE) {
        return -1;
      } else {
        bad = true;
      }
    }
    if (final && lineStart < to) {
      // an unterminated last line; a '\r' at its very end is not part of it
      const blank = to - lineStart === 1 && buf[lineStart] === CR;
      if (!blank && buf[to - 1] === CR) {
        // undo the '\r' read into the last field: it made the field bad
        return -1;
      }
      if (!blank && !endField()) return -1;
      if (!endLine(blank)) return -1;
      return to;
    }
    return lineStart;
  };

  const fh = await open(task.path, 'r');
  try {
    let first = pos === 0;
    for (;;) {
      if (carry === buf.length) {
        const bigger = new Uint8Array(buf.length * 2);
        bigger.set(buf);
        buf = bigger;
      }
      const want = Math.min(buf.length - carry, stop - pos);
      const { bytesRead } = want > 0 ? await fh.read(buf, carry, want, pos) : { bytesRead: 0 };
      pos += bytesRead;
      const m = carry + bytesRead;
      if (first && m >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return null;
      first = false;
      const done = bytesRead === 0;
      // whole lines only (the parse state is per line: a partial line is parsed again with the next chunk)
      const cut = done ? m : buf.lastIndexOf(LF, m - 1) + 1;
      const at = cut > 0 ? parse(cut, done) : 0;
      if (at < 0) return null;
      if (done) break;
      buf.copyWithin(0, at, m);
      carry = m - at;
    }
  } finally {
    await fh.close();
  }
  return { rows: n, lines: line, users, items, ratings, timestamps, userKeys: userTable.keys(), itemKeys: itemTable.keys(), lineRows, lineOffsets };
}
