import { extname } from 'node:path';
import type { ExternalId, IdMap } from '../data/id-map.js';
import type { Interactions } from '../data/interactions.js';
import { writeFileAtomic } from './atomic.js';

export interface WriteInteractionsOptions {
  /** ',' or '\t'; default '\t' for a `.tsv`/`.tab` path, else ','. */
  delimiter?: ',' | '\t';
  /** Write the timestamp column; default: when the data has timestamps. */
  timestamps?: boolean;
}

/** Rows per encoded block: bounds the size of any one string, whatever the data size. */
const BLOCK = 1 << 16;

/**
 * Writes `data` as a delimited file with the header `user,item,rating[,timestamp]` and external
 * ids, atomically (temporary file, then rename). readDelimited reads it back to the same rows,
 * with one caveat: a column of string ids that all look like integers reads back as numbers.
 *
 * Ratings are written with the fewest digits that read back to the same float32 (3.5, not
 * 3.5000000000); timestamps with JavaScript's shortest round-trip form (-0 as '-0'); an unknown (NaN) timestamp
 * as an empty cell. Text ids are quoted per RFC 4180 when they hold the delimiter, a quote or a
 * line break.
 */
export async function writeInteractions(path: string, data: Interactions, opts: WriteInteractionsOptions = {}): Promise<void> {
  const ext = extname(path).toLowerCase();
  const delim = opts.delimiter ?? (ext === '.tsv' || ext === '.tab' ? '\t' : ',');
  if (delim !== ',' && delim !== '\t') throw new Error(`writeInteractions: delimiter must be ',' or '\\t', got ${JSON.stringify(delim)}`);
  const withTime = opts.timestamps ?? data.timestamps !== undefined;
  if (withTime && data.timestamps === undefined) {
    throw new Error(`writeInteractions: timestamps requested for ${path} but the data has none; drop the timestamps option`);
  }
  const users = idStrings(data.userIds, delim);
  const items = idStrings(data.itemIds, delim);
  const ts = data.timestamps;
  const blocks: Uint8Array[] = [];
  const encoder = new TextEncoder();
  blocks.push(encoder.encode(['user', 'item', 'rating', ...(withTime ? ['timestamp'] : [])].join(delim) + '\n'));
  const n = data.users.length;
  for (let b = 0; b < n; b += BLOCK) {
    let s = '';
    const end = Math.min(n, b + BLOCK);
    for (let r = b; r < end; r++) {
      s += users[data.users[r]!]! + delim + items[data.items[r]!]! + delim + formatFloat32(data.ratings[r]!);
      if (withTime) {
        const t = ts![r]!;
        s += delim + (Number.isNaN(t) ? '' : Object.is(t, -0) ? '-0' : String(t));
      }
      s += '\n';
    }
    blocks.push(encoder.encode(s));
  }
  let total = 0;
  for (const block of blocks) total += block.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const block of blocks) {
    out.set(block, at);
    at += block.length;
  }
  await writeFileAtomic(path, out);
}

/** Each external id as a field, once per id rather than once per row. */
function idStrings(map: IdMap, delim: string): string[] {
  const out = new Array<string>(map.size);
  for (let i = 0; i < map.size; i++) out[i] = field(map.toExternal(i), delim);
  return out;
}

function field(id: ExternalId, delim: string): string {
  if (typeof id === 'number') return String(id);
  if (id.includes(delim) || id.includes('"') || id.includes('\n') || id.includes('\r')) {
    return '"' + id.replace(/"/g, '""') + '"';
  }
  return id;
}

/**
 * The shortest decimal that reads back (through a double) to the float32 `v`: try 1…9 significant
 * digits — 9 always suffice for float32. Integers print as integers; -0 keeps its sign.
 */
export function formatFloat32(v: number): string {
  if (Number.isInteger(v)) return Object.is(v, -0) ? '-0' : String(v);
  for (let p = 1; p < 9; p++) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === v) return String(Number(s));
  }
  return String(Number(v.toPrecision(9)));
}
