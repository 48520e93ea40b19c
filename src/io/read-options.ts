import { IdMap } from '../data/id-map.js';
import { InteractionsBuilder, type DuplicatePolicy, type Interactions } from '../data/interactions.js';
import type { RowLines } from './read-lines.js';
import { SourceTrace } from './source-trace.js';

/** Options every interactions reader takes. */
export interface ReadOptions {
  /**
   * What to do when a (user, item) pair appears on more than one line: 'error' (default; the
   * message names both lines), 'sum' (clicks, plays), 'last' (the later line wins) or 'mean'.
   * CLI: `--duplicates`.
   */
  duplicates?: DuplicatePolicy;
  /**
   * Id maps to extend, so that a train file and a test file read separately share dense indices:
   * ids already in the map keep their index, new ids are appended. Default: fresh maps. The maps
   * are only changed once the whole file has been read without error.
   */
  userIds?: IdMap;
  itemIds?: IdMap;
  /**
   * Record where the rows came from: the reader describes the file in the trace and the data gets
   * `sourceLines`, so a split can write each row back as read (io/write-rows-as-read.ts).
   */
  trace?: SourceTrace;
}

const POLICIES: readonly DuplicatePolicy[] = ['error', 'sum', 'last', 'mean'];

/** Checks the shared options; `who` names the reader in the message. */
export function checkReadOptions(opts: ReadOptions, who: string): DuplicatePolicy {
  const d = opts.duplicates ?? 'error';
  if (!POLICIES.includes(d)) {
    throw new Error(`${who}: duplicates must be one of ${POLICIES.join(', ')}, got ${JSON.stringify(d)}`);
  }
  for (const key of ['userIds', 'itemIds'] as const) {
    const m = opts[key];
    if (m !== undefined && !(m instanceof IdMap)) throw new Error(`${who}: ${key} must be an IdMap`);
  }
  if (opts.trace !== undefined && !(opts.trace instanceof SourceTrace)) throw new Error(`${who}: trace must be a SourceTrace`);
  return d;
}

/**
 * Finishes a read: resolves duplicates (naming lines through `lines`), then moves the rows from the
 * builder's private id maps into the caller's shared maps, if any. Reading into private maps first
 * means a file that fails halfway leaves the shared maps untouched. `origin` names a row in
 * messages; default `path: line N` (the Parquet reader names the part file and row instead).
 */
export function finishRead(
  builder: InteractionsBuilder,
  path: string,
  lines: RowLines,
  opts: ReadOptions,
  origin: (row: number) => string = (row) => `${path}: line ${lines.lineOf(row)}`,
): Interactions {
  const data = builder.build(opts.duplicates ?? 'error', origin);
  const users = opts.userIds ? remap(data.users, data.userIds, opts.userIds) : data.users;
  const items = opts.itemIds ? remap(data.items, data.itemIds, opts.itemIds) : data.items;
  return {
    users,
    items,
    ratings: data.ratings,
    timestamps: data.timestamps,
    userIds: opts.userIds ?? data.userIds,
    itemIds: opts.itemIds ?? data.itemIds,
    ...(opts.trace ? { sourceLines: sourceLinesOf(builder, lines, data.users.length) } : {}),
  };
}

/** The line of each finished row, negated where the rating was merged from duplicates. */
function sourceLinesOf(builder: InteractionsBuilder, lines: RowLines, n: number): Int32Array {
  const { kept: keep, merged } = builder.provenance;
  const out = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const row = keep ? keep[j]! : j;
    const line = lines.lineOf(row);
    out[j] = merged && merged[row] ? -line : line;
  }
  return out;
}

/** Rewrites dense indices of `local` as indices of `shared`, adding new ids to `shared`. */
function remap(indices: Int32Array, local: IdMap, shared: IdMap): Int32Array {
  const to = new Int32Array(local.size);
  for (let i = 0; i < local.size; i++) to[i] = shared.add(local.toExternal(i));
  const out = new Int32Array(indices.length);
  for (let r = 0; r < indices.length; r++) out[r] = to[indices[r]!]!;
  return out;
}

/** `path: line N has K fields, expected 4 (user, item, rating, timestamp)`. */
export function fieldCountError(path: string, line: number, found: number, names: readonly string[]): Error {
  return new Error(
    `${path}: line ${line} has ${found} field${found === 1 ? '' : 's'}, expected ${names.length} (${names.join(', ')})`,
  );
}

/** The error for a file with no data rows. */
export function noRowsError(path: string, sawHeader: boolean, expected: string): Error {
  return new Error(
    sawHeader
      ? `${path}: the file has a header but no data rows; expected rows of ${expected} after it`
      : `${path}: the file is empty; expected rows of ${expected}`,
  );
}
