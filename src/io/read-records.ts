/**
 * Splitting lines into fields as spans. Field k of a record is `src.slice(spans[2k], spans[2k+1])`;
 * only the first `spans.length / 2` fields are stored, but all are counted, so a reader can report
 * "line 9 has 7 fields, expected 4".
 */

const QUOTE = 34;

/**
 * Splits `text[start, end)` at every occurrence of `sep` (one or two characters, e.g. '\t' or
 * '::') — no quoting, as MovieLens's numeric files need none. Returns the number of fields.
 */
export function splitSpans(text: string, start: number, end: number, sep: string, spans: Int32Array): number {
  const cap = spans.length >> 1;
  const c0 = sep.charCodeAt(0);
  const two = sep.length === 2;
  const c1 = two ? sep.charCodeAt(1) : 0;
  let count = 0;
  let fieldStart = start;
  for (let i = start; i < end; i++) {
    if (text.charCodeAt(i) !== c0) continue;
    if (two && (i + 1 >= end || text.charCodeAt(i + 1) !== c1)) continue;
    if (count < cap) {
      spans[2 * count] = fieldStart;
      spans[2 * count + 1] = i;
    }
    count++;
    i += sep.length - 1;
    fieldStart = i + 1;
  }
  if (count < cap) {
    spans[2 * count] = fieldStart;
    spans[2 * count + 1] = end;
  }
  return count + 1;
}

/**
 * RFC 4180 records, fed one physical line at a time. A field that starts with '"' is quoted: it may
 * hold the delimiter, line breaks, and '""' for a literal quote. A '"' inside an unquoted field is
 * kept as an ordinary character. Lines without any quote take a fast path that only records spans
 * into the line's own text; quoted records are unescaped into `src` once.
 *
 *   line:    7,"Heat, The (1995)",Action     →  fields  7 | Heat, The (1995) | Action
 */
export class RecordSplitter {
  /** Text the spans of the last record index into. */
  src = '';
  readonly spans: Int32Array;
  /** Line the last record started on (it differs from the current line for multi-line records). */
  recordLine = 0;
  private readonly delim: number;
  private pending: string | null = null;
  private pendingTerminator = '\n';

  /** `label` (usually the file path) starts every syntax error message. */
  constructor(
    readonly delimiter: string,
    readonly label: string,
    maxFields = 64,
  ) {
    if (delimiter.length !== 1) throw new Error(`${label}: delimiter must be one character, got ${JSON.stringify(delimiter)}`);
    this.delim = delimiter.charCodeAt(0);
    this.spans = new Int32Array(2 * maxFields);
  }

  /**
   * Feeds line `line` = `text[start, end)`. Returns the record's field count, or -1 when a quoted
   * field is still open and the record continues on the next line.
   */
  feed(text: string, start: number, end: number, line: number): number {
    if (this.pending !== null) {
      this.pending += this.pendingTerminator + text.slice(start, end);
      this.pendingTerminator = text.charCodeAt(end) === 13 ? '\r\n' : '\n';
      if (endsInsideQuotes(text, start, end, this.delim, true)) return -1;
      const record = this.pending;
      this.pending = null;
      return this.unquote(record);
    }
    this.recordLine = line;
    const cap = this.spans.length >> 1;
    const delim = this.delim;
    let count = 0;
    let fieldStart = start;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === delim) {
        if (count < cap) {
          this.spans[2 * count] = fieldStart;
          this.spans[2 * count + 1] = i;
        }
        count++;
        fieldStart = i + 1;
      } else if (c === QUOTE) {
        if (endsInsideQuotes(text, start, end, delim, false)) {
          this.pending = text.slice(start, end);
          this.pendingTerminator = text.charCodeAt(end) === 13 ? '\r\n' : '\n';
          return -1;
        }
        return this.unquote(text.slice(start, end));
      }
    }
    if (count < cap) {
      this.spans[2 * count] = fieldStart;
      this.spans[2 * count + 1] = end;
    }
    this.src = text;
    return count + 1;
  }

  /** True while a quoted field is open across lines (a blank line then is part of the field). */
  get inRecord(): boolean {
    return this.pending !== null;
  }

  /** Throws when input ended inside a quoted field. */
  finish(): void {
    if (this.pending !== null) {
      throw new Error(`${this.label}: line ${this.recordLine}: a quoted field opened on this line is never closed; add the closing '"'`);
    }
  }

  /** Parses a complete record with quotes; `src` becomes the unescaped fields laid end to end. */
  private unquote(record: string): number {
    const cap = this.spans.length >> 1;
    const delim = this.delim;
    const n = record.length;
    let out = '';
    let count = 0;
    let i = 0;
    for (;;) {
      const fieldStart = out.length;
      if (record.charCodeAt(i) === QUOTE) {
        i++;
        for (;;) {
          const q = record.indexOf('"', i);
          if (q === -1) {
            throw new Error(
              `${this.label}: line ${this.recordLine}: field ${count + 1} opens a quote that is never closed; ` +
                `add the closing '"' (and write a quote inside a field as "")`,
            );
          }
          out += record.slice(i, q);
          if (record.charCodeAt(q + 1) === QUOTE) {
            out += '"';
            i = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
        if (i < n && record.charCodeAt(i) !== delim) {
          throw new Error(
            `${this.label}: line ${this.recordLine}: field ${count + 1} has text after its closing quote; ` +
              `quote the whole field and write a quote inside it as ""`,
          );
        }
      } else {
        let j = i;
        while (j < n && record.charCodeAt(j) !== delim) j++;
        out += record.slice(i, j);
        i = j;
      }
      if (count < cap) {
        this.spans[2 * count] = fieldStart;
        this.spans[2 * count + 1] = out.length;
      }
      count++;
      if (i >= n) break;
      i++; // the delimiter
      if (i === n) {
        // A trailing delimiter ends with one more, empty field.
        if (count < cap) {
          this.spans[2 * count] = out.length;
          this.spans[2 * count + 1] = out.length;
        }
        count++;
        break;
      }
    }
    this.src = out;
    return count;
  }

  /** Field k of the last record as a string (for headers and string ids). */
  field(k: number): string {
    return this.src.slice(this.spans[2 * k], this.spans[2 * k + 1]);
  }
}

/**
 * Whether a record is still inside a quoted field at the end of `text[start, end)`, starting inside
 * one when `quoted`. Only a quote at the start of a field opens one; inside, '""' is a literal quote
 * and a lone '"' closes the field.
 */
function endsInsideQuotes(text: string, start: number, end: number, delim: number, quoted: boolean): boolean {
  let fieldStart = !quoted;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (quoted) {
      if (c === QUOTE) {
        if (i + 1 < end && text.charCodeAt(i + 1) === QUOTE) i++;
        else quoted = false;
      }
    } else if (c === delim) {
      fieldStart = true;
      continue;
    } else if (c === QUOTE && fieldStart) {
      quoted = true;
    }
    fieldStart = false;
  }
  return quoted;
}
