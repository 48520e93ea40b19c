import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Float32, Float64, Int32, Int64, Table, tableToIPC, Utf8, vectorFromArray, type Vector } from 'apache-arrow';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdMap } from '../../src/data/id-map.js';
import type { Interactions } from '../../src/data/interactions.js';
import { readArrowInteractions } from '../../src/io/read-arrow-interactions.js';
import { readInteractions } from '../../src/io/read-interactions.js';

// The golden files were written by pyarrow (tests/fixtures/arrow/make-golden.py), a writer
// independent of the reader (apache-arrow JS); the property test compares with the CSV reader.
const GOLDEN = join(__dirname, '../fixtures/arrow');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alsrec-arrow-in-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let counter = 0;
async function arrowFile(columns: Record<string, Vector>, format: 'file' | 'stream' = 'file'): Promise<string> {
  const path = join(dir, `f${counter++}.arrow`);
  await writeFile(path, tableToIPC(new Table(columns), format));
  return path;
}

/** Rows as [user, item, rating] with external ids. */
function rows(d: Interactions): [unknown, unknown, number][] {
  return Array.from(d.users, (u, r) => [d.userIds.toExternal(u), d.itemIds.toExternal(d.items[r]!), d.ratings[r]!]);
}

describe('readArrowInteractions on files pyarrow wrote', () => {
  it('reads an IPC file of two batches: int32 users, int64 items that fit as numbers, float32 ratings, timestamp[s] as epoch seconds', async () => {
    const d = await readInteractions(join(GOLDEN, 'spark-columns.arrow'));
    expect(rows(d)).toEqual([
      [196, 242, 3],
      [186, 302, 2.5],
      [196, 377, 1],
    ]);
    expect([d.userIds.kind, d.itemIds.kind]).toEqual(['int', 'int']);
    expect(Array.from(d.timestamps!)).toEqual([881250949, 891717742, 878887116]);
  });

  it('reads Feather v2 with dictionary-encoded and large string ids as text, columns named by the options', async () => {
    const d = await readInteractions(join(GOLDEN, 'string-ids.feather'), { userCol: 'userid', itemCol: 'movieId', ratingCol: 'score' });
    expect(rows(d)).toEqual([
      ['u7', 'm1', 0.5],
      ['u9', 'm1', 4],
      ['u7', 'm2', 5],
    ]);
    expect(d.userIds.kind).toBe('string');
  });

  it('reads an IPC stream: int64 ids beyond Spark’s int become their decimal text (2^53+1 kept exact), uint8 items numbers, int16 ratings', async () => {
    const d = await readInteractions(join(GOLDEN, 'wide-ids.arrows'));
    expect(rows(d)).toEqual([
      ['9007199254740993', 1, 1],
      ['1', 2, 2],
      ['9007199254740993', 255, 3],
    ]);
  });

  it('names the file and the fix for LZ4-compressed Feather (its default), which it cannot decompress', async () => {
    const path = join(GOLDEN, 'lz4.feather');
    await expect(readInteractions(path)).rejects.toThrow(`${path}: the Arrow file's buffers are compressed`);
    await expect(readInteractions(path)).rejects.toThrow("compression='uncompressed'");
  });
});

describe('readArrowInteractions agrees with the CSV reader', () => {
  // -0 becomes +0: the CSV text of -0 is "0" (String(-0)), so the CSV file cannot carry the sign
  // the Arrow file keeps; the two readers would differ by what was written, not by what they read.
  const rating = fc.float({ min: -5, max: 5, noNaN: true }).map((x) => (x === 0 ? 0 : x));
  const row = fc.record({ user: fc.integer({ min: -50, max: 50 }), item: fc.integer({ min: 0, max: 30 }), rating });
  it('gives the same rows, ids and id kinds for int and string ids', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(row, { minLength: 1, maxLength: 40, selector: (r) => `${r.user},${r.item}` }),
        fc.boolean(),
        async (data, stringUsers) => {
          const users = data.map((r) => (stringUsers ? `u${r.user}` : r.user));
          const csv = join(dir, `p${counter++}.csv`);
          await writeFile(csv, 'user,item,rating\n' + data.map((r, k) => `${users[k]},${r.item},${r.rating}`).join('\n') + '\n');
          const arrow = await arrowFile({
            user: stringUsers ? vectorFromArray(users as string[], new Utf8()) : vectorFromArray(users as number[], new Int32()),
            item: vectorFromArray(data.map((r) => BigInt(r.item)), new Int64()),
            rating: vectorFromArray(data.map((r) => r.rating), new Float32()),
          });
          const [a, c] = await Promise.all([readInteractions(arrow), readInteractions(csv)]);
          expect(rows(a)).toEqual(rows(c));
          expect([a.userIds.kind, a.itemIds.kind]).toEqual([c.userIds.kind, c.itemIds.kind]);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('readArrowInteractions id rules and errors', () => {
  it('reads canonical-int strings as numbers, and any other string makes the whole column text, as CSV does', async () => {
    const ints = await arrowFile({ user: vectorFromArray(['7', '-3'], new Utf8()), item: vectorFromArray([1, 2], new Int32()), rating: vectorFromArray([1, 2], new Float64()) });
    expect(rows(await readArrowInteractions(ints))).toEqual([
      [7, 1, 1],
      [-3, 2, 2],
    ]);
    const mixed = await arrowFile({ user: vectorFromArray(['7', '07'], new Utf8()), item: vectorFromArray([1, 2], new Int32()), rating: vectorFromArray([1, 2], new Float64()) });
    expect(rows(await readArrowInteractions(mixed)).map((r) => r[0])).toEqual(['7', '07']);
    expect(rows(await readArrowInteractions(ints, { ids: 'string' })).map((r) => r[0])).toEqual(['7', '-3']);
  });

  it('reads into shared int id maps, keeping their numbering', async () => {
    const userIds = new IdMap();
    userIds.add(5);
    const path = await arrowFile({ user: vectorFromArray([9, 5], new Int32()), item: vectorFromArray([1, 1], new Int32()), rating: vectorFromArray([1, 1], new Float32()) });
    const d = await readArrowInteractions(path, { userIds });
    expect(Array.from(d.users)).toEqual([1, 0]);
    expect(userIds.toExternal(1)).toBe(9);
  });

  it('names the file, the missing column, the columns there are and the flag', async () => {
    const path = await arrowFile({ u: vectorFromArray([1], new Int32()), item: vectorFromArray([1], new Int32()), rating: vectorFromArray([1], new Float32()) });
    await expect(readArrowInteractions(path)).rejects.toThrow(`${path}: no user column "user" in the Arrow columns (u Int32, item Int32, rating Float32); name it with --user-col NAME`);
  });

  it('rejects float ids and string ratings naming the column and the fix', async () => {
    const floatIds = await arrowFile({ user: vectorFromArray([1.5], new Float64()), item: vectorFromArray([1], new Int32()), rating: vectorFromArray([1], new Float32()) });
    await expect(readArrowInteractions(floatIds)).rejects.toThrow(`${floatIds}: column user (the user ids) is Float64; ids must be integers`);
    const textRatings = await arrowFile({ user: vectorFromArray([1], new Int32()), item: vectorFromArray([1], new Int32()), rating: vectorFromArray(['5'], new Utf8()) });
    await expect(readArrowInteractions(textRatings)).rejects.toThrow(`${textRatings}: column rating (the rating) is Utf8; ratings must be numbers`);
  });

  it('names the row and column of a null id or a NaN rating', async () => {
    const nullItem = await arrowFile({ user: vectorFromArray([1, 2], new Int32()), item: vectorFromArray([1, null], new Int32()), rating: vectorFromArray([1, 1], new Float32()) });
    await expect(readArrowInteractions(nullItem)).rejects.toThrow(`${nullItem}: row 2, column item: null or empty id`);
    const nan = await arrowFile({ user: vectorFromArray([1, 2], new Int32()), item: vectorFromArray([1, 2], new Int32()), rating: vectorFromArray([1, NaN], new Float32()) });
    await expect(readArrowInteractions(nan)).rejects.toThrow(`${nan}: row 2, column rating: rating NaN is not a finite number`);
  });

  it('reads --rating-col none as every row counting 1, and says a non-Arrow file is not one', async () => {
    const path = await arrowFile({ user: vectorFromArray([1], new Int32()), item: vectorFromArray([2], new Int32()) }, 'stream');
    expect(rows(await readArrowInteractions(path, { ratingCol: null }))).toEqual([[1, 2, 1]]);
    const junk = join(dir, 'junk.arrow');
    await writeFile(junk, 'user,item,rating\n1,2,3\n');
    await expect(readInteractions(junk)).rejects.toThrow(`${junk}: cannot read as an Arrow IPC file`);
  });
});
