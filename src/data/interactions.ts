import { IdMap, type ExternalId } from './id-map.js';
import { releaseBuffers } from './release-buffers.js';

/**
 * Interaction data in columns: row r says user `users[r]` gave item `items[r]` the rating
 * `ratings[r]` (at `timestamps[r]`, when known). Users and items are dense indices into the two
 * id maps, so millions of rows stay a few typed arrays rather than millions of objects.
 *
 *   row:        0    1    2    3
 *   users:    [ 0,   0,   1,   2 ]     userIds:  0 ↔ 196, 1 ↔ 186, 2 ↔ 22
 *   items:    [ 0,   1,   1,   2 ]     itemIds:  0 ↔ 242, 1 ↔ 302, 2 ↔ 377
 *   ratings:  [ 3,   4,   3,   1 ]
 */
export interface Interactions {
  readonly users: Int32Array;
  readonly items: Int32Array;
  readonly ratings: Float32Array;
  readonly timestamps?: Float64Array;
  readonly userIds: IdMap;
  readonly itemIds: IdMap;
  /**
   * Where each row was read from, when the reader was asked to trace it (io/ `trace` option): the
   * 1-based line its record starts on, negated when the row's rating was computed by merging
   * duplicate pairs (sum, mean) rather than read. Lets a split write every field back as read.
   */
  readonly sourceLines?: Int32Array;
}

/** Number of rows. */
export function size(data: Interactions): number {
  return data.users.length;
}

/**
 * The rows at `rows` (in that order), sharing the id maps of `data`: dense indices keep their
 * meaning, so a train and a test set cut from the same data line up.
 */
export function selectRows(data: Interactions, rows: ArrayLike<number>): Interactions {
  const n = rows.length;
  const users = new Int32Array(n);
  const items = new Int32Array(n);
  const ratings = new Float32Array(n);
  const timestamps = data.timestamps ? new Float64Array(n) : undefined;
  const sourceLines = data.sourceLines ? new Int32Array(n) : undefined;
  for (let j = 0; j < n; j++) {
    const r = rows[j]!;
    users[j] = data.users[r]!;
    items[j] = data.items[r]!;
    ratings[j] = data.ratings[r]!;
    if (timestamps) timestamps[j] = data.timestamps![r]!;
    if (sourceLines) sourceLines[j] = data.sourceLines![r]!;
  }
  return { users, items, ratings, timestamps, userIds: data.userIds, itemIds: data.itemIds, ...(sourceLines ? { sourceLines } : {}) };
}

/** What to do when the same (user, item) pair appears on more than one row. */
export type DuplicatePolicy = 'error' | 'sum' | 'last' | 'mean';

/** One interaction as a plain object, for library users and for the row-object reader. */
export interface InteractionRow {
  user: ExternalId;
  item: ExternalId;
  rating: number;
  timestamp?: number;
}

/** Where a row came from, for error messages: "u.data line 17". */
export type RowOrigin = (row: number) => string;

/**
 * Appends rows into growable typed arrays and validates as it goes: ratings must be finite,
 * ids must be Spark ints or strings. `build()` resolves duplicate pairs by `duplicates`.
 */
export class InteractionsBuilder {
  private users = new Int32Array(1024);
  private items = new Int32Array(1024);
  private ratings = new Float32Array(1024);
  private timestamps: Float64Array | null = null;
  private n = 0;
  readonly userIds: IdMap;
  readonly itemIds: IdMap;
  private keptRows: Int32Array | null = null;
  private mergedRows: Uint8Array | null = null;

  constructor(opts: { userIds?: IdMap; itemIds?: IdMap } = {}) {
    this.userIds = opts.userIds ?? new IdMap();
    this.itemIds = opts.itemIds ?? new IdMap();
  }

  get length(): number {
    return this.n;
  }

  /**
   * After `build`: which input rows became the finished rows (`kept`, null when all did, in order)
   * and which input rows hold a rating merged from duplicates (`merged`, null when none). Readers
   * use it to say where each finished row came from.
   */
  get provenance(): { readonly kept: Int32Array | null; readonly merged: Uint8Array | null } {
    return { kept: this.keptRows, merged: this.mergedRows };
  }

  /**
   * Adds one row. Throws with `where` in the message when the rating is not finite or an id is
   * out of Spark's int range.
   */
  add(user: ExternalId, item: ExternalId, rating: number, timestamp?: number, where = `row ${this.n + 1}`): void {
    if (!Number.isFinite(rating)) {
      throw new Error(`${where}: rating ${rating} is not a finite number; remove the row or fix the value`);
    }
    let u: number;
    let i: number;
    try {
      u = this.userIds.add(user);
      i = this.itemIds.add(item);
    } catch (e) {
      throw new Error(`${where}: ${(e as Error).message}`);
    }
    if (this.n === this.users.length) this.grow();
    this.users[this.n] = u;
    this.items[this.n] = i;
    this.ratings[this.n] = rating;
    if (timestamp !== undefined) {
      if (!this.timestamps) this.timestamps = new Float64Array(this.users.length).fill(NaN);
      this.timestamps[this.n] = timestamp;
    }
    this.n++;
  }

  /**
   * Takes whole columns of dense indices into this builder's id maps (which the caller has filled)
   * in place of `add` calls, for readers that parse elsewhere (io/read-parallel.ts). The arrays are
   * kept, not copied, and must hold exactly the rows; validation is the caller's.
   */
  adopt(users: Int32Array<ArrayBuffer>, items: Int32Array<ArrayBuffer>, ratings: Float32Array<ArrayBuffer>, timestamps: Float64Array<ArrayBuffer> | null): void {
    if (this.n !== 0) throw new Error('interactions: adopt needs an empty builder');
    if (items.length !== users.length || ratings.length !== users.length || (timestamps && timestamps.length !== users.length)) {
      throw new Error(`interactions: adopt needs columns of one length, got ${users.length}, ${items.length}, ${ratings.length}`);
    }
    this.users = users;
    this.items = items;
    this.ratings = ratings;
    this.timestamps = timestamps;
    this.n = users.length;
  }

  private grow(): void {
    const cap = this.users.length * 2;
    const grow32 = <T extends Int32Array | Float32Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    this.users = grow32(this.users, (n) => new Int32Array(n));
    this.items = grow32(this.items, (n) => new Int32Array(n));
    this.ratings = grow32(this.ratings, (n) => new Float32Array(n));
    if (this.timestamps) {
      const t = new Float64Array(cap).fill(NaN);
      t.set(this.timestamps);
      this.timestamps = t;
    }
  }

  /**
   * The finished columns. Duplicate (user, item) pairs: `'error'` (default) throws naming both
   * rows (via `origin`); `'sum'` adds the ratings (clicks, views); `'last'` keeps the later row;
   * `'mean'` averages. Merged rows keep the position and timestamp of their first (sum, mean) or
   * last (last) occurrence. The builder hands its rows over and is empty afterwards.
   */
  build(duplicates: DuplicatePolicy = 'error', origin: RowOrigin = (r) => `row ${r + 1}`): Interactions {
    const n = this.n;
    const { keep, merged } = dedupe(this.users.subarray(0, n), this.items.subarray(0, n), this.ratings.subarray(0, n), this.itemIds.size, duplicates, origin);
    this.keptRows = keep;
    this.mergedRows = merged;
    // Copy out one column at a time and let go of the growable buffer behind it, so the peak is the
    // buffers plus one column rather than twice everything (25M rows: ~300 MB saved).
    const take = <T extends Int32Array | Float32Array | Float64Array>(column: T): T =>
      (keep ? gather(column, keep) : column.length === n ? column : column.slice(0, n)) as T;
    const users = take(this.users);
    this.users = new Int32Array(0);
    const items = take(this.items);
    this.items = new Int32Array(0);
    const ratings = take(this.ratings);
    this.ratings = new Float32Array(0);
    const timestamps = this.timestamps ? take(this.timestamps) : undefined;
    this.timestamps = null;
    this.n = 0;
    return { users, items, ratings, timestamps, userIds: this.userIds, itemIds: this.itemIds };
  }
}

function gather<T extends Int32Array | Float32Array | Float64Array>(column: T, rows: Int32Array): T {
  const out = new (column.constructor as new (n: number) => T)(rows.length);
  for (let j = 0; j < rows.length; j++) out[j] = column[rows[j]!]!;
  return out;
}

/**
 * Finds duplicate pairs in O(n + users + items) without hashing: rows are grouped by user with a
 * counting sort (keeping row order), and within a user an item → first-row table, stamped with the
 * user so it never needs clearing, spots repeats. Returns keep = null when there are none;
 * otherwise the rows to keep, after writing merged ratings into `ratings` in place, and (sum, mean)
 * a flag per input row that holds a merged rating.
 */
function dedupe(
  users: Int32Array,
  items: Int32Array,
  ratings: Float32Array,
  numItems: number,
  policy: DuplicatePolicy,
  origin: RowOrigin,
): { keep: Int32Array | null; merged: Uint8Array | null } {
  const n = users.length;
  let numUsers = 0;
  // Rows already grouped by user (a file sorted by user: with first-seen numbering, each row's user
  // is the previous one or the next new one) are their own counting sort: byUser is the identity.
  let grouped = n === 0 || users[0] === 0;
  for (let r = 0; r < n; r++) {
    const u = users[r]!;
    if (u >= numUsers) {
      if (u !== numUsers) grouped = false;
      numUsers = u + 1;
    } else if (u !== numUsers - 1) grouped = false;
  }
  const start = new Int32Array(numUsers + 1);
  for (let r = 0; r < n; r++) start[users[r]! + 1]!++;
  for (let u = 0; u < numUsers; u++) start[u + 1]! += start[u]!;
  const next = grouped ? new Int32Array(0) : start.slice(0, numUsers);
  const byUser = grouped ? null : new Int32Array(n);
  if (byUser) for (let r = 0; r < n; r++) byUser[next[users[r]!]!++] = r;

  const stamp = new Int32Array(numItems).fill(-1);
  const keptRow = new Int32Array(numItems);
  const counts = policy === 'mean' ? new Int32Array(n).fill(1) : null;
  const drop = new Uint8Array(n);
  const merged = new Uint8Array(policy === 'sum' || policy === 'mean' ? n : 0);
  let dropped = 0;
  for (let u = 0; u < numUsers; u++) {
    for (let p = start[u]!; p < start[u + 1]!; p++) {
      const r = byUser ? byUser[p]! : p;
      const i = items[r]!;
      if (stamp[i] !== u) {
        stamp[i] = u;
        keptRow[i] = r;
        continue;
      }
      const kept = keptRow[i]!;
      if (policy === 'error') {
        throw new Error(
          `${origin(r)}: duplicate (user, item) pair, first seen at ${origin(kept)}; ` +
            `pass duplicates 'sum', 'last' or 'mean' (CLI: --duplicates sum|last|mean) to merge them`,
        );
      }
      if (policy === 'last') {
        drop[kept] = 1;
        keptRow[i] = r;
      } else {
        ratings[kept] = ratings[kept]! + ratings[r]!;
        merged[kept] = 1;
        drop[r] = 1;
        if (counts) counts[kept]!++;
      }
      dropped++;
    }
  }
  // Scratch of 5 bytes a row and more: gone now rather than at the engine's next collection.
  releaseBuffers([...(byUser ? [byUser.buffer] : []), start.buffer, next.buffer, ...(dropped === 0 ? [drop.buffer] : [])]);
  if (dropped === 0) return { keep: null, merged: null };
  if (counts) for (let r = 0; r < n; r++) if (counts[r]! > 1) ratings[r] = ratings[r]! / counts[r]!;
  const keep = new Int32Array(n - dropped);
  let j = 0;
  for (let r = 0; r < n; r++) if (!drop[r]) keep[j++] = r;
  return { keep, merged: policy === 'last' ? null : merged };
}

/** Interactions from plain row objects (the library's simplest entry point). */
export function fromRows(rows: Iterable<InteractionRow>, duplicates: DuplicatePolicy = 'error'): Interactions {
  const b = new InteractionsBuilder();
  let r = 0;
  for (const row of rows) {
    b.add(row.user, row.item, row.rating, row.timestamp, `rows[${r}]`);
    r++;
  }
  if (b.length === 0) throw new Error('interactions: no rows; pass at least one {user, item, rating} row');
  return b.build(duplicates, (i) => `rows[${i}]`);
}
