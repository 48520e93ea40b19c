import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ML100K_GENRES, readMovieLensItems, readMoviesCsv, readMoviesDat, readUItem, yearOf } from '../../src/io/read-ml-items.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alsrec-items-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let counter = 0;
async function inDir(name: string, content: string | Uint8Array): Promise<string> {
  const d = join(dir, `d${counter++}`);
  await mkdir(d);
  await writeFile(join(d, name), content);
  return join(d, name);
}

/** A u.item line for made-up movies: 19 flags with the given genre columns set. */
function uItemLine(id: number, title: string, date: string, on: number[]): string {
  const flags = Array.from({ length: 19 }, (_, g) => (on.includes(g) ? '1' : '0'));
  return [id, title, date, '', 'http://example.org/', ...flags].join('|');
}

describe('yearOf', () => {
  it("takes the title's trailing year, the first of a range, else the date's year, else NaN", () => {
    expect(yearOf('Some Film (1995)')).toBe(1995);
    expect(yearOf('A (Subtitle) (1987) ')).toBe(1987);
    expect(yearOf('A Series (2006–2007)')).toBe(2006);
    expect(yearOf('No Year', '01-Jan-1994')).toBe(1994);
    expect(yearOf('unknown', '')).toBeNaN();
  });
});

describe('readUItem', () => {
  it('decodes ISO-8859-1, maps genre flags to names and parses years', async () => {
    // 0xE9 in latin1 is é; genres 1 (Action) and 5 (Comedy) from the fixed ML-100k list.
    const text = [uItemLine(1, 'Café Film (1990)', '01-Jan-1990', [1, 5]), uItemLine(2, 'unknown', '', [0])].join('\n') + '\n';
    const path = await inDir('u.item', Buffer.from(text, 'latin1'));
    const cat = await readUItem(path);
    expect(Array.from(cat.ids)).toEqual([1, 2]);
    expect(cat.titles).toEqual(['Café Film (1990)', 'unknown']);
    expect(cat.years[0]).toBe(1990);
    expect(cat.years[1]).toBeNaN();
    expect(cat.genres).toEqual([['Action', 'Comedy'], ['unknown']]);
  });

  it('takes genre names from u.genre beside it', async () => {
    const path = await inDir('u.item', uItemLine(3, 'X (2000)', '', [18]) + '\n');
    const names = Array.from({ length: 19 }, (_, g) => `G${g}`);
    await writeFile(join(path, '..', 'u.genre'), names.map((n, g) => `${n}|${g}`).join('\n') + '\n\n');
    expect((await readUItem(path)).genres).toEqual([['G18']]);
  });

  it('names the line and the expected fields of a short row', async () => {
    const path = await inDir('u.item', '1|Film (1990)|01-Jan-1990\n');
    await expect(readUItem(path)).rejects.toThrow(`${path}: line 1 has 3 fields, expected 24 (id, title, release date`);
  });

  it('rejects a movie listed twice', async () => {
    const path = await inDir('u.item', [uItemLine(1, 'A (1990)', '', []), uItemLine(1, 'B (1991)', '', [])].join('\n'));
    await expect(readUItem(path)).rejects.toThrow(`${path}: line 2: movie id 1 already appeared on line 1`);
  });

  it('knows the 19 ML-100k genres, unknown first and Western last', () => {
    expect(ML100K_GENRES.length).toBe(19);
    expect([ML100K_GENRES[0], ML100K_GENRES[18]]).toEqual(['unknown', 'Western']);
  });
});

describe('readMoviesDat', () => {
  it("splits id::title::genres, with '|' between genres, in UTF-8 or latin1", async () => {
    const text = '1::Über: A Film (1999)::Drama|War\n2::Plain (2001)::(no genres listed)\n';
    for (const bytes of [Buffer.from(text, 'utf-8'), Buffer.from(text, 'latin1')]) {
      const cat = await readMoviesDat(await inDir('movies.dat', bytes));
      expect(cat.titles).toEqual(['Über: A Film (1999)', 'Plain (2001)']);
      expect(cat.genres).toEqual([['Drama', 'War'], []]);
      expect(Array.from(cat.years)).toEqual([1999, 2001]);
    }
  });
});

describe('readMoviesCsv', () => {
  it('reads quoted titles with commas after the movieId,title,genres header', async () => {
    const path = await inDir('movies.csv', 'movieId,title,genres\r\n5,"Heist, The (1998)",Crime|Thriller\r\n6,Plain (2003),Drama\r\n');
    const cat = await readMoviesCsv(path);
    expect(Array.from(cat.ids)).toEqual([5, 6]);
    expect(cat.titles).toEqual(['Heist, The (1998)', 'Plain (2003)']);
    expect(cat.genres).toEqual([['Crime', 'Thriller'], ['Drama']]);
  });

  it('rejects another header', async () => {
    const path = await inDir('movies.csv', 'id,name\n1,x\n');
    await expect(readMoviesCsv(path)).rejects.toThrow(`${path}: header is (id, name), expected MovieLens's (movieId, title, genres)`);
  });
});

describe('readMovieLensItems', () => {
  it('finds the item file of a directory', async () => {
    const path = await inDir('movies.csv', 'movieId,title,genres\n9,Z (2010),Drama\n');
    expect((await readMovieLensItems(join(path, '..'))).titles).toEqual(['Z (2010)']);
  });

  it('says what it looked for in a directory without one', async () => {
    await expect(readMovieLensItems(dir)).rejects.toThrow('no u.item, movies.dat or movies.csv here');
  });
});
