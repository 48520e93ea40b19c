import { canonicalInt, type ExternalId, type IdMap } from '../data/id-map.js';
import { InteractionsBuilder, type Interactions } from '../data/interactions.js';
import { RowLines } from './read-lines.js';
import { checkReadOptions, finishRead, type ReadOptions } from './read-options.js';
import { openDuckSession, sqlName, sqlString, type DuckSession } from './duckdb-session.js';
import { parquetFiles } from './parquet-input.js';

/** Options of the Parquet reader: the columns by name and the id rule, as for CSV (read-delimited.ts). */
export interface ParquetInteractionsOptions extends ReadOptions {
  /** User id column; default 'user'. Matched exactly, else ignoring case. [--user-col] */
  userCol?: string;
  /** Item id column; default 'item'. [--item-col] */
  itemCol?: string;
  /** Rating column; default 'rating'; null: no rating column, every row counts 1. [--rating-col none] */
  ratingCol?: string | null;
  /** Timestamp column; default 'timestamp' when there is one; null ignores it. [--timestamp-col] */
  timestampCol?: string | null;
  /**
   * 'auto' (default): an INT32 id column (and INT64 when every value fits Spark's int) gives
   * numeric ids; a string column gives numbers only when every value is the canonical text of a
   * Spark int, else every value is its text (CSV's rule); an INT64 column with any value outside
   * Spark's int is read as the decimal text of each value. 'string': every id is its text. [--ids]
   */
  ids?: 'auto' | 'string';
}

/** How an id column is fetched and turned into an ExternalId. */
type IdPlan = { sql: string; perValue: 'number' | 'text' | 'mixed' };

const NARROW_INTS = ['TINYINT', 'SMALLINT', 'INTEGER', 'UTINYINT', 'USMALLINT'];
const WIDE_INTS = ['BIGINT', 'UINTEGER', 'UBIGINT', 'HUGEINT', 'UHUGEINT'];
const isNumeric = (t: string) => NARROW_INTS.includes(t) || WIDE_INTS.includes(t) || t === 'FLOAT' || t === 'DOUBLE' || t.startsWith('DECIMAL');
const isTime = (t: string) => t === 'DATE' || t.startsWith('TIMESTAMP');

/**
 * Reads interactions from a Parquet file or a directory of part files as Spark writes them
 * (`part-*.parquet`, `_SUCCESS`), through DuckDB. Columns are found by name; ids may be INT32,
 * INT64 or strings, ratings any numeric type (FLOAT, DOUBLE, integers, DECIMAL), timestamps
 * numeric (kept as written) or TIMESTAMP/DATE (epoch seconds). Rows keep the files' order (part
 * files by name). Errors name the part file, the row and the column, and the fix.
 */
export async function readParquetInteractions(path: string, opts: ParquetInteractionsOptions = {}): Promise<Interactions> {
  checkReadOptions(opts, path);
  const ids = opts.ids ?? 'auto';
  if (ids !== 'auto' && ids !== 'string') throw new Error(`${path}: ids must be 'auto' or 'string', got ${JSON.stringify(ids)}`);
  const files = await parquetFiles(path);
  const db = await openDuckSession(path);
  try {
    const from = `read_parquet([${files.map(sqlString).join(', ')}])`;
    const schema = await describe(db, from, path);
    const cols = resolveParquetColumns(path, schema, opts);
    const user = await idPlan(db, from, path, cols.user, schema.get(cols.user)!, 'user', ids, opts.userIds);
    const item = await idPlan(db, from, path, cols.item, schema.get(cols.item)!, 'item', ids, opts.itemIds);
    const rating = cols.rating === null ? null : numberSql(path, cols.rating, schema.get(cols.rating)!, 'rating');
    const time = cols.timestamp === null ? null : numberSql(path, cols.timestamp, schema.get(cols.timestamp)!, 'timestamp');
    const select = [user.sql, item.sql, rating ?? '1.0::DOUBLE', time ?? 'NULL::DOUBLE'].join(', ');
    const { origin, total } = await rowOrigins(db, files);
    if (total === 0) throw new Error(`${path}: the Parquet input has no rows; expected rows of ${cols.user}, ${cols.item}, …`);
    const builder = new InteractionsBuilder();
    // Dense indices in order of first appearance, as InteractionsBuilder.add numbers them.
    const userIndex = await indexer(db, from, user, builder.userIds, total);
    const itemIndex = await indexer(db, from, item, builder.itemIds, total);
    const users = new Int32Array(total);
    const items = new Int32Array(total);
    const ratings = new Float32Array(total);
    const timestamps = time === null ? null : new Float64Array(total);
    const result = await db.con.stream(`SELECT ${select} FROM ${from}`);
    let g = 0; // rows so far, over all files in order
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const n = chunk.rowCount;
      if (g + n > total) throw new Error(`${path}: the files hold more rows than their metadata says (${total}); are they being written to?`);
      const [u, i, r, t] = [0, 1, 2, 3].map((k) => chunk.getColumnVector(k));
      for (let j = 0; j < n; j++, g++) {
        const ui = userIndex(u!.getItem(j));
        const ii = itemIndex(i!.getItem(j));
        const rv = r!.getItem(j) as number | null;
        if (ui < 0 || ii < 0) throw nullIdError(origin(g), ui < 0 ? cols.user : cols.item, ui < 0 ? 'user' : 'item');
        if (rv === null || !Number.isFinite(rv)) throw badRatingError(origin(g), cols.rating!, rv);
        users[g] = ui;
        items[g] = ii;
        ratings[g] = rv;
        if (timestamps) timestamps[g] = (t!.getItem(j) as number | null) ?? Number.NaN;
      }
    }
    if (g !== total) throw new Error(`${path}: read ${g} rows where the metadata says ${total}; is a file being written to?`);
    builder.adopt(users, items, ratings, timestamps);
    return finishRead(builder, path, new RowLines(), opts, origin);
  } finally {
    db.close();
  }
}

/** Column name → DuckDB type name, in file order. */
async function describe(db: DuckSession, from: string, path: string): Promise<Map<string, string>> {
  let rows: unknown[][];
  try {
    rows = await db.rows(`DESCRIBE SELECT * FROM ${from}`);
  } catch (e) {
    throw new Error(`${path}: cannot read as Parquet (${firstLine(e)}); is it a Parquet file, whole and not truncated?`);
  }
  return new Map(rows.map((r) => [String(r[0]), String(r[1])]));
}

function firstLine(e: unknown): string {
  return String((e as Error).message ?? e).split('\n')[0]!;
}

/** The columns the reader uses (null: absent optional column), matched like CSV headers. */
export function resolveParquetColumns(
  path: string,
  schema: Map<string, string>,
  opts: ParquetInteractionsOptions,
  kind: 'Parquet' | 'Arrow' = 'Parquet',
): { user: string; item: string; rating: string | null; timestamp: string | null } {
  const names = [...schema.keys()];
  const find = (name: string) => (names.includes(name) ? name : names.find((n) => n.toLowerCase() === name.toLowerCase()));
  const found = `(${names.map((n) => `${n} ${schema.get(n)}`).join(', ')})`;
  const need = (name: string, what: string, flag: string, option: string, extra = ''): string => {
    const k = find(name);
    if (k === undefined) {
      throw new Error(`${path}: no ${what} column ${JSON.stringify(name)} in the ${kind} columns ${found}; name it with ${flag} NAME (library option ${option})${extra}`);
    }
    return k;
  };
  const user = need(opts.userCol ?? 'user', 'user', '--user-col', 'userCol');
  const item = need(opts.itemCol ?? 'item', 'item', '--item-col', 'itemCol');
  const rating =
    opts.ratingCol === null
      ? null
      : need(opts.ratingCol ?? 'rating', 'rating', '--rating-col', 'ratingCol', ', or pass --rating-col none for implicit data where every row counts 1');
  let timestamp: string | null = null;
  if (opts.timestampCol !== null) {
    timestamp = opts.timestampCol === undefined ? (find('timestamp') ?? null) : need(opts.timestampCol, 'timestamp', '--timestamp-col', 'timestampCol');
  }
  return { user, item, rating, timestamp };
}

/** Decides how an id column is read, by CSV's rule (see ParquetInteractionsOptions.ids). */
async function idPlan(
  db: DuckSession,
  from: string,
  path: string,
  col: string,
  type: string,
  role: 'user' | 'item',
  ids: 'auto' | 'string',
  shared: IdMap | undefined,
): Promise<IdPlan> {
  const c = sqlName(col);
  const asText: IdPlan = { sql: `CAST(${c} AS VARCHAR)`, perValue: 'text' };
  const asInt: IdPlan = { sql: `CAST(${c} AS INTEGER)`, perValue: 'number' };
  // A shared map of strings reads every id as text; a map of ints reads canonical ints as numbers.
  const mode = shared && shared.size > 0 ? (shared.kind === 'string' ? 'string' : 'mixed') : ids;
  if (type !== 'VARCHAR' && !NARROW_INTS.includes(type) && !WIDE_INTS.includes(type)) {
    throw new Error(
      `${path}: column ${col} (the ${role} ids) is ${type}; ids must be integers (INT32, INT64) or strings — ` +
        `cast the column when writing the file (Spark: df.withColumn("${col}", col("${col}").cast("int"))) or pass another --${role}-col`,
    );
  }
  if (mode === 'string') return asText;
  if (NARROW_INTS.includes(type)) return asInt;
  if (WIDE_INTS.includes(type)) {
    const [[fits]] = (await db.rows(`SELECT coalesce(min(${c}) >= -2147483648 AND max(${c}) <= 2147483647, true) FROM ${from}`)) as [[boolean]];
    return fits ? asInt : { sql: asText.sql, perValue: mode === 'mixed' ? 'mixed' : 'text' };
  }
  if (mode === 'mixed') return { sql: asText.sql, perValue: 'mixed' };
  // Text ids are numbers only when every value is a canonical Spark int ('7', not '07', '+7', '7.0').
  const [[canonical]] = (await db.rows(
    `SELECT coalesce(bool_and(CAST(TRY_CAST(${c} AS INTEGER) AS VARCHAR) IS NOT DISTINCT FROM ${c}) FILTER (WHERE ${c} IS NOT NULL), true) FROM ${from}`,
  )) as [[boolean]];
  return canonical ? asInt : asText;
}

function toId(v: unknown, perValue: IdPlan['perValue']): ExternalId | null {
  if (v === null || v === undefined) return null;
  if (perValue === 'number') return v as number;
  const s = v as string;
  if (s === '') return null;
  return perValue === 'mixed' ? (canonicalInt(s) ?? s) : s;
}

/**
 * The dense index of each fetched id value (−1 for a null or empty id), adding new ids to `map`.
 * Int ids within a range of at most 4 × rows (+1M) go through a lookup table instead of the map's
 * hashing: the same indices, several times faster at 25M rows.
 */
async function indexer(db: DuckSession, from: string, plan: IdPlan, map: IdMap, rows: number): Promise<(v: unknown) => number> {
  const general = (v: unknown) => {
    const id = toId(v, plan.perValue);
    return id === null ? -1 : map.add(id);
  };
  if (plan.perValue !== 'number') return general;
  const [[lo, hi]] = (await db.rows(`SELECT min(${plan.sql}), max(${plan.sql}) FROM ${from}`)) as [[number | null, number | null]];
  if (lo === null || hi === null || hi - lo + 1 > 4 * rows + (1 << 20)) return general;
  const table = new Int32Array(hi - lo + 1).fill(-1);
  return (v: unknown) => {
    if (v === null) return -1;
    const k = (v as number) - lo;
    let i = table[k]!;
    if (i < 0) i = table[k] = map.add(v as number);
    return i;
  };
}

/** The SQL reading a rating or timestamp column as DOUBLE; an error naming the fix for other types. */
function numberSql(path: string, col: string, type: string, role: 'rating' | 'timestamp'): string {
  const c = sqlName(col);
  if (isNumeric(type)) return `CAST(${c} AS DOUBLE)`;
  if (role === 'timestamp' && isTime(type)) return `CAST(epoch(${c}) AS DOUBLE)`;
  const fix =
    role === 'rating'
      ? `cast it when writing the file (Spark: df.withColumn("${col}", col("${col}").cast("float"))), or pass --rating-col none for implicit data`
      : 'timestamps must be numbers, TIMESTAMP or DATE; pass --timestamp-col none to ignore the column';
  throw new Error(`${path}: column ${col} (the ${role}) is ${type}; ${role === 'rating' ? 'ratings must be numbers' : 'it cannot be read as a time'}: ${fix}`);
}

/** The rows of all files, and a map from a row number over them (in order) to "part-….parquet: row N". */
async function rowOrigins(db: DuckSession, files: string[]): Promise<{ origin: (row: number) => string; total: number }> {
  const counts = await db.rows(`SELECT file_name, sum(num_rows) FROM parquet_file_metadata([${files.map(sqlString).join(', ')}]) GROUP BY file_name`);
  const byName = new Map(counts.map((r) => [String(r[0]), Number(r[1])]));
  const starts: number[] = [];
  let s = 0;
  for (const f of files) {
    starts.push(s);
    s += byName.get(f) ?? 0;
  }
  const origin = (row: number) => {
    let k = files.length - 1;
    while (k > 0 && starts[k]! > row) k--;
    return `${files[k]!}: row ${row - starts[k]! + 1}`;
  };
  return { origin, total: s };
}

function nullIdError(where: string, col: string, role: 'user' | 'item'): Error {
  return new Error(
    `${where}, column ${col}: null or empty id; every row needs a ${role} — fill it in or drop the row (Spark: df.na.drop(subset=["${col}"]))`,
  );
}

function badRatingError(where: string, col: string, v: number | null): Error {
  return new Error(
    `${where}, column ${col}: rating ${v === null ? 'null' : String(v)} is not a finite number; fix the value or drop the row (ratings must be finite numbers; for data without ratings pass --rating-col none)`,
  );
}
