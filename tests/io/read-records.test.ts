import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forEachLineOfText } from '../../src/io/read-lines.js';
import { RecordSplitter, splitSpans } from '../../src/io/read-records.js';

function fieldsOf(text: string, spans: Int32Array, count: number): string[] {
  return Array.from({ length: count }, (_, k) => text.slice(spans[2 * k], spans[2 * k + 1]));
}

/** All records of `text`, as field lists with the line each started on. */
function records(text: string, delimiter = ','): { line: number; fields: string[] }[] {
  const splitter = new RecordSplitter(delimiter, 'test.csv');
  const out: { line: number; fields: string[] }[] = [];
  forEachLineOfText(text, (t, s, e, line) => {
    const count = splitter.feed(t, s, e, line);
    if (count >= 0) out.push({ line: splitter.recordLine, fields: fieldsOf(splitter.src, splitter.spans, count) });
  });
  splitter.finish();
  return out;
}

describe('splitSpans', () => {
  it('splits at a one-character separator', () => {
    const spans = new Int32Array(8);
    const line = '196\t242\t3\t881250949';
    expect(splitSpans(line, 0, line.length, '\t', spans)).toBe(4);
    expect(fieldsOf(line, spans, 4)).toEqual(['196', '242', '3', '881250949']);
  });

  it("splits at '::' but not at a single ':'", () => {
    const spans = new Int32Array(8);
    const line = '1::Star: A Story (1999)::Drama';
    expect(splitSpans(line, 0, line.length, '::', spans)).toBe(3);
    expect(fieldsOf(line, spans, 3)).toEqual(['1', 'Star: A Story (1999)', 'Drama']);
  });

  it('counts fields beyond the span capacity', () => {
    const spans = new Int32Array(4); // room for 2 fields
    expect(splitSpans('a,b,c,d,e', 0, 9, ',', spans)).toBe(5);
    expect(fieldsOf('a,b,c,d,e', spans, 2)).toEqual(['a', 'b']);
  });

  it('gives one empty field for an empty span and an empty last field after a trailing separator', () => {
    const spans = new Int32Array(8);
    expect(splitSpans('', 0, 0, ',', spans)).toBe(1);
    expect(splitSpans('a,', 0, 2, ',', spans)).toBe(2);
    expect(fieldsOf('a,', spans, 2)).toEqual(['a', '']);
  });
});

describe('RecordSplitter', () => {
  it('reads quoted fields holding the delimiter and doubled quotes', () => {
    expect(records('7,"Heat, The (1995)","say ""hi"""\n')).toEqual([
      { line: 1, fields: ['7', 'Heat, The (1995)', 'say "hi"'] },
    ]);
  });

  it('joins a quoted field across lines, keeping its CRLF, and reports the line it started on', () => {
    expect(records('a,b\r\n1,"x\r\ny"\r\n2,z\r\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', 'x\r\ny'] },
      { line: 4, fields: ['2', 'z'] },
    ]);
  });

  it('keeps a quote inside an unquoted field as a character', () => {
    expect(records('5"6,x\n')[0]!.fields).toEqual(['5"6', 'x']);
  });

  it('gives an empty last field after a trailing delimiter in a quoted record', () => {
    expect(records('"a",\n')[0]!.fields).toEqual(['a', '']);
  });

  it('rejects text after a closing quote, naming the line and field', () => {
    expect(() => records('x,y\n1,"a"b\n')).toThrow('test.csv: line 2: field 2 has text after its closing quote');
  });

  it('rejects a quoted field never closed at the end of input', () => {
    expect(() => records('1,"open\n2,3\n')).toThrow('test.csv: line 1: a quoted field opened on this line is never closed');
  });

  it('splits RFC 4180 text back into the fields it was written from', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r\n', ' ', 'é'), maxLength: 6 });
    const quote = (f: string) => (/[",\r\n]/.test(f) || f === '' ? '"' + f.replace(/"/g, '""') + '"' : f);
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 1, maxLength: 4 }), { maxLength: 5 }), (rows) => {
        const text = rows.map((r) => r.map(quote).join(',') + '\n').join('');
        expect(records(text).map((r) => r.fields)).toEqual(rows);
      }),
    );
  });
});
