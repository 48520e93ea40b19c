import type { GridAxis, ParamMap, ParamValue } from './param-grid.js';
import { bestIndex } from './tuning-metric.js';
import type { TuningResult } from './run-search.js';

/** A search's metric laid out over two of its parameters (what a heatmap draws). */
export interface MetricMatrix {
  rows: GridAxis;
  cols: GridAxis;
  /** cells[r][c]: the metric at rows.values[r] × cols.values[c]; NaN where no configuration was tried. */
  cells: number[][];
  /** Searched parameters not on an axis: each cell holds the best value over them. */
  reducedOver: string[];
}

/**
 * The parameters a list of configurations varies, in the key order of the first configuration
 * (paramGrid puts its axes first, sorted by name), each with its values in order of appearance.
 */
export function searchedAxes(configs: readonly ParamMap[]): GridAxis[] {
  const keys = new Set<string>();
  for (const c of configs) for (const k of Object.keys(c)) keys.add(k);
  const axes: GridAxis[] = [];
  for (const name of keys) {
    const values: ParamValue[] = [];
    for (const c of configs) if (name in c && !values.includes(c[name]!)) values.push(c[name]!);
    if (values.length > 1) axes.push({ name, values });
  }
  return axes;
}

/**
 * The optimised metric over two searched parameters: rows = the first searched parameter and
 * cols = the second unless named. With more than two, each cell keeps the best value over the
 * others (listed in `reducedOver`); with one, the matrix is a single row named after the metric.
 *
 *   grid rank [10, 20] × regParam [0.01, 0.1] → rows rank, cols regParam, cells[r][c] = rmse
 */
export function metricMatrix(result: TuningResult, rowKey?: string, colKey?: string): MetricMatrix {
  const configs = result.results.map((r) => r.params);
  const axes = searchedAxes(configs);
  const find = (name: string) => {
    const axis = axes.find((a) => a.name === name);
    if (!axis) {
      throw new RangeError(
        `metricMatrix: '${name}' is not a searched parameter; searched: ${axes.map((a) => a.name).join(', ') || 'none'}`,
      );
    }
    return axis;
  };
  if (axes.length === 0) throw new RangeError('metricMatrix: the search varies no parameter; there is nothing to lay out');
  const rowsAxis = rowKey !== undefined ? find(rowKey) : axes[0]!;
  const colsAxis = colKey !== undefined ? find(colKey) : axes.find((a) => a !== rowsAxis);
  if (colsAxis === rowsAxis) throw new RangeError(`metricMatrix: rows and cols are both '${rowsAxis.name}'; pick two different parameters`);
  const value = (j: number) => result.results[j]!.metrics[result.metric] ?? NaN;

  if (colsAxis === undefined) {
    const row = rowsAxis.values.map((v) => pick(configs, value, result.largerIsBetter, (c) => c[rowsAxis.name] === v));
    return { rows: { name: 'metric', values: [result.label] }, cols: rowsAxis, cells: [row], reducedOver: [] };
  }
  const cells = rowsAxis.values.map((rv) =>
    colsAxis.values.map((cv) =>
      pick(configs, value, result.largerIsBetter, (c) => c[rowsAxis.name] === rv && c[colsAxis.name] === cv),
    ),
  );
  const reducedOver = axes.filter((a) => a !== rowsAxis && a !== colsAxis).map((a) => a.name);
  return { rows: rowsAxis, cols: colsAxis, cells, reducedOver };
}

function pick(configs: readonly ParamMap[], value: (j: number) => number, largerIsBetter: boolean, match: (c: ParamMap) => boolean): number {
  const candidates: number[] = [];
  configs.forEach((c, j) => {
    if (match(c)) candidates.push(value(j));
  });
  const b = bestIndex(candidates, largerIsBetter);
  return b < 0 ? NaN : candidates[b]!;
}
