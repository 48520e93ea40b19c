import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isSparkInt } from '../data/id-map.js';
import { forEachLineOfText } from './read-lines.js';
import { parseIntSpan } from './read-numbers.js';
import { fieldCountError } from './read-options.js';
import { RecordSplitter, splitSpans } from './read-records.js';

/**
 * MovieLens item metadata as columns, in file order: movie `ids[k]` is called `titles[k]`, came out
 * in `years[k]` and has the genres `genres[k]`. Join it to Interactions through
 * `data.itemIds.toIndex(ids[k])`. (A few thousand to ~90k movies: plain arrays are fine here.)
 */
export interface MovieCatalog {
  ids: Int32Array;
  titles: string[];
  /** Year from the title's trailing "(1995)", else from the release date; NaN when neither has one. */
  years: Float64Array;
  /** Genre names; empty for "(no genres listed)" and for u.item rows with no flag set. */
  genres: string[][];
}

/** The 19 genres of u.item's flag columns, in column order (MovieLens 100k README and u.genre). */
export const ML100K_GENRES: readonly string[] = [
  'unknown', 'Action', 'Adventure', 'Animation', "Children's", 'Comedy', 'Crime', 'Documentary', 'Drama',
  'Fantasy', 'Film-Noir', 'Horror', 'Musical', 'Mystery', 'Romance', 'Sci-Fi', 'Thriller', 'War', 'Western',
];

const ITEM_FILES = ['u.item', 'movies.dat', 'movies.csv'] as const;

/**
 * Reads the item metadata of a MovieLens directory (whichever of u.item, movies.dat, movies.csv it
 * holds) or of one of those files given by path.
 */
export async function readMovieLensItems(path: string): Promise<MovieCatalog> {
  const info = await stat(path).catch(() => {
    throw new Error(`${path}: no such file or directory; pass a MovieLens directory or its u.item, movies.dat or movies.csv`);
  });
  let file = path;
  if (info.isDirectory()) {
    const present: string[] = [];
    for (const name of ITEM_FILES) {
      if (await stat(join(path, name)).then((s) => s.isFile(), () => false)) present.push(name);
    }
    if (present.length === 0) {
      throw new Error(`${path}: no u.item, movies.dat or movies.csv here; pass the directory that holds the MovieLens files`);
    }
    file = join(path, present[0]!);
  }
  const name = basename(file);
  if (name === 'u.item') return readUItem(file);
  if (name === 'movies.dat') return readMoviesDat(file);
  if (name.endsWith('.csv')) return readMoviesCsv(file);
  throw new Error(`${file}: cannot tell the item file's layout from its name; expected u.item, movies.dat or movies.csv`);
}

/**
 * MovieLens 100k `u.item`, ISO-8859-1: `id|title|release date|video release date|IMDb URL|` then
 * 19 genre flags (0/1). Genre names come from `u.genre` beside it when present, else ML100K_GENRES.
 */
export async function readUItem(path: string): Promise<MovieCatalog> {
  const text = new TextDecoder('latin1').decode(await readFile(path));
  const genreNames = await readUGenre(join(dirname(path), 'u.genre'));
  const expected = ['id', 'title', 'release date', 'video release date', 'IMDb URL', ...genreNames];
  const cat = new CatalogBuilder(path);
  const spans = new Int32Array(2 * 64);
  forEachLineOfText(text, (t, start, end, line) => {
    if (start === end) return;
    const count = splitSpans(t, start, end, '|', spans);
    if (count !== expected.length) throw fieldCountError(path, line, count, expected);
    const genres: string[] = [];
    for (let g = 0; g < genreNames.length; g++) {
      const s = spans[2 * (5 + g)]!;
      if (spans[2 * (5 + g) + 1]! - s === 1 && t.charCodeAt(s) === 49) genres.push(genreNames[g]!);
    }
    const title = t.slice(spans[2]!, spans[3]!);
    cat.add(t, spans[0]!, spans[1]!, line, title, yearOf(title, t.slice(spans[4]!, spans[5]!)), genres);
  });
  return cat.finish();
}

/** `u.genre` lines `name|index`; ML100K_GENRES when the file is absent. */
async function readUGenre(path: string): Promise<readonly string[]> {
  const bytes = await readFile(path).catch(() => null);
  if (bytes === null) return ML100K_GENRES;
  const names: string[] = [];
  forEachLineOfText(new TextDecoder('latin1').decode(bytes), (t, start, end, line) => {
    if (start === end) return;
    const bar = t.lastIndexOf('|', end - 1);
    const index = bar < start ? Number.NaN : parseIntSpan(t, bar + 1, end);
    if (index !== names.length) {
      throw new Error(`${path}: line ${line} should be "name|${names.length}", got ${JSON.stringify(t.slice(start, end))}`);
    }
    names.push(t.slice(start, bar));
  });
  return names;
}

/** MovieLens 1M / 10M `movies.dat`: `id::title::Genre1|Genre2`. UTF-8, or ISO-8859-1 when not valid UTF-8 (1M). */
export async function readMoviesDat(path: string): Promise<MovieCatalog> {
  const text = decodeUtf8OrLatin1(await readFile(path));
  const cat = new CatalogBuilder(path);
  const spans = new Int32Array(8);
  forEachLineOfText(text, (t, start, end, line) => {
    if (start === end) return;
    const count = splitSpans(t, start, end, '::', spans);
    if (count !== 3) throw fieldCountError(path, line, count, ['id', 'title', 'genres']);
    const title = t.slice(spans[2]!, spans[3]!);
    cat.add(t, spans[0]!, spans[1]!, line, title, yearOf(title), splitGenres(t.slice(spans[4]!, spans[5]!)));
  });
  return cat.finish();
}

/** MovieLens 20M+ `movies.csv`: header `movieId,title,genres`, titles quoted when they hold commas. */
export async function readMoviesCsv(path: string): Promise<MovieCatalog> {
  const text = new TextDecoder('utf-8').decode(await readFile(path));
  const cat = new CatalogBuilder(path);
  const splitter = new RecordSplitter(',', path, 8);
  const names = ['movieId', 'title', 'genres'];
  let sawHeader = false;
  forEachLineOfText(text, (t, start, end, line) => {
    if (start === end && !splitter.inRecord) return;
    const count = splitter.feed(t, start, end, line);
    if (count < 0) return;
    if (!sawHeader) {
      sawHeader = true;
      const header = Array.from({ length: count }, (_, k) => splitter.field(k).trim());
      if (header.join(',') !== names.join(',')) {
        throw new Error(`${path}: header is (${header.join(', ')}), expected MovieLens's (${names.join(', ')})`);
      }
      return;
    }
    if (count !== 3) throw fieldCountError(path, splitter.recordLine, count, names);
    const title = splitter.field(1);
    const sp = splitter.spans;
    cat.add(splitter.src, sp[0]!, sp[1]!, splitter.recordLine, title, yearOf(title), splitGenres(splitter.field(2)));
  });
  splitter.finish();
  return cat.finish();
}

/**
 * The release year: the title's trailing "(1995)" (also "(2006–2007)" for series, taking the
 * first year), else the last four digits of `date` ("01-Jan-1995"), else NaN.
 */
export function yearOf(title: string, date = ''): number {
  const m = /\((\d{4})(?:\s*[-–]\s*(?:\d{4})?)?\)\s*$/.exec(title);
  if (m) return Number(m[1]);
  const d = /(\d{4})\s*$/.exec(date);
  return d ? Number(d[1]) : Number.NaN;
}

function splitGenres(field: string): string[] {
  const f = field.trim();
  if (f === '' || f === '(no genres listed)') return [];
  return f.split('|');
}

function decodeUtf8OrLatin1(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('latin1').decode(bytes);
  }
}

/** Collects catalog rows; rejects non-integer and repeated movie ids. */
class CatalogBuilder {
  private readonly ids: number[] = [];
  private readonly titles: string[] = [];
  private readonly years: number[] = [];
  private readonly genres: string[][] = [];
  private readonly seen = new Map<number, number>();

  constructor(private readonly path: string) {}

  add(text: string, s: number, e: number, line: number, title: string, year: number, genres: string[]): void {
    const id = parseIntSpan(text, s, e);
    if (!isSparkInt(id)) {
      throw new Error(`${this.path}: line ${line}, column id: ${JSON.stringify(text.slice(s, e))} is not an integer movie id`);
    }
    const first = this.seen.get(id);
    if (first !== undefined) {
      throw new Error(`${this.path}: line ${line}: movie id ${id} already appeared on line ${first}; each movie must be listed once`);
    }
    this.seen.set(id, line);
    this.ids.push(id);
    this.titles.push(title);
    this.years.push(year);
    this.genres.push(genres);
  }

  finish(): MovieCatalog {
    if (this.ids.length === 0) throw new Error(`${this.path}: no movies in the file`);
    return {
      ids: Int32Array.from(this.ids),
      titles: this.titles,
      years: Float64Array.from(this.years),
      genres: this.genres,
    };
  }
}
