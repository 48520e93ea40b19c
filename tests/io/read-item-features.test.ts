import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readItemFeatures } from '../../src/io/read-item-features.js';

const dir = mkdtempSync(join(tmpdir(), 'alsrec-features-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ml100k = process.env.ALSREC_ML100K;

describe('readItemFeatures', () => {
  it('reads any CSV: numeric columns standardised, text columns one-hot, integer ids as numbers', async () => {
    const path = join(dir, 'items.csv');
    writeFileSync(path, 'item,price,brand,tags\n10,1,acme,"red|big"\n20,3,zeta,red\n');
    const f = await readItemFeatures(path);
    expect(f.ids.ids()).toEqual([10, 20]);
    expect(f.names).toEqual(['price', 'brand=acme', 'brand=zeta', 'tags=red', 'tags=big']);
    expect(Array.from(f.values)).toEqual([-1, 1, 0, 1, 1, 1, 0, 1, 1, 0]);
  });

  it('takes the first column as the id when there is no "item" column, and only the columns asked for', async () => {
    const path = join(dir, 'ads.tsv');
    writeFileSync(path, 'ad\tformat\tlength\nx1\tvideo\t30\nx2\tbanner\t0\n');
    const f = await readItemFeatures(path, { columns: ['format'] });
    expect(f.ids.ids()).toEqual(['x1', 'x2']);
    expect(f.names).toEqual(['format=video', 'format=banner']);
  });

  it('names a repeated item, a short row and a missing column', async () => {
    const path = join(dir, 'bad.csv');
    writeFileSync(path, 'item,a\n1,2\n1,3\n');
    await expect(readItemFeatures(path)).rejects.toThrow(/item 1 is listed twice \(rows 1 and 2\)/);
    writeFileSync(path, 'item,a\n1\n');
    await expect(readItemFeatures(path)).rejects.toThrow(/line 2 has 1 fields, expected 2/);
    writeFileSync(path, 'item,a\n1,2\n');
    await expect(readItemFeatures(path, { columns: ['b'] })).rejects.toThrow(/no feature column "b"/);
  });

  it.skipIf(!ml100k)('reads MovieLens u.item as 19 genres and a year', async () => {
    const f = await readItemFeatures(join(ml100k!, 'u.item'));
    expect(f.ids.size).toBe(1682);
    expect(f.dim).toBe(20);
    expect(f.names[0]).toBe('genre=Animation'); // Toy Story's first genre opens the first column
    const toyStory = f.ids.toIndex(1);
    const row = Array.from(f.values.subarray(toyStory * 20, toyStory * 20 + 20));
    const genres = f.names.filter((n, c) => n.startsWith('genre=') && row[c] === 1);
    expect(genres.sort()).toEqual(['genre=Animation', "genre=Children's", 'genre=Comedy']);
  });
});
