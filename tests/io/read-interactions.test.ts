import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readInteractions } from '../../src/io/read-interactions.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alsrec-ri-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe('readInteractions', () => {
  it('dispatches on the file name', async () => {
    const ml = await readInteractions(await file('u.data', '1\t2\t3\t4\n'));
    const csv = await readInteractions(await file('events.csv', 'user,item,rating\n1,2,3\n'));
    const tsv = await readInteractions(await file('events.tsv', 'user\titem\trating\n1\t2\t3\n'));
    for (const d of [ml, csv, tsv]) expect([d.userIds.ids(), d.itemIds.ids(), Array.from(d.ratings)]).toEqual([[1], [2], [3]]);
  });

  it("reads a ratings.csv that is not MovieLens's as generic CSV", async () => {
    await mkdir(join(dir, 'own'));
    const path = join(dir, 'own', 'ratings.csv');
    await writeFile(path, 'user,item,rating\nann,x,5\n');
    expect((await readInteractions(path)).userIds.ids()).toEqual(['ann']);
  });

  it('obeys --format over the name, with the column options of csv', async () => {
    const path = await file('log.txt', 'who;what;stars\n1;2;3\n');
    const d = await readInteractions(path, { format: 'csv', delimiter: ';', userCol: 'who', itemCol: 'what', ratingCol: 'stars' });
    expect(Array.from(d.ratings)).toEqual([3]);
  });

  it('reads a MovieLens directory', async () => {
    await mkdir(join(dir, 'ml'));
    await writeFile(join(dir, 'ml', 'ratings.dat'), '1::2::3::4\n');
    expect((await readInteractions(join(dir, 'ml'))).users.length).toBe(1);
  });

  it('says what is wrong with a missing path', async () => {
    await expect(readInteractions(join(dir, 'missing.csv'))).rejects.toThrow('no such file or directory; pass the path of an existing file or directory');
  });
});
