import { IdMap } from '../data/id-map.js';
import type { ItemFeatures } from '../fallback/item-features.js';
import { ServeError } from './serve-error.js';

/**
 * The item features with `item`'s row set from `features` (encoded names such as "genre=Comedy"
 * mapped to their columns; names not given are 0). An item already listed there gets its row
 * replaced, a new one is appended. `f` is not changed: a request that holds it keeps reading it.
 * A name that is not a feature column is a `bad_request` naming it and the known columns.
 */
export function withItemRow(f: ItemFeatures, item: string, features: Record<string, number>): ItemFeatures {
  const unknown = Object.keys(features).filter((name) => !f.names.includes(name));
  if (unknown.length > 0) {
    throw new ServeError('bad_request', `items: unknown feature ${JSON.stringify(unknown[0])}; known: ${f.names.slice(0, 20).map((n) => JSON.stringify(n)).join(', ')}${f.names.length > 20 ? ', …' : ''}`);
  }
  const row = new Float32Array(f.dim);
  for (const [name, v] of Object.entries(features)) row[f.names.indexOf(name)] = v;
  const ids = IdMap.from(f.ids.ids());
  const r = ids.has(item) ? ids.toIndex(item) : ids.add(item);
  const values = new Float32Array(ids.size * f.dim);
  values.set(f.values);
  values.set(row, r * f.dim);
  return { ids, names: f.names, dim: f.dim, values };
}
