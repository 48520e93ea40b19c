import type { Delimiter } from './sniff-table.js';

/**
 * Fields of files without quoting whose delimiter is not one character: MovieLens-style '::' and
 * runs of spaces and tabs ('whitespace', leading and trailing ones ignored; a blank line has no
 * field). The same surface as RecordSplitter, so readDelimited takes either.
 */
export class PlainSplitter {
  src = '';
  readonly spans: Int32Array;
  recordLine = 0;
  readonly inRecord = false;

  constructor(
    readonly delimiter: Extract<Delimiter, '::' | 'whitespace'>,
    maxFields = 64,
  ) {
    this.spans = new Int32Array(2 * maxFields);
  }

  /** Splits line `line` = `text[start, end)`; returns its field count (0 for a blank whitespace line). */
  feed(text: string, start: number, end: number, line: number): number {
    this.src = text;
    this.recordLine = line;
    const cap = this.spans.length >> 1;
    let count = 0;
    const push = (s: number, e: number) => {
      if (count < cap) {
        this.spans[2 * count] = s;
        this.spans[2 * count + 1] = e;
      }
      count++;
    };
    if (this.delimiter === '::') {
      let from = start;
      for (let i = start; i + 1 < end; i++) {
        if (text.charCodeAt(i) === 58 && text.charCodeAt(i + 1) === 58) {
          push(from, i);
          i++;
          from = i + 1;
        }
      }
      push(from, end);
      return count;
    }
    let i = start;
    for (;;) {
      while (i < end && isBlank(text.charCodeAt(i))) i++;
      if (i >= end) return count;
      const s = i;
      while (i < end && !isBlank(text.charCodeAt(i))) i++;
      push(s, i);
    }
  }

  finish(): void {}

  field(k: number): string {
    return this.src.slice(this.spans[2 * k], this.spans[2 * k + 1]);
  }
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}
