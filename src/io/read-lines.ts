import { open } from 'node:fs/promises';

/**
 * Line scanning for the readers: a file is read in chunks, each chunk decoded once, and every line
 * handed to a sink as a span `[start, end)` of the chunk's text — no string or object per line, so
 * a 25M-row ratings file costs a few big strings, not 25M small ones. Line numbers are 1-based
 * physical lines, as an editor shows them. A line ends at '\n'; a '\r' before it (CRLF) is not part
 * of the span. The last line needs no terminator.
 */

/** Text encodings the readers accept. 'latin1' is what MovieLens's u.item and 1M movies.dat use. */
export type TextEncoding = 'utf-8' | 'latin1';

/** Receives line `line` as `text.slice(start, end)`. Return `false` to stop reading. */
export type LineSink = (text: string, start: number, end: number, line: number) => void | false;

export interface ForEachLineOptions {
  /** Encoding of the file; default 'utf-8' (a leading byte-order mark is dropped). */
  encoding?: TextEncoding;
  /** Bytes read per chunk; default 8 MiB. Tests make it tiny to put lines across chunk borders. */
  chunkBytes?: number;
  /**
   * Read only the bytes [start, end) of the file (default: all of it), numbering its lines from 1;
   * `start` should be 0 or just after a '\n'. A byte-order mark is dropped only at offset 0.
   * Lets parallel readers (read-parallel.ts) each take a slice.
   */
  start?: number;
  end?: number;
}

/**
 * Calls `sink` for each line of `text`, numbering from `firstLine`. Returns the offset where the
 * unfinished last line starts (text.length when `text` ends with '\n'), or -1 when the sink
 * stopped. With `final`, the unfinished last line is passed to the sink too.
 */
export function forEachLineOfText(
  text: string,
  sink: LineSink,
  firstLine = 1,
  final = true,
): { rest: number; lines: number } {
  let pos = 0;
  let line = firstLine - 1;
  for (;;) {
    const nl = text.indexOf('\n', pos);
    if (nl === -1) break;
    let end = nl;
    if (end > pos && text.charCodeAt(end - 1) === 13) end--;
    line++;
    if (sink(text, pos, end, line) === false) return { rest: -1, lines: line };
    pos = nl + 1;
  }
  if (final && pos < text.length) {
    let end = text.length;
    if (text.charCodeAt(end - 1) === 13) end--;
    line++;
    if (sink(text, pos, end, line) === false) return { rest: -1, lines: line };
    pos = text.length;
  }
  return { rest: pos, lines: line };
}

/**
 * Streams the lines of the file at `path` into `sink`; resolves to the number of lines seen.
 * Each chunk is cut after its last '\n' byte and only whole lines are decoded, so a multi-byte
 * character never straddles two decodes and every text handed out is one flat string (V8 reads
 * characters of a concatenated string noticeably slower).
 */
export async function forEachLine(path: string, sink: LineSink, opts: ForEachLineOptions = {}): Promise<number> {
  const encoding = opts.encoding === 'latin1' ? 'latin1' : 'utf8';
  let buf = Buffer.allocUnsafe(opts.chunkBytes ?? 8 << 20);
  let carry = 0; // bytes of an unfinished line kept at the front of buf
  let line = 0;
  let pos = opts.start ?? 0;
  const stop = opts.end ?? Number.POSITIVE_INFINITY;
  let first = pos === 0;
  const fh = await open(path, 'r');
  try {
    for (;;) {
      if (carry === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, carry);
        buf = bigger;
      }
      const want = Math.min(buf.length - carry, stop - pos);
      const { bytesRead } = want > 0 ? await fh.read(buf, carry, want, pos) : { bytesRead: 0 };
      pos += bytesRead;
      const done = bytesRead === 0;
      const n = carry + bytesRead;
      const cut = done ? n : buf.lastIndexOf(10, n - 1) + 1; // 0 when no '\n' yet
      if (cut > 0) {
        let text = buf.toString(encoding, 0, cut);
        if (first && encoding === 'utf8' && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
        const { rest, lines } = forEachLineOfText(text, sink, line + 1, done);
        if (rest === -1) return lines;
        line = lines;
      }
      if (done) return line;
      buf.copy(buf, 0, cut, n);
      carry = n - cut;
    }
  } finally {
    await fh.close();
  }
}

/** The first line of a file (without its terminator), or null for an empty file. */
export async function readFirstLine(path: string, encoding: TextEncoding = 'utf-8'): Promise<string | null> {
  let first: string | null = null;
  await forEachLine(
    path,
    (text, start, end) => {
      first = text.slice(start, end);
      return false;
    },
    { encoding, chunkBytes: 64 << 10 },
  );
  return first;
}

/**
 * Remembers which line each data row came from, for error messages about rows ("line 17"),
 * without an array per row: rows and lines advance together except at the header, blank lines and
 * multi-line records, so only the points where `line − row` changes are stored.
 */
export class RowLines {
  private rows: number[] = [];
  private offsets: number[] = [];
  private offset = Number.NaN;

  /** Records that data row `row` (0-based, rows noted in increasing order) is on line `line`. */
  note(row: number, line: number): void {
    const offset = line - row;
    if (offset !== this.offset) {
      this.rows.push(row);
      this.offsets.push(offset);
      this.offset = offset;
    }
  }

  /** The line of data row `row`. */
  lineOf(row: number): number {
    let lo = 0;
    let hi = this.rows.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.rows[mid]! <= row) lo = mid;
      else hi = mid - 1;
    }
    return row + (this.offsets[lo] ?? 1);
  }
}

/** Receives line `line` as the bytes `bytes[start, end)` (without '\n' or '\r\n'). */
export type ByteLineSink = (bytes: Uint8Array, start: number, end: number, line: number) => void;

/**
 * Streams the lines of a file as byte spans, for formats that are plain ASCII numbers (MovieLens
 * ratings), where parsing bytes directly skips decoding altogether.
 */
export async function forEachByteLine(path: string, sink: ByteLineSink, chunkBytes = 8 << 20): Promise<number> {
  let buf = new Uint8Array(chunkBytes);
  let carry = 0; // bytes of an unfinished line kept at the front of buf
  let line = 0;
  const fh = await open(path, 'r');
  try {
    for (;;) {
      if (carry === buf.length) {
        const bigger = new Uint8Array(buf.length * 2);
        bigger.set(buf);
        buf = bigger;
      }
      const { bytesRead } = await fh.read(buf, carry, buf.length - carry, null);
      const n = carry + bytesRead;
      let pos = 0;
      for (;;) {
        const nl = buf.indexOf(10, pos);
        if (nl === -1 || nl >= n) break;
        let end = nl;
        if (end > pos && buf[end - 1] === 13) end--;
        sink(buf, pos, end, ++line);
        pos = nl + 1;
      }
      if (bytesRead === 0) {
        if (pos < n) {
          let end = n;
          if (buf[end - 1] === 13) end--;
          sink(buf, pos, end, ++line);
        }
        return line;
      }
      buf.copyWithin(0, pos, n);
      carry = n - pos;
    }
  } finally {
    await fh.close();
  }
}
