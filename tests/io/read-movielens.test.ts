import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findMovieLensRatings, readMovieLens } from '../../src/io/read-movielens.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alsrec-ml-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readMovieLens', () => {
  it('reads the ratings file it finds in a directory, whichever layout', async () => {
    const cases: [string, string, string][] = [
      ['a', 'u.data', '1\t2\t3\t4\n'],
      ['b', 'ratings.dat', '1::2::3::4\n'],
      ['c', 'ratings.csv', 'userId,movieId,rating,timestamp\n1,2,3,4\n'],
    ];
    for (const [sub, name, text] of cases) {
      await mkdir(join(dir, sub));
      await writeFile(join(dir, sub, name), text);
      const d = await readMovieLens(join(dir, sub));
      expect([d.userIds.ids(), d.itemIds.ids(), Array.from(d.ratings), Array.from(d.timestamps!)]).toEqual([[1], [2], [3], [4]]);
      expect((await findMovieLensRatings(join(dir, sub))).path).toBe(join(dir, sub, name));
    }
  });

  it('reads a ratings file given directly', async () => {
    const d = await readMovieLens(join(dir, 'a', 'u.data'));
    expect(d.users.length).toBe(1);
  });

  it('points one level down when the ratings are in a subdirectory (unzipped into DIR)', async () => {
    await mkdir(join(dir, 'outer', 'ml-100k'), { recursive: true });
    await writeFile(join(dir, 'outer', 'ml-100k', 'u.data'), '1\t2\t3\t4\n');
    await expect(readMovieLens(join(dir, 'outer'))).rejects.toThrow(
      `${join(dir, 'outer')}: no MovieLens ratings file (u.data, ratings.dat or ratings.csv) in this directory; ` +
        `it is one level down: pass ${join(dir, 'outer', 'ml-100k')}`,
    );
  });

  it('says so when the path does not exist', async () => {
    await expect(readMovieLens(join(dir, 'nope'))).rejects.toThrow('no such file or directory');
  });
});
