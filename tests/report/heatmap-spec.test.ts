import { describe, expect, it } from 'vitest';
import {
  BEST_CELL_STROKE,
  heatmapCells,
  heatmapSpec,
  type HeatmapInput,
} from '../../src/report/heatmap-spec.js';
import { DARK_TEXT, LIGHT_TEXT } from '../../src/report/sequential-colors.js';

const grid: HeatmapInput = {
  rows: { name: 'rank', values: [10, 20] },
  cols: { name: 'regParam', values: [0.01, 0.1, 1] },
  metric: 'NDCG@10',
  cells: [
    [0.31234, 0.40012, 0.25],
    [0.35, 0.42345678, 0.2],
  ],
};

describe('heatmapCells(grid) lays out one annotated record per cell', () => {
  it('makes rows × cols records in row-major order with string labels for the axes', () => {
    const cells = heatmapCells(grid);
    expect(cells).toHaveLength(6);
    expect(cells.map((c) => `${c.row}/${c.col}`)).toEqual([
      '10/0.01', '10/0.1', '10/1', '20/0.01', '20/0.1', '20/1',
    ]);
  });

  it("annotates each cell with its value in '.4g'", () => {
    expect(heatmapCells(grid).map((c) => c.label)).toEqual(['0.3123', '0.4001', '0.25', '0.35', '0.4235', '0.2']);
  });

  it('marks the largest cell as best, or the smallest when lower is better', () => {
    expect(heatmapCells(grid).filter((c) => c.best).map((c) => c.label)).toEqual(['0.4235']);
    expect(heatmapCells({ ...grid, lowerIsBetter: true }).filter((c) => c.best).map((c) => c.label)).toEqual(['0.2']);
  });

  it('marks every cell that ties for best', () => {
    const tied = heatmapCells({ ...grid, cells: [[1, 3, 2], [3, 0, 1]] });
    expect(tied.filter((c) => c.best).map((c) => `${c.row}/${c.col}`)).toEqual(['10/0.1', '20/0.01']);
  });

  it('uses white text on the low (dark purple) end and dark text on the high (yellow) end', () => {
    const cells = heatmapCells(grid);
    const min = cells.find((c) => c.label === '0.2')!;
    const max = cells.find((c) => c.label === '0.4235')!;
    expect(min.textColor).toBe(LIGHT_TEXT);
    expect(max.textColor).toBe(DARK_TEXT);
    // Lower is better reverses the ramp: the smallest value is now on yellow.
    const reversed = heatmapCells({ ...grid, lowerIsBetter: true });
    expect(reversed.find((c) => c.label === '0.2')!.textColor).toBe(DARK_TEXT);
    expect(reversed.find((c) => c.label === '0.4235')!.textColor).toBe(LIGHT_TEXT);
  });

  it('leaves a non-finite cell blank and never best', () => {
    const cells = heatmapCells({ ...grid, cells: [[Number.NaN, 0.4, 0.25], [0.35, Infinity, 0.2]] });
    const blank = cells.filter((c) => c.value === null);
    expect(blank.map((c) => c.label)).toEqual(['', '']);
    expect(blank.some((c) => c.best)).toBe(false);
    expect(cells.filter((c) => c.best).map((c) => c.label)).toEqual(['0.4']);
  });

  it('rejects a cells matrix whose shape differs from the axes, naming both sizes', () => {
    expect(() => heatmapCells({ ...grid, cells: [[1, 2, 3]] })).toThrow(/cells has 1 rows but rows.values has 2 \(rank\)/);
    expect(() => heatmapCells({ ...grid, cells: [[1, 2, 3], [1, 2]] })).toThrow(/cells\[1\] has 2 values but cols.values has 3 \(regParam\)/);
  });

  it('rejects an axis that repeats a value (the cells would overlap)', () => {
    expect(() => heatmapCells({ ...grid, rows: { name: 'rank', values: [10, '10'] } })).toThrow(/rows.values \(rank\) repeats "10"/);
  });
});

describe('heatmapSpec(grid) is a Vega-Lite layered chart', () => {
  const spec = heatmapSpec(grid) as any;

  it('keeps the axes in the given order, columns on x and rows on y', () => {
    expect(spec.encoding.x).toMatchObject({ field: 'col', sort: ['0.01', '0.1', '1'], title: 'regParam' });
    expect(spec.encoding.y).toMatchObject({ field: 'row', sort: ['10', '20'], title: 'rank' });
  });

  it('has a colour layer, a best-cell outline layer and a text layer of the labels', () => {
    const [rects, outline, text] = spec.layer;
    expect(rects.mark.type).toBe('rect');
    expect(rects.encoding.color).toMatchObject({ field: 'value', type: 'quantitative', title: 'NDCG@10' });
    expect(outline.transform).toEqual([{ filter: 'datum.best' }]);
    expect(outline.mark).toMatchObject({ type: 'rect', stroke: BEST_CELL_STROKE });
    expect(text.mark.type).toBe('text');
    expect(text.encoding.text.field).toBe('label');
    expect(spec.data.values.map((d: { label: string }) => d.label)).toContain('0.4235');
  });

  it('spans the colour scale over the finite values, reversed when lower is better', () => {
    expect(spec.layer[0].encoding.color.scale.domain).toEqual([0.2, 0.42345678]);
    const reversed = heatmapSpec({ ...grid, lowerIsBetter: true }) as any;
    expect(reversed.layer[0].encoding.color.scale.range[0]).toBe(spec.layer[0].encoding.color.scale.range.at(-1));
  });

  it('gives a flat grid a unit domain around its value', () => {
    const flat = heatmapSpec({ ...grid, cells: [[2, 2, 2], [2, 2, 2]] }) as any;
    expect(flat.layer[0].encoding.color.scale.domain).toEqual([1.5, 2.5]);
  });

  it('titles the chart after the metric and the two parameters unless told otherwise', () => {
    expect(spec.title).toBe('NDCG@10 by rank × regParam');
    expect((heatmapSpec({ ...grid, title: 'Grid search' }) as any).title).toBe('Grid search');
  });

  it('widens the cells when a label would spill out of the default 64 px', () => {
    // '0.0003555' (9 characters at ~7.5 px) needs 8 + 67.5 = 75.5 px; '0.9327'-style labels fit 64.
    expect((heatmapSpec(grid) as any).width.step).toBe(64);
    const tiny = heatmapSpec({ ...grid, cells: [[0.0003555, 1, 2], [3, 4, 5]] }) as any;
    expect(tiny.width.step).toBeCloseTo(75.5, 6);
  });
});
