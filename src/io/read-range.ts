import { open } from 'node:fs/promises';
import { forEachLine, type TextEncoding } from './read-lines.js';
import { PlainSplitter } from './plain-splitter.js';
import { RecordSplitter } from './read-records.js';
import { parseCanonicalIntSpan, parseNumberSpan } from './read-numbers.js';
import type { Delimiter } from './sniff-table.js';
import { IntIndexTable } from './int-index-table.js';
import { readRangeBytes } from './read-range-bytes.js';

/** One slice of a delimited file for one thread: bytes [start, end), which begin at a line start. */
export interface RangeTask {
  path: string;
  start: number;
  end: number;
  delimiter: Delimiter;
  encoding?: TextEncoding;
  /** Fields every record must have. */
  fieldCount: number;
  /** Field positions of the columns; −1 for an absent rating or timestamp. */
  user: number;
  item: number;
  rating: number;
  timestamp: number;
}

/**
 * The rows of a range, with ids as local indices into `userKeys`/`itemKeys` (the int ids in the
 * order first seen in the range). `lineRows`/`lineOffsets` are the points where `line − row`
 * changes (lines and rows local to the range, both from 1 and 0), as in RowLines.
 */
export interface RangeRows {
  rows: number;
  lines: number;
  users: Int32Array;
  items: Int32Array;
  ratings: Float32Array;
  timestamps: Float64Array | null;
  userKeys: Int32Array;
  itemKeys: Int32Array;
  lineRows: number[];
  lineOffsets: number[];
}

/**
 * Why a range was not read here, and the whole file must go to the single-thread reader instead:
 * a value it would reject or re-read (a non-int id, a bad number, a wrong field count — the
 * single-thread reader then reports it with its line), or a quoted record still open at the end
 * of the range (a line break inside quotes crossing the split).
 */
export interface RangeFallback {
  fallback: string;
}

/**
 * Parses one range exactly as readDelimited parses those lines (same splitter, same number and id
 * rules, blank lines skipped), for ranges whose ids are all canonical ints: it gives up (returns a
 * RangeFallback) at anything else rather than guessing. Plain lines go through the byte-level
 * twin (read-range-bytes.ts), which hands the range back here at the first line it does not take.
 */
export async function readRange(task: RangeTask): Promise<RangeRows | RangeFallback> {
  const capacity = (await countLines(task.path, task.start, task.end)) + 1;
  // the common plain-ASCII case straight from the bytes; anything else below, on decoded text
  const fast = await readRangeBytes(task, capacity);
  return fast ?? readRangeText(task, capacity);
}

/** readRange on decoded text through the record splitter: every line readDelimited reads. */
export async function readRangeText(task: RangeTask, capacity: number): Promise<RangeRows | RangeFallback> {
  const users = new Int32Array(capacity);
  const items = new Int32Array(capacity);
  const ratings = new Float32Array(capacity);
  const timestamps = task.timestamp >= 0 ? new Float64Array(capacity) : null;
  const userTable = new IntIndexTable(1 << 14);
  const itemTable = new IntIndexTable(1 << 14);
  const lineRows: number[] = [];
  const lineOffsets: number[] = [];
  let lastOffset = Number.NaN;
  const d = task.delimiter;
  const splitter = d === '::' || d === 'whitespace' ? new PlainSplitter(d) : new RecordSplitter(d, task.path);
  const { fieldCount, user, item, rating, timestamp } = task;
  let n = 0;
  let failure: string | null = null;
  const fail = (why: string): false => {
    failure = `${task.path}: line ${splitter.recordLine}: ${why}`;
    return false; // stops the read
  };
  const lines = await forEachLine(
    task.path,
    (text, start, end, line) => {
      if (start === end && !splitter.inRecord) return;
      const count = splitter.feed(text, start, end, line);
      if (count <= 0) return;
      if (count !== fieldCount) return fail('field count');
      const src = splitter.src;
      const sp = splitter.spans;
      const u = parseCanonicalIntSpan(src, sp[2 * user]!, sp[2 * user + 1]!);
      const i = parseCanonicalIntSpan(src, sp[2 * item]!, sp[2 * item + 1]!);
      if (u !== u || i !== i) return fail('an id that is not a canonical int');
      let r = 1;
      if (rating >= 0) {
        r = parseNumberSpan(src, sp[2 * rating]!, sp[2 * rating + 1]!);
        if (!Number.isFinite(r)) return fail('rating');
      }
      if (timestamps) {
        const t = parseNumberSpan(src, sp[2 * timestamp]!, sp[2 * timestamp + 1]!);
        // An empty cell is an unknown time (NaN), as in readDelimited.
        if (!Number.isFinite(t) && src.slice(sp[2 * timestamp]!, sp[2 * timestamp + 1]!).trim() !== '') return fail('timestamp');
        timestamps[n] = Number.isFinite(t) ? t : Number.NaN;
      }
      const offset = splitter.recordLine - n;
      if (offset !== lastOffset) {
        lineRows.push(n);
        lineOffsets.push(offset);
        lastOffset = offset;
      }
      users[n] = userTable.add(u);
      items[n] = itemTable.add(i);
      ratings[n] = r;
      n++;
    },
    { encoding: task.encoding, start: task.start, end: task.end },
  ).catch((e: Error) => {
    failure = e.message;
    return 0;
  });
  if (failure !== null) return { fallback: failure };
  if (splitter.inRecord) return { fallback: 'a quoted record is open at the end of the range' };
  return { rows: n, lines, users, items, ratings, timestamps, userKeys: userTable.keys(), itemKeys: itemTable.keys(), lineRows, lineOffsets };
}

/** Number of '\n' bytes in [start, end) of the file. */
async function countLines(path: string, start: number, end: number): Promise<number> {
  const buf = Buffer.allocUnsafe(8 << 20);
  const fh = await open(path, 'r');
  let count = 0;
  try {
    for (let pos = start; pos < end; ) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, end - pos), pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      for (let at = buf.indexOf(10, 0); at !== -1 && at < bytesRead; at = buf.indexOf(10, at + 1)) count++;
    }
  } finally {
    await fh.close();
  }
  return count;
}
