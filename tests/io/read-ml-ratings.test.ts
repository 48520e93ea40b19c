import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdMap } from '../../src/data/id-map.js';
import { readMl100k, readMlCsv, readMlDat } from '../../src/io/read-ml-ratings.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alsrec-mlr-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

// The same three made-up ratings in each layout. Known answer: users first seen 10, 11 → indices
// 0, 1; items 20, 21 → 0, 1; so users [0, 1, 0], items [0, 0, 1].
const ROWS = [
  [10, 20, '4', 100],
  [11, 20, '3.5', 200],
  [10, 21, '1', 300],
] as const;
const layout = (sep: string) => ROWS.map((r) => r.join(sep)).join('\n') + '\n';

function expectKnownAnswer(data: Awaited<ReturnType<typeof readMl100k>>): void {
  expect(Array.from(data.users)).toEqual([0, 1, 0]);
  expect(Array.from(data.items)).toEqual([0, 0, 1]);
  expect(Array.from(data.ratings)).toEqual([4, 3.5, 1]);
  expect(Array.from(data.timestamps!)).toEqual([100, 200, 300]);
  expect(data.userIds.ids()).toEqual([10, 11]);
  expect(data.itemIds.ids()).toEqual([20, 21]);
}

describe('readMl100k / readMlDat / readMlCsv', () => {
  it('readMl100k reads tab-separated u.data', async () => {
    expectKnownAnswer(await readMl100k(await file('u.data', layout('\t'))));
  });

  it("readMlDat reads '::'-separated ratings.dat", async () => {
    expectKnownAnswer(await readMlDat(await file('ratings.dat', layout('::'))));
  });

  it('readMlCsv reads ratings.csv after its header', async () => {
    expectKnownAnswer(await readMlCsv(await file('ratings.csv', 'userId,movieId,rating,timestamp\n' + layout(','))));
  });

  it('accepts CRLF line ends, blank trailing lines and a missing final newline', async () => {
    const text = ROWS.map((r) => r.join('\t')).join('\r\n') + '\r\n\r\n\n';
    expectKnownAnswer(await readMl100k(await file('crlf.data', text)));
    expectKnownAnswer(await readMl100k(await file('nofinal.data', layout('\t').trimEnd())));
  });

  it('reads unusual but valid numbers through the general path (spaces, signs, exponents)', async () => {
    const path = await file('odd.data', '10\t20\t +4e0\t100\n11\t20\t3.50\t2e2\n10\t21\t1\t300\n');
    expectKnownAnswer(await readMl100k(path));
  });

  it.each(['007', '+7', ' 7'])('refuses the id %j rather than read it as 7, naming the fix', async (text) => {
    const path = await file('lead.data', `7\t1\t4\t100\n${text}\t1\t4\t100\n`);
    await expect(readMl100k(path)).rejects.toThrow(`${path}: line 2, column user: id ${JSON.stringify(text)} is not written as a plain integer`);
  });
});

describe('MovieLens ratings errors', () => {
  it('names the file, line and expected fields for a wrong field count', async () => {
    const path = await file('short.data', '10\t20\t4\t100\n11\t20\n');
    await expect(readMl100k(path)).rejects.toThrow(`${path}: line 2 has 2 fields, expected 4 (user, item, rating, timestamp)`);
  });

  it.each(['abc', 'NaN', 'Infinity', ''])('rejects the rating %j, naming file, line, column, value and fix', async (bad) => {
    const path = await file('bad-rating.dat', `1::2::5::9\n1::3::${bad}::9\n`);
    await expect(readMlDat(path)).rejects.toThrow(
      `${path}: line 2, column rating: ${JSON.stringify(bad)} is not a finite number; fix the value or delete the line`,
    );
  });

  it("rejects an id outside Spark's int range, naming file, line and column", async () => {
    const path = await file('big.data', '10\t20\t4\t100\n2147483648\t20\t4\t100\n');
    await expect(readMl100k(path)).rejects.toThrow(
      `${path}: line 2, column user: id 2147483648 is outside Spark's int range [-2147483648, 2147483647]`,
    );
  });

  it('rejects a non-integer id and points to the generic reader', async () => {
    const path = await file('text-id.data', '10\tabc\t4\t100\n');
    await expect(readMl100k(path)).rejects.toThrow(`${path}: line 1, column item: "abc" is not an integer id`);
    await expect(readMl100k(path)).rejects.toThrow('--format csv');
  });

  it('rejects an empty file and a header-only file with different messages', async () => {
    const empty = await file('empty.data', '\n\n');
    await expect(readMl100k(empty)).rejects.toThrow(`${empty}: the file is empty`);
    const headerOnly = await file('header.csv', 'userId,movieId,rating,timestamp\n');
    await expect(readMlCsv(headerOnly)).rejects.toThrow(`${headerOnly}: the file has a header but no data rows`);
  });

  it('rejects a ratings.csv whose header is not MovieLens, pointing to --format csv', async () => {
    const path = await file('other.csv', 'user,item,rating\n1,2,3\n');
    await expect(readMlCsv(path)).rejects.toThrow('--format csv');
  });

  it('names both lines of a duplicate pair and the --duplicates fix', async () => {
    const path = await file('dup.data', '10\t20\t4\t100\n\n11\t20\t2\t100\n10\t20\t5\t200\n');
    await expect(readMl100k(path)).rejects.toThrow(
      `${path}: line 4: duplicate (user, item) pair, first seen at ${path}: line 1; ` +
        "pass duplicates 'sum', 'last' or 'mean' (CLI: --duplicates sum|last|mean)",
    );
  });

  it('merges duplicates by the policy asked for', async () => {
    const path = await file('dup2.data', '10\t20\t4\t100\n10\t20\t2\t200\n');
    expect(Array.from((await readMl100k(path, { duplicates: 'mean' })).ratings)).toEqual([3]);
    expect(Array.from((await readMl100k(path, { duplicates: 'sum' })).ratings)).toEqual([6]);
    expect(Array.from((await readMl100k(path, { duplicates: 'last' })).timestamps!)).toEqual([200]);
    await expect(readMl100k(path, { duplicates: 'max' as never })).rejects.toThrow('duplicates must be one of');
  });
});

describe('shared id maps', () => {
  it('lines a test file up with a train file read before it', async () => {
    const train = await file('train.data', '10\t20\t4\t1\n11\t21\t3\t1\n');
    const test = await file('test.data', '11\t20\t5\t2\n12\t22\t1\t2\n');
    const userIds = new IdMap();
    const itemIds = new IdMap();
    const a = await readMl100k(train, { userIds, itemIds });
    const b = await readMl100k(test, { userIds, itemIds });
    expect(a.userIds).toBe(b.userIds);
    // test user 11 keeps train's index 1; the new user 12 is appended as 2; items likewise
    expect(Array.from(b.users)).toEqual([1, 2]);
    expect(Array.from(b.items)).toEqual([0, 2]);
    expect(userIds.ids()).toEqual([10, 11, 12]);
  });

  it('leaves the shared maps untouched when the file fails', async () => {
    const userIds = IdMap.from([10]);
    const path = await file('fails.data', '99\t20\t4\t1\n98\t20\toops\t1\n');
    await expect(readMl100k(path, { userIds })).rejects.toThrow('line 2, column rating');
    expect(userIds.ids()).toEqual([10]);
  });
});
