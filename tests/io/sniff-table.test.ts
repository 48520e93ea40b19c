import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isNumber, sniffTable, splitFields, type Delimiter } from '../../src/io/sniff-table.js';

/**
 * Generated rating tables: a random delimiter (comma, tab, semicolon, pipe, '::' or runs of spaces),
 * 2–6 columns of integer ids, text ids, decimal ratings, timestamps, with or without a header line of
 * names. Cells never hold a delimiter character; with a one-character delimiter other than space,
 * text cells may hold spaces (titles), which must not make the table look space-separated.
 */
const DELIMS: Delimiter[] = [',', '\t', ';', '|', '::', 'whitespace'];

const intCell = fc.integer({ min: -5, max: 2_000_000 }).map(String);
const decimalCell = fc.double({ min: 0, max: 10, noNaN: true }).map((x) => x.toFixed(1 + Math.floor(x) % 3));
/** Text ids always hold a letter and a digit, so they are never numbers nor known column names. */
const word = fc.array(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_.-'), { minLength: 0, maxLength: 6 });
const textCell = (spaces: boolean) =>
  fc
    .tuple(fc.constantFrom(...'abcxyzQ'), word, fc.integer({ min: 0, max: 999 }), fc.boolean())
    .map(([a, w, n, space]) => `${a}${w.join('')}${spaces && space ? ' ' : ''}${n}`);
const headerName = fc.tuple(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'), word).map(([a, w]) => a + w.join(''));

type Kind = 'int' | 'decimal' | 'text';

const tableArb = fc
  .record({
    delimiter: fc.constantFrom(...DELIMS),
    kinds: fc.array(fc.constantFrom<Kind>('int', 'decimal', 'text'), { minLength: 1, maxLength: 5 }),
    rows: fc.integer({ min: 2, max: 12 }),
    header: fc.boolean(),
    pad: fc.integer({ min: 1, max: 3 }),
  })
  .chain(({ delimiter, kinds, rows, header, pad }) => {
    // A rating table has at least one numeric column: the rating.
    const columns: Kind[] = [...kinds, 'decimal'];
    const spaces = delimiter !== 'whitespace';
    const cell = (k: Kind) => (k === 'int' ? intCell : k === 'decimal' ? decimalCell : textCell(spaces));
    const row = fc.tuple(...columns.map(cell));
    return fc.record({
      delimiter: fc.constant(delimiter),
      header: fc.constant(header),
      names: fc.array(headerName, { minLength: columns.length, maxLength: columns.length }),
      body: fc.array(row, { minLength: rows, maxLength: rows }),
      pad: fc.constant(pad),
    });
  });

function render(t: { delimiter: Delimiter; header: boolean; names: string[]; body: string[][]; pad: number }): string[] {
  const join = (cells: string[]) => cells.join(t.delimiter === 'whitespace' ? ' '.repeat(t.pad) : t.delimiter);
  return [...(t.header ? [join(t.names)] : []), ...t.body.map(join)];
}

describe('sniffTable', () => {
  it('finds the delimiter and whether line 1 is a header, for any generated rating table', () => {
    fc.assert(
      fc.property(tableArb, (t) => {
        const guess = sniffTable(render(t))!;
        expect(guess.delimiter).toBe(t.delimiter);
        expect(guess.header).toBe(t.header);
        expect(guess.fields).toBe(t.names.length);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a given delimiter and still tells a header from data', () => {
    fc.assert(
      fc.property(tableArb, (t) => {
        const guess = sniffTable(render(t), { delimiter: t.delimiter })!;
        expect(guess.delimiter).toBe(t.delimiter);
        expect(guess.header).toBe(t.header);
      }),
    );
  });

  it('never takes a line of numbers for a header', () => {
    fc.assert(
      fc.property(fc.array(fc.array(intCell, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 5 }), (rows) => {
        expect(sniffTable(rows.map((r) => r.join('\t')))!.header).toBe(false);
      }),
    );
  });

  it('reads MovieLens u.data (tabs, no header), ratings.dat (::) and a European CSV (1;2;3,5)', () => {
    expect(sniffTable(['196\t242\t3\t881250949', '186\t302\t3\t891717742'])).toMatchObject({ delimiter: '\t', header: false, fields: 4 });
    expect(sniffTable(['1::1193::5::978300760', '1::661::3::978302109'])).toMatchObject({ delimiter: '::', header: false, fields: 4 });
    // ',' gives 2 consistent fields, ';' gives 3: the most fields wins.
    expect(sniffTable(['user;item;rating', '1;2;3,5', '2;7;4,0'])).toMatchObject({ delimiter: ';', header: true, fields: 3 });
  });

  it('keeps a comma file comma-separated when titles hold spaces, and reads aligned columns as whitespace', () => {
    expect(sniffTable(['1,Toy Story (1995),5', '2,Heat (1995),3'])!.delimiter).toBe(',');
    expect(sniffTable(['  1   31  2.5', ' 12  1029  3.0'])!.delimiter).toBe('whitespace');
  });

  it('takes an all-text line 1 for a header only when it names a known or given column', () => {
    expect(sniffTable(['user,item', 'alice,book1', 'bob,book2'])!.header).toBe(true);
    expect(sniffTable(['alice,book1', 'bob,book2'])!.header).toBe(false);
    expect(sniffTable(['visitor,video', 'v1,x1'], { names: ['visitor'] })!.header).toBe(true);
  });

  it('returns null for blank input', () => {
    expect(sniffTable(['', '  '])).toBeNull();
  });
});

describe('splitFields and isNumber', () => {
  it('split quoted fields holding the delimiter, and runs of whitespace', () => {
    expect(splitFields('7,"Heat, The (1995)",5', ',')).toEqual(['7', 'Heat, The (1995)', '5']);
    expect(splitFields('  1 \t 2   3 ', 'whitespace')).toEqual(['1', '2', '3']);
    expect(splitFields('1::2::3', '::')).toEqual(['1', '2', '3']);
  });

  it('recognise integers, decimals and exponents, not ids or words', () => {
    for (const s of ['3', '-2', '+7', '4.5', '.5', '1e3', ' 3 ']) expect(isNumber(s), s).toBe(true);
    for (const s of ['', 'x1', '1.2.3', 'rating', 'NaN', '1e']) expect(isNumber(s), s).toBe(false);
  });
});
