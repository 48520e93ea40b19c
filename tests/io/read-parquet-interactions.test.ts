import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdMap } from '../../src/data/id-map.js';
import type { Interactions } from '../../src/data/interactions.js';
import { readInteractions } from '../../src/io/read-interactions.js';
import { readParquetInteractions } from '../../src/io/read-parquet-interactions.js';

// The files are written by hyparquet-writer, a writer independent of the reader (DuckDB).
type Column = Parameters<typeof parquetWriteBuffer>[0]['columnData'][number];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alsrec-parquet-in-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let counter = 0;
async function parquet(columns: Column[], name = `f${counter++}.parquet`): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, new Uint8Array(parquetWriteBuffer({ columnData: columns })));
  return path;
}

/** Rows as [user, item, rating] with external ids. */
function rows(d: Interactions): [unknown, unknown, number][] {
  return Array.from(d.users, (u, r) => [d.userIds.toExternal(u), d.itemIds.toExternal(d.items[r]!), d.ratings[r]!]);
}

const int32 = (name: string, v: number[]): Column => ({ name, data: Int32Array.from(v), type: 'INT32' });
const str = (name: string, v: (string | null)[]): Column => ({ name, data: v, type: 'STRING' });
const float = (name: string, v: number[]): Column => ({ name, data: Float32Array.from(v), type: 'FLOAT' });

describe('readParquetInteractions columns and types', () => {
  it("reads Spark's default columns by name in any order, INT32 ids as numbers, FLOAT ratings", async () => {
    const path = await parquet([float('rating', [4, 2.5]), str('note', ['x', 'y']), int32('item', [20, 21]), int32('user', [10, 11])]);
    const d = await readParquetInteractions(path);
    expect(rows(d)).toEqual([
      [10, 20, 4],
      [11, 21, 2.5],
    ]);
    expect(d.userIds.kind).toBe('int');
    expect(d.timestamps).toBeUndefined();
  });

  it('reads INT64 ids that fit Spark’s int as numbers, and DOUBLE ratings rounded to float32 like the CSV path', async () => {
    const path = await parquet([
      { name: 'user', data: BigInt64Array.from([1n, -2147483648n]), type: 'INT64' },
      { name: 'item', data: BigInt64Array.from([2147483647n, 5n]), type: 'INT64' },
      { name: 'rating', data: Float64Array.from([0.1, 3]), type: 'DOUBLE' },
    ]);
    const d = await readParquetInteractions(path);
    // 0.1 is not a float32: Interactions hold Math.fround(0.1) = 0.10000000149011612, as from CSV.
    expect(rows(d)).toEqual([
      [1, 2147483647, Math.fround(0.1)],
      [-2147483648, 5, 3],
    ]);
  });

  it('reads an INT64 column with a value beyond Spark’s int as the decimal text of every value', async () => {
    const path = await parquet([
      { name: 'user', data: BigInt64Array.from([7n, 2147483648n]), type: 'INT64' },
      int32('item', [1, 2]),
      float('rating', [1, 1]),
    ]);
    const d = await readParquetInteractions(path);
    expect(rows(d).map((r) => r[0])).toEqual(['7', '2147483648']);
    expect(d.userIds.kind).toBe('string');
  });

  it('reads string ids by the CSV rule: numbers when every value is a canonical int, else every value its text', async () => {
    const ints = await readParquetInteractions(await parquet([str('user', ['7', '-3']), str('item', ['0', '42']), float('rating', [1, 2])]));
    expect(rows(ints)).toEqual([
      [7, 0, 1],
      [-3, 42, 2],
    ]);
    const text = await readParquetInteractions(await parquet([str('user', ['7', '007']), str('item', ['+1', '1.0']), float('rating', [1, 2])]));
    expect(rows(text)).toEqual([
      ['7', '+1', 1],
      ['007', '1.0', 2],
    ]);
    const forced = await readParquetInteractions(await parquet([int32('user', [7]), str('item', ['8']), float('rating', [1])]), { ids: 'string' });
    expect(rows(forced)).toEqual([['7', '8', 1]]);
  });

  it('takes other column names from the options (case-insensitive fallback), a timestamp column, and implicit data', async () => {
    const path = await parquet([
      int32('UserId', [1, 1, 1]),
      int32('movieId', [5, 6, 5]),
      { name: 'when', data: Float64Array.from([100, 200, 300]), type: 'DOUBLE' },
    ]);
    const d = await readParquetInteractions(path, { userCol: 'userid', itemCol: 'movieId', ratingCol: null, timestampCol: 'when', duplicates: 'sum' });
    // rows 1 and 3 are the pair (1, 5): summed to 2
    expect(rows(d)).toEqual([
      [1, 5, 2],
      [1, 6, 1],
    ]);
  });

  it('reads a TIMESTAMP column as epoch seconds', async () => {
    const path = await parquet([
      int32('user', [1]),
      int32('item', [2]),
      float('rating', [3]),
      { name: 'timestamp', data: [new Date(881250949000)], type: 'TIMESTAMP' },
    ]);
    const d = await readParquetInteractions(path);
    expect(Array.from(d.timestamps!)).toEqual([881250949]);
  });

  it('extends shared id maps: a map of ints reads canonical text ids as numbers and others as text', async () => {
    const userIds = IdMap.from([5]);
    const itemIds = IdMap.from([9]);
    const d = await readParquetInteractions(await parquet([str('user', ['5', '05']), str('item', ['9', '10']), float('rating', [1, 2])]), { userIds, itemIds });
    expect(rows(d)).toEqual([
      [5, 9, 1],
      ['05', 10, 2],
    ]);
    expect(Array.from(d.users)).toEqual([0, 1]); // 5 kept its index 0
  });
});

describe('readParquetInteractions on a directory of parts as Spark writes them', () => {
  it('reads part files in name order, skipping _SUCCESS and .crc files', async () => {
    const parts = join(dir, 'ratings-parts');
    await mkdir(parts);
    await parquet([int32('user', [3, 4]), int32('item', [30, 40]), float('rating', [3, 4])], 'ratings-parts/part-00001-x.snappy.parquet');
    await parquet([int32('user', [1, 2]), int32('item', [10, 20]), float('rating', [1, 2])], 'ratings-parts/part-00000-x.snappy.parquet');
    await writeFile(join(parts, '_SUCCESS'), '');
    await writeFile(join(parts, '.part-00000-x.snappy.parquet.crc'), 'not parquet');
    const d = await readInteractions(parts); // format from the directory's contents
    expect(rows(d)).toEqual([
      [1, 10, 1],
      [2, 20, 2],
      [3, 30, 3],
      [4, 40, 4],
    ]);
  });

  it('names the part file and its row in a duplicate-pair error', async () => {
    const parts = join(dir, 'dup-parts');
    await mkdir(parts);
    await parquet([int32('user', [1, 2]), int32('item', [1, 2]), float('rating', [1, 2])], 'dup-parts/part-00000.parquet');
    await parquet([int32('user', [3, 2]), int32('item', [3, 2]), float('rating', [3, 4])], 'dup-parts/part-00001.parquet');
    await expect(readInteractions(parts)).rejects.toThrow(/part-00000\.parquet: row 2.*part-00001\.parquet: row 2|part-00001\.parquet: row 2.*part-00000\.parquet: row 2/s);
  });
});

describe('readParquetInteractions errors name the file, the column and the fix', () => {
  it('a missing column lists the columns there are and the flag', async () => {
    const path = await parquet([int32('userId', [1]), int32('movieId', [2]), float('rating', [3])]);
    await expect(readParquetInteractions(path)).rejects.toThrow(
      `${path}: no user column "user" in the Parquet columns (userId INTEGER, movieId INTEGER, rating FLOAT); name it with --user-col NAME (library option userCol)`,
    );
  });

  it('a rating column of text, and an id column of doubles, are type errors with the cast to fix them', async () => {
    const textRating = await parquet([int32('user', [1]), int32('item', [2]), str('rating', ['4'])]);
    await expect(readParquetInteractions(textRating)).rejects.toThrow(/column rating \(the rating\) is VARCHAR; ratings must be numbers: cast it .*cast\("float"\)/);
    const doubleIds = await parquet([{ name: 'user', data: Float64Array.from([1]), type: 'DOUBLE' }, int32('item', [2]), float('rating', [3])]);
    await expect(readParquetInteractions(doubleIds)).rejects.toThrow(/column user \(the user ids\) is DOUBLE; ids must be integers \(INT32, INT64\) or strings/);
  });

  it('a null id and a non-finite rating name the row', async () => {
    const nullId = await parquet([str('user', ['a', null]), str('item', ['x', 'y']), float('rating', [1, 2])]);
    await expect(readParquetInteractions(nullId)).rejects.toThrow(`${nullId}: row 2, column user: null or empty id`);
    const nullInt = await parquet([int32('user', [1, 2]), { name: 'item', data: [7, null], type: 'INT32' }, float('rating', [1, 2])]);
    await expect(readParquetInteractions(nullInt)).rejects.toThrow(`${nullInt}: row 2, column item: null or empty id`);
    const nan = await parquet([int32('user', [1, 2]), int32('item', [1, 2]), float('rating', [1, Number.NaN])]);
    await expect(readParquetInteractions(nan)).rejects.toThrow(`${nan}: row 2, column rating: rating NaN is not a finite number`);
  });

  it('a file that is not Parquet, and a directory holding another kind of file', async () => {
    const fake = join(dir, 'fake.parquet');
    await writeFile(fake, 'user,item,rating\n1,2,3\n');
    await expect(readParquetInteractions(fake)).rejects.toThrow(`${fake}: cannot read as Parquet`);
    const mixed = join(dir, 'mixed-parts');
    await mkdir(mixed);
    await parquet([int32('user', [1]), int32('item', [2]), float('rating', [3])], 'mixed-parts/part-00000.parquet');
    await writeFile(join(mixed, 'notes.txt'), 'hello');
    await expect(readParquetInteractions(mixed)).rejects.toThrow(`${mixed}: notes.txt is not a .parquet file`);
  });
});

describe('readParquetInteractions agrees with the CSV reader', () => {
  // Ids drawn from canonical ints, ints with other spellings, and text, so both id rules are exercised.
  const id = fc.oneof(
    fc.integer({ min: -5, max: 40 }).map(String),
    fc.constantFrom('007', '+3', '1.0', 'a', 'b,c', 'é', '2147483648'),
  );
  // -0 is written to CSV as "0" (String(-0)), so the table holds +0 only
  const rating = fc.float({ min: -5, max: 5, noNaN: true, noDefaultInfinity: true }).map((x) => Math.fround(x) || 0);
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

  it('reads the same rows and ids from a Parquet file of string columns as from the same table in CSV', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(id, id, rating), { minLength: 1, maxLength: 30 }), async (table) => {
        const n = counter++;
        const csv = join(dir, `prop${n}.csv`);
        await writeFile(csv, 'user,item,rating\n' + table.map(([u, i, r]) => `${quote(u)},${quote(i)},${r}`).join('\n') + '\n');
        const pq = await parquet([str('user', table.map((t) => t[0])), str('item', table.map((t) => t[1])), float('rating', table.map((t) => t[2]))]);
        const a = await readInteractions(csv, { duplicates: 'last' });
        const b = await readInteractions(pq, { duplicates: 'last' });
        expect(rows(b)).toEqual(rows(a));
        expect([b.userIds.kind, b.itemIds.kind]).toEqual([a.userIds.kind, a.itemIds.kind]);
      }),
      { numRuns: 25 },
    );
  });
});
