import type { TopLevelSpec } from 'vega-lite';
import { formatG } from './format-g.js';
import { annotationColor, DARK_TEXT, LIGHT_TEXT, rampColor, VIRIDIS_STOPS } from './sequential-colors.js';

/** One axis of the grid: a parameter name and its values, in the order they are drawn. */
export interface HeatmapAxis {
  name: string;
  values: readonly (string | number)[];
}

export interface HeatmapInput {
  /** Drawn top to bottom (y). */
  rows: HeatmapAxis;
  /** Drawn left to right (x). */
  cols: HeatmapAxis;
  /** Name of the metric, used in the legend and the default title. */
  metric: string;
  /** `cells[r][c]` is the metric at rows.values[r] × cols.values[c]; NaN for a missing cell. */
  cells: readonly (readonly number[])[];
  /** true for errors such as RMSE: the best cell is then the smallest. Default false. */
  lowerIsBetter?: boolean;
  /** Default `${metric} by ${rows.name} × ${cols.name}`. */
  title?: string;
  /** Significant digits of the annotations, as in fmt='.4g'. Default 4. */
  digits?: number;
}

/** One record of the chart's data: a cell. */
export interface HeatmapCell {
  row: string;
  col: string;
  /** null where the input was not finite (the cell is left blank). */
  value: number | null;
  /** The annotation: value formatted like Python's '%.{digits}g'. */
  label: string;
  /** The best finite value of the grid (every cell that ties for it). */
  best: boolean;
  /** Annotation colour contrasting with the cell's fill. */
  textColor: string;
}

export const HEATMAP_CELL_WIDTH = 64;
export const HEATMAP_CELL_HEIGHT = 36;
/** Outline of the best cell: a red that stands out on every colour of viridis. */
export const BEST_CELL_STROKE = '#e8175d';

/**
 * The cells of an annotated heatmap, seaborn-style (`annot=True, fmt='.4g'`).
 *
 * Colour: t = (v − min)/(max − min), reversed when lower is better so that the best end of the
 * ramp (yellow) always means "good"; a grid of equal values sits at t = 0.5.
 */
export function heatmapCells(input: HeatmapInput): HeatmapCell[] {
  const { rows, cols, cells } = input;
  const rowLabels = axisLabels(rows, 'rows');
  const colLabels = axisLabels(cols, 'cols');
  if (cells.length !== rowLabels.length) {
    throw new RangeError(
      `heatmap: cells has ${cells.length} rows but rows.values has ${rowLabels.length} (${rows.name}); pass cells[row][col]`,
    );
  }
  cells.forEach((line, r) => {
    if (line.length !== colLabels.length) {
      throw new RangeError(
        `heatmap: cells[${r}] has ${line.length} values but cols.values has ${colLabels.length} (${cols.name}); pass cells[row][col]`,
      );
    }
  });
  const finite = cells.flat().filter(Number.isFinite);
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  const best = input.lowerIsBetter ? min : max;
  const digits = input.digits ?? 4;
  return cells.flatMap((line, r) =>
    line.map((v, c) => {
      const ok = Number.isFinite(v);
      const t = !ok ? 0 : max === min ? 0.5 : (v - min) / (max - min);
      return {
        row: rowLabels[r]!,
        col: colLabels[c]!,
        value: ok ? v : null,
        label: ok ? formatG(v, digits) : '',
        best: ok && v === best,
        textColor: annotationColor(rampColor(input.lowerIsBetter ? 1 - t : t)),
      };
    }),
  );
}

/**
 * A Vega-Lite annotated heatmap of `metric` over two parameters: one rect per cell on the viridis
 * ramp, each cell labelled with its value, the best cell outlined and its label bold.
 * Fixed cell size, so the same input always gives the same picture.
 */
export function heatmapSpec(input: HeatmapInput): TopLevelSpec {
  const data = heatmapCells(input);
  const finite = data.flatMap((d) => (d.value === null ? [] : [d.value]));
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  // A flat grid gets a unit-wide domain around its value, matching t = 0.5 in heatmapCells.
  const domain = finite.length === 0 ? [0, 1] : min === max ? [min - 0.5, max + 0.5] : [min, max];
  const range = input.lowerIsBetter ? [...VIRIDIS_STOPS].reverse() : [...VIRIDIS_STOPS];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: input.title ?? `${input.metric} by ${input.rows.name} × ${input.cols.name}`,
    data: { values: data as unknown as Record<string, unknown>[] },
    // Wide enough for the longest label ('0.0003555' at 12 px is ~62 px); 64 px for the usual ones.
    width: { step: Math.max(HEATMAP_CELL_WIDTH, 8 + 7.5 * Math.max(0, ...data.map((d) => d.label.length))) },
    height: { step: HEATMAP_CELL_HEIGHT },
    encoding: {
      x: {
        field: 'col',
        type: 'ordinal',
        sort: axisLabels(input.cols, 'cols'),
        title: input.cols.name,
        axis: { labelAngle: 0, orient: 'bottom' },
      },
      y: { field: 'row', type: 'ordinal', sort: axisLabels(input.rows, 'rows'), title: input.rows.name },
    },
    layer: [
      {
        mark: { type: 'rect' },
        encoding: {
          color: {
            field: 'value',
            type: 'quantitative',
            title: input.metric,
            scale: { domain, range, interpolate: 'rgb' },
          },
        },
      },
      {
        transform: [{ filter: 'datum.best' }],
        mark: { type: 'rect', fill: null, stroke: BEST_CELL_STROKE, strokeWidth: 3 },
      },
      {
        // One label per cell; bold on the best cell. (A nominal colour with `scale: null` beside
        // the quantitative colour of the rects crashes Vega-Lite 6's compiler, hence the condition.)
        mark: { type: 'text', fontSize: 12, fontWeight: { expr: "datum.best ? 'bold' : 'normal'" } },
        encoding: {
          text: { field: 'label', type: 'nominal' },
          color: { condition: { test: `datum.textColor === '${LIGHT_TEXT}'`, value: LIGHT_TEXT }, value: DARK_TEXT },
        },
      },
    ],
    config: {
      view: { stroke: null },
      axis: { grid: false, domain: false, ticks: false, labelFontSize: 11, titleFontSize: 12 },
    },
  };
}

function axisLabels(axis: HeatmapAxis, which: 'rows' | 'cols'): string[] {
  const labels = axis.values.map((v) => String(v));
  const seen = new Set<string>();
  for (const l of labels) {
    if (seen.has(l)) {
      throw new RangeError(`heatmap: ${which}.values (${axis.name}) repeats ${JSON.stringify(l)}; each value must be distinct`);
    }
    seen.add(l);
  }
  return labels;
}
