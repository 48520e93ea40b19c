/**
 * A bijection between external ids (what the user's data calls a user or an item) and dense
 * indices 0..size-1 (what the kernels index factor rows with).
 *
 * Integer ids must fit Spark's `IntegerType` (−2³¹ … 2³¹−1) so a saved model stays loadable by
 * Spark; string ids are allowed for library users and are persisted beside the Spark files.
 */
export type ExternalId = number | string;

export const SPARK_INT_MIN = -2147483648;
export const SPARK_INT_MAX = 2147483647;

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
    return this.index.has(id);
  }

  /** Dense index of `id`, or -1 when the id is unknown. */
  toIndex(id: ExternalId): number {
    const i = this.index.get(id);
    return i === undefined ? -1 : i;
  }

  /** External id of dense index `i`. */
  toExternal(i: number): ExternalId {
    const id = this.externals[i];
    if (id === undefined) throw new RangeError(`id map: index ${i} out of range 0..${this.size - 1}`);
    return id;
  }

  /** Index of `id`, adding it at the end when new. Numbers must be Spark ints. */
  add(id: ExternalId): number {
    const known = this.index.get(id);
    if (known !== undefined) return known;
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
