import { basename, extname } from 'node:path';
import { stat } from 'node:fs/promises';
import { isSparkInt, type ExternalId } from '../data/id-map.js';
import { encodeItemFeatures, type FeatureColumn, type ItemFeatures } from '../fallback/item-features.js';
import { forEachLine } from './read-lines.js';
import { readMovieLensItems } from './read-ml-items.js';
import { RecordSplitter } from './read-records.js';

export interface ReadItemFeaturesOptions {
  /** Id column of a CSV/TSV. Default: 'item' when the header has it, else the first column. */
  idCol?: string;
  /** Columns to use. Default: every column but the id. */
  columns?: readonly string[];
  /** Columns to one-hot even if they look numeric (e.g. a numeric category code). */
  categorical?: readonly string[];
}

/**
 * Item features from a file:
 * - a MovieLens directory or its u.item / movies.dat / movies.csv: `genre` (one-hot, several per
 *   movie) and `year` (standardised);
 * - any CSV/TSV with a header: one row per item, an id column and feature columns, each numeric
 *   (standardised) or categorical (one-hot; 'a|b' = both), decided per column as in
 *   fallback/item-features.ts. Ids are integers when every id is one, else strings.
 */
export async function readItemFeatures(path: string, opts: ReadItemFeaturesOptions = {}): Promise<ItemFeatures> {
  const info = await stat(path).catch(() => {
    throw new Error(`${path}: no such file or directory; pass an item-feature CSV/TSV or a MovieLens directory (u.item)`);
  });
  const name = basename(path);
  if (info.isDirectory() || name === 'u.item' || name === 'movies.dat' || name === 'movies.csv') {
    const cat = await readMovieLensItems(path);
    return encodeItemFeatures(Array.from(cat.ids), [
      { name: 'genre', values: cat.genres, kind: 'categorical' },
      { name: 'year', values: Array.from(cat.years), kind: 'numeric' },
    ]);
  }
  const ext = extname(path).toLowerCase();
  const splitter = new RecordSplitter(ext === '.tsv' || ext === '.tab' ? '\t' : ',', path, 1024);
  let header: string[] | null = null;
  const rows: string[][] = [];
  await forEachLine(path, (text, start, end, line) => {
    if (start === end && !splitter.inRecord) return;
    const count = splitter.feed(text, start, end, line);
    if (count < 0) return;
    const fields = Array.from({ length: Math.min(count, 1024) }, (_, k) => splitter.field(k));
    if (header === null) {
      header = fields.map((f) => f.trim());
      return;
    }
    if (count !== header.length) throw new Error(`${path}: line ${splitter.recordLine} has ${count} fields, expected ${header.length} (${header.join(', ')})`);
    rows.push(fields);
  });
  splitter.finish();
  const h: string[] = header ?? [];
  if (rows.length === 0) throw new Error(`${path}: no item rows; expected a header (item, feature, …) and one row per item`);
  const idIndex = opts.idCol !== undefined ? h.indexOf(opts.idCol) : Math.max(0, h.indexOf('item'));
  if (idIndex < 0) throw new Error(`${path}: no id column ${JSON.stringify(opts.idCol)} in the header (${h.join(', ')}); name it with --item-col`);
  const wanted = opts.columns ?? h.filter((_, k) => k !== idIndex);
  for (const c of wanted) if (!h.includes(c)) throw new Error(`${path}: no feature column ${JSON.stringify(c)} in the header (${h.join(', ')})`);
  const rawIds = rows.map((r) => r[idIndex]!.trim());
  const allInts = rawIds.every((s) => /^-?\d+$/.test(s) && isSparkInt(Number(s)));
  const ids: ExternalId[] = rawIds.map((s) => (allInts ? Number(s) : s));
  const seen = new Map<ExternalId, number>();
  ids.forEach((id, r) => {
    if (seen.has(id)) throw new Error(`${path}: item ${JSON.stringify(id)} is listed twice (rows ${seen.get(id)! + 1} and ${r + 1}); list each item once`);
    seen.set(id, r);
  });
  const columns: FeatureColumn[] = wanted.map((c) => {
    const k = h.indexOf(c);
    return { name: c, values: rows.map((r) => r[k]!.trim()), kind: opts.categorical?.includes(c) ? 'categorical' : undefined };
  });
  return encodeItemFeatures(ids, columns);
}
