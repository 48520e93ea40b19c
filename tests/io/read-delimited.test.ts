import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdMap } from '../../src/data/id-map.js';
import type { Interactions } from '../../src/data/interactions.js';
import { readDelimited } from '../../src/io/read-delimited.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alsrec-delim-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let counter = 0;
async function file(ext: string, text: string): Promise<string> {
  const path = join(dir, `f${counter++}${ext}`);
  await writeFile(path, text);
  return path;
}

/** Rows as [user, item, rating] with external ids. */
function rows(d: Interactions): [unknown, unknown, number][] {
  return Array.from(d.users, (u, r) => [d.userIds.toExternal(u), d.itemIds.toExternal(d.items[r]!), d.ratings[r]!]);
}

describe('readDelimited columns', () => {
  it("finds Spark's default columns by name, in any order, ignoring other columns", async () => {
    const path = await file('.csv', 'note,item,user,rating\nx,20,10,4\ny,21,11,2.5\n');
    const d = await readDelimited(path);
    expect(rows(d)).toEqual([
      [10, 20, 4],
      [11, 21, 2.5],
    ]);
    expect(d.timestamps).toBeUndefined();
  });

  it('reads a timestamp column when the header has one', async () => {
    const d = await readDelimited(await file('.csv', 'user,item,rating,timestamp\n1,2,3,1000\n'));
    expect(Array.from(d.timestamps!)).toEqual([1000]);
  });

  it('takes other column names from the options, matching case-insensitively as a fallback', async () => {
    const path = await file('.csv', 'UserId,movieId,Score,when\n1,2,3,77\n');
    const d = await readDelimited(path, { userCol: 'userId', itemCol: 'movieId', ratingCol: 'score', timestampCol: 'when' });
    expect(rows(d)).toEqual([[1, 2, 3]]);
    expect(Array.from(d.timestamps!)).toEqual([77]);
  });

  it('uses tabs for .tsv, and sniffs a tab in the header of other names', async () => {
    expect(rows(await readDelimited(await file('.tsv', 'user\titem\trating\n1\t2\t3\n')))).toEqual([[1, 2, 3]]);
    expect(rows(await readDelimited(await file('.txt', 'user\titem\trating\n1\t2\t3\n')))).toEqual([[1, 2, 3]]);
    expect(rows(await readDelimited(await file('.txt', 'user;item;rating\n1;2;3\n'), { delimiter: ';' }))).toEqual([[1, 2, 3]]);
  });

  it('reads implicit data without a rating column as rating 1, and sums repeats with duplicates sum', async () => {
    const path = await file('.csv', 'user,item\na,x\na,y\na,x\n');
    const d = await readDelimited(path, { ratingCol: null, duplicates: 'sum' });
    expect(rows(d)).toEqual([
      ['a', 'x', 2],
      ['a', 'y', 1],
    ]);
  });

  it('ignores timestamps with timestampCol null, and reads an empty timestamp cell as NaN', async () => {
    const path = await file('.csv', 'user,item,rating,timestamp\n1,2,3,\n1,3,3,5\n');
    expect((await readDelimited(path, { timestampCol: null })).timestamps).toBeUndefined();
    const d = await readDelimited(path);
    expect(d.timestamps![0]).toBeNaN();
    expect(d.timestamps![1]).toBe(5);
  });

  it('reads RFC 4180 quoted ids holding commas, quotes and line breaks; CRLF is fine', async () => {
    const path = await file('.csv', 'user,item,rating\r\n"Smith, J.","say ""hi""",1\r\n"multi\r\nline",b,2\r\n\r\n');
    expect(rows(await readDelimited(path))).toEqual([
      ['Smith, J.', 'say "hi"', 1],
      ['multi\r\nline', 'b', 2],
    ]);
  });
});

describe('readDelimited id types', () => {
  it('reads a column of integers as numbers', async () => {
    const d = await readDelimited(await file('.csv', 'user,item,rating\n1,-2,3\n'));
    expect(d.userIds.kind).toBe('int');
    expect(d.itemIds.ids()).toEqual([-2]);
  });

  it('makes the whole column strings when any value is not an integer, even late in the file', async () => {
    const d = await readDelimited(await file('.csv', 'user,item,rating\n7,1,1\n007,1,1\nu9,1,1\n'));
    expect(d.userIds.ids()).toEqual(['7', '007', 'u9']);
    expect([d.userIds.toIndex(7), d.userIds.toIndex('007')]).toEqual([0, 1]);
    expect(d.itemIds.kind).toBe('int');
  });

  it("reads every id as text with ids: 'string'", async () => {
    const d = await readDelimited(await file('.csv', 'user,item,rating\n1,2,3\n'), { ids: 'string' });
    expect([d.userIds.ids(), d.itemIds.ids()]).toEqual([['1'], ['2']]);
  });

  it("reads integers outside Spark's int range as text ids (they cannot be Spark ints)", async () => {
    const d = await readDelimited(await file('.csv', 'user,item,rating\n1,2,3\n3000000000,2,3\n'));
    expect(d.userIds.ids()).toEqual(['1', '3000000000']);
  });

  it.each(['007', '+7', '7.0', '1e3', ' 7', '-0'])('keeps the id %j as the text it is, beside 7', async (text) => {
    const d = await readDelimited(await file('.csv', `user,item,rating\n7,1,1\n${text},1,2\n`));
    expect(d.userIds.ids()).toEqual(['7', text]);
    expect(d.userIds.kind).toBe('string');
  });

  it('accepts a large integer when the column turns out to be text', async () => {
    const d = await readDelimited(await file('.csv', 'user,item,rating\n3000000000,2,3\nbob,2,3\n'));
    expect(d.userIds.ids()).toEqual(['3000000000', 'bob']);
  });

  it('follows a shared map that already holds integers: integers match, other values are text', async () => {
    const userIds = IdMap.from([5]);
    const d = await readDelimited(await file('.csv', 'user,item,rating\nnew,1,1\n5,1,2\n'), { userIds });
    expect(Array.from(d.users)).toEqual([1, 0]);
    expect(userIds.ids()).toEqual([5, 'new']);
  });

  it('follows a shared map of strings: every value is text', async () => {
    const itemIds = IdMap.from(['5']);
    const d = await readDelimited(await file('.csv', 'user,item,rating\n1,5,1\n'), { itemIds });
    expect(Array.from(d.items)).toEqual([0]);
    expect(itemIds.size).toBe(1);
  });
});

describe('readDelimited errors', () => {
  it('names the missing column, the header found and the flag to set', async () => {
    const path = await file('.csv', 'uid,item,rating\n1,2,3\n');
    await expect(readDelimited(path)).rejects.toThrow(
      `${path}: no user column "user" in the header (uid, item, rating); name it with --user-col NAME (library option userCol)`,
    );
  });

  it('suggests --rating-col none when the rating column is missing', async () => {
    await expect(readDelimited(await file('.csv', 'user,item\n1,2\n'))).rejects.toThrow('--rating-col none');
  });

  it('points MovieLens-looking headers to --format ml-csv', async () => {
    await expect(readDelimited(await file('.csv', 'userId,movieId,rating,timestamp\n1,2,3,4\n'))).rejects.toThrow(
      '--format ml-csv',
    );
  });

  it('rejects a timestamp column named in the options but absent from the header', async () => {
    await expect(readDelimited(await file('.csv', 'user,item,rating\n1,2,3\n'), { timestampCol: 'ts' })).rejects.toThrow(
      'no timestamp column "ts" in the header (user, item, rating); name it with --timestamp-col NAME',
    );
  });

  it('names the line and the header fields for a wrong field count', async () => {
    const path = await file('.csv', 'user,item,rating,timestamp\n1,2,3,4\n1,2\n');
    await expect(readDelimited(path)).rejects.toThrow(`${path}: line 3 has 2 fields, expected 4 (user, item, rating, timestamp)`);
  });

  it('names file, line, column and value of a bad rating', async () => {
    const path = await file('.csv', 'user,item,score\n1,2,3\n1,3,high\n');
    await expect(readDelimited(path, { ratingCol: 'score' })).rejects.toThrow(
      `${path}: line 3, column score: "high" is not a finite number; fix the value or delete the row`,
    );
  });

  it('rejects an empty id', async () => {
    const path = await file('.csv', 'user,item,rating\n,2,3\n');
    await expect(readDelimited(path)).rejects.toThrow(`${path}: line 2, column user: empty id`);
  });

  it('rejects an empty file and a header-only file with clear messages', async () => {
    const empty = await file('.csv', '');
    await expect(readDelimited(empty)).rejects.toThrow(`${empty}: the file is empty`);
    const header = await file('.csv', 'user,item,rating\r\n\r\n');
    await expect(readDelimited(header)).rejects.toThrow(`${header}: the file has a header but no data rows`);
  });

  it('names both lines of a duplicate pair', async () => {
    const path = await file('.csv', 'user,item,rating\na,b,1\nc,b,1\na,b,2\n');
    await expect(readDelimited(path)).rejects.toThrow(`${path}: line 4: duplicate (user, item) pair, first seen at ${path}: line 2`);
  });

  it('rejects a quote never closed', async () => {
    const path = await file('.csv', 'user,item,rating\n"a,b,1\n');
    await expect(readDelimited(path)).rejects.toThrow(`${path}: line 2: a quoted field opened on this line is never closed`);
  });
});

describe('readDelimited layouts (files as they come)', () => {
  it('reads a headerless file from line 1 on, columns user, item, rating, timestamp by position', async () => {
    const path = await file('.tsv', '196\t242\t3\t881250949\n186\t302\t3\t891717742\n');
    const d = await readDelimited(path);
    expect(rows(d)).toEqual([[196, 242, 3], [186, 302, 3]]);
    expect(Array.from(d.timestamps!)).toEqual([881250949, 891717742]);
  });

  it('sniffs runs of spaces, semicolons and :: in files whose name says nothing', async () => {
    expect(rows(await readDelimited(await file('.txt', '  1   31  2.5\n 12  1029  3\n')))).toEqual([[1, 31, 2.5], [12, 1029, 3]]);
    expect(rows(await readDelimited(await file('.txt', 'user;item;rating\n1;2;3.5\n')))).toEqual([[1, 2, 3.5]]);
    expect(rows(await readDelimited(await file('.dat', '1::1193::5::978300760\n1::661::3::978302109\n')))).toEqual([[1, 1193, 5], [1, 661, 3]]);
  });

  it('reads a header with --columns renaming it, and a headerless file with --columns naming it', async () => {
    const named = await file('.txt', 'a b c\n1 2 4\n');
    expect(rows(await readDelimited(named, { header: true, columns: ['user', 'item', 'rating'] }))).toEqual([[1, 2, 4]]);
    const bare = await file('.dat', '7::8::9::0\n');
    expect(rows(await readDelimited(bare, { columns: ['user', 'item', 'rating', 'when'] }))).toEqual([[7, 8, 9]]);
  });

  it('says what layout it used through onLayout', async () => {
    const seen: unknown[] = [];
    await readDelimited(await file('.dat', '1|2|3\n'), { onLayout: (l) => seen.push(l) });
    expect(seen).toEqual([{ delimiter: '|', header: false, columns: ['user', 'item', 'rating'], guessed: { delimiter: true, header: true } }]);
  });
});
