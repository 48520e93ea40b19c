/** A value one parameter can take in a grid: numbers for rank, regParam…, booleans for implicitPrefs. */
export type ParamValue = number | boolean | string;

/** One point of a grid: parameter name → value, e.g. { rank: 10, regParam: 0.1, maxIter: 15 }. */
export type ParamMap = Readonly<Record<string, ParamValue>>;

/**
 * A grid as written by hand: a list is a searched axis, a scalar is a fixed setting added to
 * every point. { rank: [10, 15, 20], regParam: [0.001, 0.1, 1.0], maxIter: 15 }.
 */
export type GridSpec = Readonly<Record<string, ParamValue | readonly ParamValue[]>>;

/** One searched axis of a grid: its name and values, in the order the grid visits them. */
export interface GridAxis {
  readonly name: string;
  readonly values: readonly ParamValue[];
}

/**
 * The points of a grid, with the semantics of Microsoft recommenders' `generate_param_grid`
 * (recommenders/tuning/parameter_sweep.py):
 *
 * - list-valued keys are the axes; they are sorted by name (code-point order, as Python's
 *   `sorted`), and the points are their cartesian product in `itertools.product` order: the
 *   LAST sorted axis varies fastest;
 * - scalar keys are added to every point.
 *
 *   paramGrid({ rank: [10, 20], regParam: [0.01, 0.1], maxIter: 15 }) →
 *     { rank: 10, regParam: 0.01, maxIter: 15 }, { rank: 10, regParam: 0.1, maxIter: 15 },
 *     { rank: 20, regParam: 0.01, maxIter: 15 }, { rank: 20, regParam: 0.1, maxIter: 15 }
 *
 * (recommenders' docstring draws the first key varying fastest; its code, followed here, varies the last.)
 *
 * Point j of a grid whose axes have n_0, …, n_{m−1} values takes value index
 * (⌊j / Π_{b>a} n_b⌋ mod n_a) on axis a. Each point lists its axes first (sorted), then the scalars.
 *
 * Departures, where recommenders fails obscurely: a grid with only scalars is one point (Python
 * raises from `zip`); an empty grid, an empty list, a repeated value in a list, a value that is not
 * a finite number, a boolean or a non-empty string, and an empty key are errors naming the key.
 */
export function paramGrid(spec: GridSpec): ParamMap[] {
  const axes = gridAxes(spec);
  const fixed = gridScalars(spec);
  const total = axes.reduce((n, a) => n * a.values.length, 1);
  const points: ParamMap[] = [];
  for (let j = 0; j < total; j++) {
    const point: Record<string, ParamValue> = {};
    let rest = j;
    for (let a = axes.length - 1; a >= 0; a--) {
      const { name, values } = axes[a]!;
      point[name] = values[rest % values.length]!;
      rest = Math.floor(rest / values.length);
    }
    const ordered: Record<string, ParamValue> = {};
    for (const { name } of axes) ordered[name] = point[name]!;
    points.push({ ...ordered, ...fixed });
  }
  return points;
}

/** The list-valued keys of a grid, sorted by name: the axes `paramGrid` multiplies. Validates the grid. */
export function gridAxes(spec: GridSpec): GridAxis[] {
  checkGrid(spec);
  return Object.keys(spec)
    .filter((k) => Array.isArray(spec[k]))
    .sort(byCodePoint)
    .map((name) => ({ name, values: spec[name] as readonly ParamValue[] }));
}

/** The scalar keys of a grid: settings shared by every point. Validates the grid. */
export function gridScalars(spec: GridSpec): Record<string, ParamValue> {
  checkGrid(spec);
  const out: Record<string, ParamValue> = {};
  for (const [k, v] of Object.entries(spec)) if (!Array.isArray(v)) out[k] = v as ParamValue;
  return out;
}

function checkGrid(spec: GridSpec): void {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    throw new TypeError(`paramGrid: the grid must be an object of name → value or list of values, got ${JSON.stringify(spec)}`);
  }
  const keys = Object.keys(spec);
  if (keys.length === 0) {
    throw new RangeError('paramGrid: the grid is empty; give at least one parameter, e.g. { rank: [10, 20] }');
  }
  for (const key of keys) {
    if (key === '') throw new RangeError('paramGrid: a parameter name is empty; name every key of the grid');
    const v = spec[key];
    if (!Array.isArray(v)) {
      checkValue(key, v, `'${key}'`);
      continue;
    }
    if (v.length === 0) {
      throw new RangeError(`paramGrid: '${key}' has an empty list of values; give at least one value or a scalar`);
    }
    const seen = new Set<ParamValue>();
    v.forEach((x, i) => {
      checkValue(key, x, `'${key}'[${i}]`);
      if (seen.has(x)) {
        throw new RangeError(`paramGrid: '${key}' lists ${JSON.stringify(x)} twice; each value of an axis must be distinct`);
      }
      seen.add(x);
    });
  }
}

function checkValue(key: string, v: unknown, where: string): void {
  const ok =
    (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean' || (typeof v === 'string' && v !== '');
  if (!ok) {
    const shown = typeof v === 'number' ? String(v) : JSON.stringify(v) ?? String(v);
    throw new TypeError(
      `paramGrid: ${where} is ${shown}; a value must be a finite number, a boolean or a non-empty string` +
        (Array.isArray(v) ? ` (lists do not nest: write ${key}: [a, b, c])` : ''),
    );
  }
}

/** Python's sorted() on str: by UTF-16 code unit here, which agrees with code points for BMP names. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
