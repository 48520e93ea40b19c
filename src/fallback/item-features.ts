import { IdMap, type ExternalId } from '../data/id-map.js';

/**
 * Numeric features of items, one row per item: row r (`dim` values of `values`) describes
 * `ids.toExternal(r)`; `names[c]` says what column c is ("year", "genre=Comedy").
 */
export interface ItemFeatures {
  ids: IdMap;
  names: string[];
  dim: number;
  values: Float32Array;
}

/** One input column: a value per item (null / '' / NaN = missing). */
export interface FeatureColumn {
  name: string;
  values: readonly (string | number | null | readonly string[])[];
  /**
   * 'numeric': standardised to mean 0, variance 1 over the items that have a value; missing → 0 (the
   * mean). 'categorical': one-hot, one column per distinct value ("name=value"); a value may hold
   * several categories, as an array or joined by '|' (MovieLens genres). Default: numeric when every
   * present value is a number (or a string that reads as one), else categorical.
   */
  kind?: 'numeric' | 'categorical';
}

/** Encodes columns of item attributes into ItemFeatures (see FeatureColumn for the rules). */
export function encodeItemFeatures(ids: readonly ExternalId[], columns: readonly FeatureColumn[]): ItemFeatures {
  const idMap = IdMap.from(ids);
  const n = ids.length;
  const names: string[] = [];
  const encoded: Float32Array[] = [];
  for (const col of columns) {
    if (col.values.length !== n) {
      throw new Error(`item features: column ${JSON.stringify(col.name)} has ${col.values.length} values for ${n} items; give one per item`);
    }
    const kind = col.kind ?? (col.values.every((v) => missing(v) || asNumber(v) !== null) ? 'numeric' : 'categorical');
    if (kind === 'numeric') {
      const xs = col.values.map((v) => (missing(v) ? NaN : asNumber(v)));
      const bad = xs.findIndex((x) => x === null);
      if (bad >= 0) throw new Error(`item features: column ${JSON.stringify(col.name)}, item ${JSON.stringify(ids[bad])}: ${JSON.stringify(col.values[bad])} is not a number; fix it or declare the column categorical`);
      const nums = xs as number[];
      const present = nums.filter((x) => x === x);
      const mean = present.reduce((a, b) => a + b, 0) / Math.max(1, present.length);
      const sd = Math.sqrt(present.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, present.length));
      encoded.push(Float32Array.from(nums, (x) => (x === x && sd > 0 ? (x - mean) / sd : 0)));
      names.push(col.name);
      continue;
    }
    const cats = new Map<string, Float32Array>();
    col.values.forEach((v, r) => {
      if (missing(v)) return;
      const parts = Array.isArray(v) ? (v as string[]) : String(v).split('|');
      for (const p of parts.map((s) => s.trim()).filter((s) => s !== '')) {
        let c = cats.get(p);
        if (!c) cats.set(p, (c = new Float32Array(n)));
        c[r] = 1;
      }
    });
    for (const [value, c] of cats) {
      names.push(`${col.name}=${value}`);
      encoded.push(c);
    }
  }
  const dim = names.length;
  const values = new Float32Array(n * dim);
  for (let c = 0; c < dim; c++) for (let r = 0; r < n; r++) values[r * dim + c] = encoded[c]![r]!;
  return { ids: idMap, names, dim, values };
}

function missing(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v)) || (Array.isArray(v) && v.length === 0);
}

function asNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string' || !/^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(v)) return null;
  return Number(v);
}
