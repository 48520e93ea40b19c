import { describe, expect, it } from 'vitest';
import { delimitedLayout, describeLayout, parseDelimiter } from '../../src/io/delimited-layout.js';

const U_DATA = ['196\t242\t3\t881250949', '186\t302\t3\t891717742', '22\t377\t1\t878887116'];

describe('delimitedLayout', () => {
  it('takes the delimiter from the extension, else sniffs it, and names headerless columns by position', () => {
    expect(delimitedLayout('u.tsv', U_DATA, {})).toEqual({ delimiter: '\t', header: false, columns: ['user', 'item', 'rating', 'timestamp'], guessed: { delimiter: false, header: true } });
    expect(delimitedLayout('plays.dat', ['1 2', '3 4'], {})).toMatchObject({ delimiter: 'whitespace', header: false, columns: ['user', 'item'] });
    expect(delimitedLayout('r.csv', ['user,item,rating', '1,2,3'], {})).toMatchObject({ delimiter: ',', header: true, columns: null });
  });

  it("refuses a delimiter that leaves line 1 whole when the file splits by another, naming it", () => {
    expect(() => delimitedLayout('semi.csv', ['user;item;rating', '1;2;3.5'], {})).toThrow(
      "semi.csv: line 1 has no comma (1 field); the file looks ';'-separated (3 fields per line): pass --delimiter ';'",
    );
    expect(() => delimitedLayout('x.txt', U_DATA, { delimiter: ',' })).toThrow(/looks tab-separated \(4 fields per line\): pass --delimiter tab/);
  });

  it('refuses header names for a file without a header instead of dropping line 1', () => {
    expect(() => delimitedLayout('u.tsv', U_DATA, { userCol: '196', itemCol: '242' })).toThrow(
      'u.tsv: the file has no header (line 1 is data: 196, 242, 3, 881250949), so --user-col 196 names no column; name the columns by position with --no-header --columns user,item,rating,timestamp',
    );
  });

  it('asks for --columns when a headerless file has more than four fields', () => {
    expect(() => delimitedLayout('wide.txt', ['1 2 3 4 5', '6 7 8 9 10'], {})).toThrow(/no header and 5 fields per line .*--columns user,item,rating,timestamp,x/);
  });

  it('lets --header and --columns override what is sniffed', () => {
    expect(delimitedLayout('u.tsv', U_DATA, { header: true })).toMatchObject({ header: true, columns: null });
    expect(delimitedLayout('u.tsv', U_DATA, { header: false, columns: ['user', 'item', 'rating', 'ts'] })).toMatchObject({ header: false, columns: ['user', 'item', 'rating', 'ts'] });
  });
});

describe('parseDelimiter and describeLayout', () => {
  it('read the names people use, and refuse longer strings', () => {
    expect(['tab', '\\t', 'comma', ';', 'pipe', 'space', 'whitespace', '::'].map(parseDelimiter)).toEqual(['\t', '\t', ',', ';', '|', 'whitespace', 'whitespace', '::']);
    expect(() => parseDelimiter('ab')).toThrow(/delimiter must be one character, '::', tab or whitespace/);
  });

  it('say what was read, for stderr', () => {
    expect(describeLayout('r.txt', { delimiter: 'whitespace', header: false, columns: ['user', 'item', 'rating'], guessed: { delimiter: true, header: true } })).toBe(
      'r.txt: read as whitespace-separated, no header (line 1 is data), columns user, item, rating',
    );
  });
});
