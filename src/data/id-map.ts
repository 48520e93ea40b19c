/**
 * A bijection between external ids (what the user's data calls a user or an item) and dense
 * indices 0..size-1 (what the kernels index factor rows with).
 *
 * Integer ids must fit Spark's `IntegerType` (−2³¹ … 2³¹−1) so a saved model stays loadable by
 * Spark; string ids are allowed for library users and are persisted beside the Spark files.
 *
 * An id is text. A number is the compact form of its canonical decimal text (`7` ≡ `'7'`), and
 * lookups treat the two alike; any other text (`'007'`, `'+7'`, `'7.0'`, `' 7'`) is a different id
 * from 7 and stays the string it was.
 */
export type ExternalId = number | string;

export const SPARK_INT_MIN = -2147483648;
export const SPARK_INT_MAX = 2147483647;

/**
 * The number whose canonical decimal text is `s` — `0`, or an optional '-' and digits without a
 * leading zero — when it fits Spark's int; else null. `canonicalInt('42') = 42`;
 * `'042'`, `'+42'`, `'-0'`, `'42.0'`, `' 42'`, `'4e1'` and `'2147483648'` give null.
 */
export function canonicalInt(s: string): number | null {
  const n = s.length;
  if (n === 0 || n > 11) return null;
  let i = s.charCodeAt(0) === 45 ? 1 : 0;
  if (i === n) return null;
  const first = s.charCodeAt(i);
  if (first === 48) return n === 1 ? 0 : null; // '0' only; '-0' and '007' are not canonical
  let v = 0;
  for (; i < n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return null;
    v = v * 10 + d;
  }
  if (s.charCodeAt(0) === 45) v = -v;
  return v >= SPARK_INT_MIN && v <= SPARK_INT_MAX ? v : null;
}

/** The other representation of the same id text: 7 ↔ '7'; null when there is none ('007'). */
function otherForm(id: ExternalId): ExternalId | null {
  if (typeof id === 'number') return isSparkInt(id) && !Object.is(id, -0) ? String(id) : null;
  return canonicalInt(id);
}

/**
 * Canonical order of ids: numbers ascending, then strings by UTF-16 code units (JavaScript's
 * default string order). Fits number and string ids alike, whatever the order they were read in.
 */
export function compareIds(a: ExternalId, b: ExternalId): number {
  if (typeof a === 'number') return typeof b === 'number' ? a - b : -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True when `n` is an integer that Spark's IntegerType can hold. */
export function isSparkInt(n: number): boolean {
  return Number.isInteger(n) && n >= SPARK_INT_MIN && n <= SPARK_INT_MAX;
}

export class IdMap {
  /** 'int' while every id seen is a Spark int; 'string' once any id is a string. */
  kind: 'int' | 'string' = 'int';
  private readonly index = new Map<ExternalId, number>();
  private readonly externals: ExternalId[] = [];

  /** Builds a map holding `ids` in order (index i ↔ ids[i]); duplicate ids are an error. */
  static from(ids: Iterable<ExternalId>): IdMap {
    const map = new IdMap();
    for (const id of ids) {
      if (map.has(id)) throw new Error(`id map: duplicate id ${JSON.stringify(id)}`);
      map.add(id);
    }
    return map;
  }

  get size(): number {
    return this.externals.length;
  }

  has(id: ExternalId): boolean {
    return this.toIndex(id) >= 0;
  }

  /** Dense index of `id` (7 and '7' alike, see above), or -1 when the id is unknown. */
  toIndex(id: ExternalId): number {
    const i = this.index.get(id);
    if (i !== undefined) return i;
    const other = otherForm(id);
    const j = other === null ? undefined : this.index.get(other);
    return j === undefined ? -1 : j;
  }

  /** External id of dense index `i`. */
  toExternal(i: number): ExternalId {
    const id = this.externals[i];
    if (id === undefined) throw new RangeError(`id map: index ${i} out of range 0..${this.size - 1}`);
    return id;
  }

  /** Index of `id`, adding it at the end when new. Numbers must be Spark ints. */
  add(id: ExternalId): number {
    const known = this.toIndex(id);
    if (known >= 0) return known;
    if (typeof id === 'number') {
      if (!isSparkInt(id)) {
        throw new RangeError(
          `id map: id ${id} is not an integer in Spark's int range [${SPARK_INT_MIN}, ${SPARK_INT_MAX}]; ` +
            'map large or fractional ids to strings or to a dense range first',
        );
      }
    } else {
      this.kind = 'string';
    }
    const i = this.externals.length;
    this.externals.push(id);
    this.index.set(id, i);
    return i;
  }

  /** All external ids in index order (a copy). */
  ids(): ExternalId[] {
    return this.externals.slice();
  }

  /** Int32Array of the external ids when every id is an int (Spark's `id` column); else null. */
  intIds(): Int32Array | null {
    if (this.kind !== 'int') return null;
    return Int32Array.from(this.externals as number[]);
  }
}
