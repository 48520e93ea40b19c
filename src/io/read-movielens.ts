import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Interactions } from '../data/interactions.js';
import { detectFormat } from './detect-format.js';
import { readMlRatings, type MovieLensRatingsFormat } from './read-ml-ratings.js';
import type { ReadOptions } from './read-options.js';

/** The ratings file of each MovieLens layout, in the order a directory is searched. */
const RATINGS_FILES: readonly [string, MovieLensRatingsFormat][] = [
  ['u.data', 'ml100k'],
  ['ratings.dat', 'ml-dat'],
  ['ratings.csv', 'ml-csv'],
];

/**
 * The ratings file of the MovieLens directory `dir` and its format. When it holds none, the error
 * names any subdirectory that does (unzipping ml-100k.zip into DIR makes DIR/ml-100k).
 */
export async function findMovieLensRatings(dir: string): Promise<{ path: string; format: MovieLensRatingsFormat }> {
  for (const [name, format] of RATINGS_FILES) {
    const path = join(dir, name);
    if (await isFile(path)) return { path, format };
  }
  const inside: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    if (!e.isDirectory()) continue;
    for (const [name] of RATINGS_FILES) {
      if (await isFile(join(dir, e.name, name))) inside.push(join(dir, e.name));
    }
  }
  const hint = inside.length > 0 ? `; it is one level down: pass ${inside.join(' or ')}` : '';
  throw new Error(`${dir}: no MovieLens ratings file (u.data, ratings.dat or ratings.csv) in this directory${hint}`);
}

/**
 * Reads MovieLens ratings from a directory (finding u.data, ratings.dat or ratings.csv in it) or from
 * one ratings file, whose layout comes from its name unless `format` is given.
 */
export async function readMovieLens(
  path: string,
  opts: ReadOptions & { format?: MovieLensRatingsFormat } = {},
): Promise<Interactions> {
  const info = await stat(path).catch(() => null);
  if (info === null) {
    throw new Error(`${path}: no such file or directory; pass a MovieLens directory (e.g. an unzipped ml-100k) or its ratings file`);
  }
  if (info.isDirectory()) {
    const found = await findMovieLensRatings(path);
    return readMlRatings(found.path, opts.format ?? found.format, opts);
  }
  const format = opts.format ?? detectFormat(path);
  if (format !== 'ml100k' && format !== 'ml-dat' && format !== 'ml-csv') {
    throw new Error(`${path}: not a MovieLens ratings file name (u.data, ratings.dat, ratings.csv); pass format ml100k, ml-dat or ml-csv`);
  }
  return readMlRatings(path, format, opts);
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isFile(), () => false);
}
