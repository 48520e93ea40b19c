import { open } from 'node:fs/promises';
import { IntIndexTable } from './int-index-table.js';
import { EXACT_POW10 } from './read-numbers.js';
import type { RangeRows, RangeTask } from './read-range.js';

const QUOTE = 34;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const CR = 13;
const LF = 10;


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
  const out = new RangeParser(task, delim, capacity);
  let buf = new Uint8Array(8 << 20);
  let carry = 0;
  let pos = task.start;
  const stop = task.end;
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
      const at = cut > 0 ? out.parse(buf, cut, done) : 0;
      if (at < 0) return null;
      if (done) break;
      buf.copyWithin(0, at, m);
      carry = m - at;
    }
  } finally {
    await fh.close();
  }
  return out.rows();
}

/**
 * The rows parsed so far, and the parse of whole lines: one method with the per-line state in
 * locals (a closure's captured variables live in a heap context, and V8 boxes the doubles there).
 */
class RangeParser {
  private readonly users: Int32Array;
  private readonly items: Int32Array;
  private readonly ratings: Float32Array;
  private readonly timestamps: Float64Array | null;
  private readonly userTable = new IntIndexTable(1 << 14);
  private readonly itemTable = new IntIndexTable(1 << 14);
  private readonly lineRows: number[] = [];
  private readonly lineOffsets: number[] = [];
  private lastOffset = Number.NaN;
  private n = 0;
  private line = 0;

  constructor(
    private readonly task: RangeTask,
    private readonly delim: number,
    capacity: number,
  ) {
    this.users = new Int32Array(capacity);
    this.items = new Int32Array(capacity);
    this.ratings = new Float32Array(capacity);
    this.timestamps = task.timestamp >= 0 ? new Float64Array(capacity) : null;
  }

  rows(): RangeRows {
    const { n, line, users, items, ratings, timestamps, lineRows, lineOffsets } = this;
    return { rows: n, lines: line, users, items, ratings, timestamps, userKeys: this.userTable.keys(), itemKeys: this.itemTable.keys(), lineRows, lineOffsets };
  }

  /**
   * Parses the whole lines in buf[0, to) (and the unterminated last one when `final`); returns the
   * offset after the last line read, or −1 when the text path must read the range. Per field it
   * keeps the digits read so far (value, count, fraction digits, sign, anything else seen) and
   * checks the wanted fields at their end, so every byte is read once.
   */
  parse(buf: Uint8Array, to: number, final: boolean): number {
    const { delim } = this;
    const { fieldCount, user, item, rating, timestamp } = this.task;
    let f = 0;
    let acc = 0, nd = 0, frac = -1, neg = false, bad = false, lead = -1;
    let u = 0, i = 0, r = 1, t = Number.NaN;
    let lineStart = 0;
    const end = final ? to + 1 : to; // a virtual '\n' ends an unterminated last line
    for (let p = 0; p < end; p++) {
      if (p === to && p === lineStart) break; // nothing after the last '\n'
      const c = p < to ? buf[p]! : LF;
      const d = c - ZERO;
      if (d >= 0 && d <= 9) {
        if (nd === 0) lead = c;
        acc = acc * 10 + d;
        nd++;
        if (frac >= 0) frac++;
        continue;
      }
      const lineEnd = c === LF || (c === CR && p + 1 < to && buf[p + 1] === LF);
      if (c === delim || lineEnd) {
        const blank = lineEnd && p === lineStart;
        if (!blank) {
          // the field that just ended, into u, i, r or t
          if (f === user || f === item) {
            // canonical int: digits only, no leading zero (but '0'), no '-0', in int32
            if (bad || frac >= 0 || nd === 0 || nd > 10 || (lead === ZERO && (nd > 1 || neg))) return -1;
            const v = neg ? -acc : acc;
            if (v < -2147483648 || v > 2147483647) return -1;
            if (f === user) u = v;
            else i = v;
          } else if (f === rating || f === timestamp) {
            if (bad || nd === 0 || nd > 15) return -1;
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
        }
        if (!lineEnd) continue;
        this.line++;
        if (!blank) {
          if (f !== fieldCount) return -1;
          this.row(u, i, r, t);
        }
        f = 0;
        if (c === CR) p++;
        lineStart = p + 1;
      } else if (c === DOT && frac < 0) {
        frac = 0;
      } else if (c === MINUS && nd === 0 && frac < 0 && !neg && !bad) {
        neg = true;
      } else if (c === QUOTE || (c === CR && p + 1 === to && final)) {
        // a quote, or a '\r' ending the file's last line (the text path drops it): the text path reads these
        return -1;
      } else {
        bad = true;
      }
    }
    return final ? to : lineStart;
  }

  private row(u: number, i: number, r: number, t: number): void {
    const n = this.n;
    if (this.timestamps) this.timestamps[n] = t;
    const offset = this.line - n;
    if (offset !== this.lastOffset) {
      this.lineRows.push(n);
      this.lineOffsets.push(offset);
      this.lastOffset = offset;
    }
    this.users[n] = this.userTable.add(u);
    this.items[n] = this.itemTable.add(i);
    this.ratings[n] = r;
    this.n = n + 1;
  }
}
