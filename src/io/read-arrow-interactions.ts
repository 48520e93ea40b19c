import { readFile } from 'node:fs/promises';
import { DataType, tableFromIPC, type Field, type Table, type Vector } from 'apache-arrow';
import { canonicalInt, type ExternalId } from '../data/id-map.js';
import { InteractionsBuilder, type Interactions } from '../data/interactions.js';
import { RowLines } from './read-lines.js';
import { checkReadOptions, finishRead } from './read-options.js';
import { resolveParquetColumns, type ParquetInteractionsOptions } from './read-parquet-interactions.js';

/** Options of the Arrow reader: the same as Parquet's (columns by name, the id rule). */
export type ArrowInteractionsOptions = ParquetInteractionsOptions;

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** How an id column's values become ExternalIds (see ParquetInteractionsOptions.ids). */
type IdRule = 'number' | 'text' | 'mixed';

/**
 * Reads interactions from an Arrow IPC file (`.arrow`, Feather v2 `.feather`, or an IPC stream
 * `.arrows`/`.ipc`) with apache-arrow. Columns are found by name, ids and ratings follow the
 * Parquet reader's rules (read-parquet-interactions.ts): Int8…Int32 ids are numbers, Int64/UInt32/
 * UInt64 ids are numbers when every value fits Spark's int (else the decimal text of each), string
 * ids (also dictionary-encoded) are numbers only when every value is a canonical Spark int;
 * ratings any integer or float type; timestamps numeric (kept as written) or Timestamp/Date
 * (epoch seconds). The whole file is read into memory. Errors name the file, the row, the column.
 */
export async function readArrowInteractions(path: string, opts: ArrowInteractionsOptions = {}): Promise<Interactions> {
  checkReadOptions(opts, path);
  const ids = opts.ids ?? 'auto';
  if (ids !== 'auto' && ids !== 'string') throw new Error(`${path}: ids must be 'auto' or 'string', got ${JSON.stringify(ids)}`);
  const table = await readTable(path);
  const fields = new Map<string, Field>(table.schema.fields.map((f) => [f.name, f]));
  const schema = new Map([...fields].map(([n, f]) => [n, String(f.type)]));
  const cols = resolveParquetColumns(path, schema, opts, 'Arrow');
  const n = table.numRows;
  if (n === 0) throw new Error(`${path}: the Arrow file has no rows; expected rows of ${cols.user}, ${cols.item}, …`);
  const column = (name: string) => table.getChild(name)! as Vector;
  const user = column(cols.user);
  const item = column(cols.item);
  const userRule = idRule(path, cols.user, fields.get(cols.user)!.type, user, 'user', ids, opts.userIds?.size ? opts.userIds.kind : null);
  const itemRule = idRule(path, cols.item, fields.get(cols.item)!.type, item, 'item', ids, opts.itemIds?.size ? opts.itemIds.kind : null);
  const rating = cols.rating === null ? null : numberColumn(path, cols.rating, fields.get(cols.rating)!.type, column(cols.rating), 'rating');
  const time = cols.timestamp === null ? null : numberColumn(path, cols.timestamp, fields.get(cols.timestamp)!.type, column(cols.timestamp), 'timestamp');
  const origin = (row: number) => `${path}: row ${row + 1}`;
  const builder = new InteractionsBuilder();
  for (let r = 0; r < n; r++) {
    const u = toId(user.get(r), userRule);
    const i = toId(item.get(r), itemRule);
    if (u === null || i === null) {
      const [col, role] = u === null ? [cols.user, 'user'] : [cols.item, 'item'];
      throw new Error(`${origin(r)}, column ${col}: null or empty id; every row needs a ${role} — fill it in or drop the row`);
    }
    const rv = rating === null ? 1 : rating(r);
    if (rv === null || !Number.isFinite(rv)) {
      throw new Error(
        `${origin(r)}, column ${cols.rating}: rating ${String(rv)} is not a finite number; fix the value or drop the row (for data without ratings pass --rating-col none)`,
      );
    }
    builder.add(u, i, rv, time === null ? undefined : (time(r) ?? Number.NaN), origin(r));
  }
  return finishRead(builder, path, new RowLines(), opts, origin);
}

async function readTable(path: string): Promise<Table> {
  const bytes = await readFile(path);
  try {
    return tableFromIPC(bytes);
  } catch (e) {
    const why = String((e as Error).message ?? e).split('\n')[0]!;
    if (bytes.subarray(0, 4).toString('latin1') === 'FEA1') {
      throw new Error(`${path}: a Feather v1 file, which alsrec does not read; write it again as Feather v2 (pyarrow: feather.write_feather(df, path, version=2, compression='uncompressed'))`);
    }
    if (/compressed/.test(why)) {
      throw new Error(
        `${path}: the Arrow file's buffers are compressed (LZ4 or ZSTD, Feather v2's default), which alsrec cannot decompress; ` +
          `write it uncompressed (pyarrow: feather.write_feather(df, path, compression='uncompressed')) or as Parquet`,
      );
    }
    throw new Error(`${path}: cannot read as an Arrow IPC file (${why}); is it an Arrow IPC / Feather v2 file, whole and not truncated? Other formats: --format csv|tsv|parquet`);
  }
}

/** The id rule of a column (the Parquet reader's, see ParquetInteractionsOptions.ids). */
function idRule(
  path: string,
  col: string,
  type: DataType,
  v: Vector,
  role: 'user' | 'item',
  ids: 'auto' | 'string',
  sharedKind: 'int' | 'string' | null,
): IdRule {
  const value = DataType.isDictionary(type) ? type.dictionary : type;
  const text = DataType.isUtf8(value) || DataType.isLargeUtf8(value);
  if (!text && !DataType.isInt(value)) {
    throw new Error(
      `${path}: column ${col} (the ${role} ids) is ${String(type)}; ids must be integers (Int32, Int64) or strings — ` +
        `cast the column when writing the file (pyarrow: table.set_column(i, "${col}", table["${col}"].cast("int32"))) or pass another --${role}-col`,
    );
  }
  const mode = sharedKind === 'string' ? 'string' : sharedKind === 'int' ? 'mixed' : ids;
  if (mode === 'string') return 'text';
  if (!text) {
    if (value.bitWidth <= 16 || (value.bitWidth === 32 && value.isSigned)) return 'number';
    for (let r = 0; r < v.length; r++) {
      const x = v.get(r) as number | bigint | null;
      if (x !== null && (x < INT32_MIN || x > INT32_MAX)) return mode === 'mixed' ? 'mixed' : 'text';
    }
    return 'number';
  }
  if (mode === 'mixed') return 'mixed';
  for (let r = 0; r < v.length; r++) {
    const s = v.get(r) as string | null;
    if (s !== null && s !== '' && canonicalInt(s) === null) return 'text';
  }
  return 'number';
}

function toId(x: unknown, rule: IdRule): ExternalId | null {
  if (x === null || x === undefined) return null;
  if (typeof x === 'string') {
    if (x === '') return null;
    return rule === 'text' ? x : rule === 'number' ? canonicalInt(x)! : (canonicalInt(x) ?? x);
  }
  const num = Number(x as number | bigint);
  if (rule === 'number') return num;
  return rule === 'mixed' && num >= INT32_MIN && num <= INT32_MAX ? num : String(x);
}

/** A reader of a rating or timestamp column as numbers (null for a null); an error naming the fix for other types. */
function numberColumn(path: string, col: string, type: DataType, v: Vector, role: 'rating' | 'timestamp'): (row: number) => number | null {
  if (DataType.isInt(type) || DataType.isFloat(type)) {
    return (r) => {
      const x = v.get(r) as number | bigint | null;
      return x === null ? null : Number(x);
    };
  }
  // apache-arrow gives Timestamp and Date values as epoch milliseconds whatever the unit.
  if (role === 'timestamp' && (DataType.isTimestamp(type) || DataType.isDate(type))) {
    return (r) => {
      const x = v.get(r) as number | null;
      return x === null ? null : x / 1000;
    };
  }
  const fix =
    role === 'rating'
      ? `cast it when writing the file (pyarrow: table["${col}"].cast("float32")), or pass --rating-col none for implicit data`
      : 'timestamps must be numbers, Timestamp or Date; pass --timestamp-col none to ignore the column';
  throw new Error(`${path}: column ${col} (the ${role}) is ${String(type)}; ${role === 'rating' ? 'ratings must be numbers' : 'it cannot be read as a time'}: ${fix}`);
}
