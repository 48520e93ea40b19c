import { describe, expect, it } from 'vitest';
import { heatmapSpec, type HeatmapInput } from '../../src/report/heatmap-spec.js';
import { lossCurveSpec } from '../../src/report/loss-curve-spec.js';
import { metricsAtKSpec } from '../../src/report/metrics-at-k-spec.js';
import { renumberIds, specToSvg } from '../../src/report/render.js';
import { rampColor } from '../../src/report/sequential-colors.js';
import { markTags, markTexts, snapshotSvg } from './svg-snapshot.js';

// A made-up RMSE grid (not from any data set): rank × regParam, best (lowest) at rank 20, 0.1.
const rmseGrid: HeatmapInput = {
  rows: { name: 'rank', values: [5, 10, 20] },
  cols: { name: 'regParam', values: [0.01, 0.1, 1] },
  metric: 'RMSE',
  lowerIsBetter: true,
  cells: [
    [1.0234, 0.9712, 1.1],
    [1.05, 0.93412, 1.1],
    [1.12, 0.9271, 1.09],
  ],
};

describe('specToSvg renders a Vega-Lite spec headless', () => {
  it('draws the heatmap as one rect and one annotation per cell, row by row', async () => {
    const svg = await specToSvg(heatmapSpec(rmseGrid));
    expect(svg.startsWith('<svg')).toBe(true);
    expect(markTags(svg, 'layer_0_marks')).toHaveLength(9);
    expect(markTexts(svg, 'layer_2_marks')).toEqual([
      '1.023', '0.9712', '1.1', '1.05', '0.9341', '1.1', '1.12', '0.9271', '1.09',
    ]);
  });

  it('paints each cell with the colour rampColor gives, so the text colour matches the fill', async () => {
    const svg = await specToSvg(heatmapSpec(rmseGrid));
    const fills = markTags(svg, 'layer_0_marks').map((tag) => /fill="([^"]+)"/.exec(tag)![1]);
    // Lower is better: t = 1 − (v − min)/(max − min); min 0.9271 → t = 1 (yellow), max 1.12 → t = 0.
    const toRgb = (hex: string) =>
      `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
    expect(fills[7]).toBe(toRgb(rampColor(1)));
    expect(fills[6]).toBe(toRgb(rampColor(0)));
    const t = 1 - (1.05 - 0.9271) / (1.12 - 0.9271);
    const [r, g, b] = /rgb\((\d+), (\d+), (\d+)\)/.exec(fills[3]!)!.slice(1).map(Number);
    const want = rampColor(t);
    // Vega rounds the channels itself; allow one unit of difference.
    [r, g, b].forEach((c, i) => expect(Math.abs(c! - parseInt(want.slice(1 + 2 * i, 3 + 2 * i), 16))).toBeLessThanOrEqual(1));
  });

  it('outlines exactly the best cell and writes its label in bold', async () => {
    const svg = await specToSvg(heatmapSpec(rmseGrid));
    expect(markTags(svg, 'layer_1_marks')).toHaveLength(1);
    expect(markTags(svg, 'layer_1_marks')[0]).toContain('stroke="#e8175d"');
    const bold = markTags(svg, 'layer_2_marks').filter((t) => t.includes('font-weight="bold"'));
    expect(bold).toHaveLength(1);
    expect(bold[0]).toContain('label: 0.9271');
  });

  it('gives the same bytes for the same spec, however many charts were drawn before', async () => {
    const first = await specToSvg(heatmapSpec(rmseGrid));
    await specToSvg(heatmapSpec({ ...rmseGrid, metric: 'MAE' }));
    expect(await specToSvg(heatmapSpec(rmseGrid))).toBe(first);
    expect(first).toContain('id="gradient_0"');
  });

  it('matches the heatmap snapshot (numbers rounded to 2 decimals)', async () => {
    const svg = await specToSvg(heatmapSpec(rmseGrid));
    await expect(snapshotSvg(svg)).toMatchFileSnapshot('./golden/heatmap-rmse.svg');
  });

  it('matches the loss-curve snapshot', async () => {
    // Two series falling geometrically: 100·2^−i + 10 and 80·2^−i + 20, i = 0…5.
    const losses = (a: number, c: number) => Array.from({ length: 6 }, (_, i) => a * 2 ** -i + c);
    const spec = lossCurveSpec({ series: [{ name: 'rank 10', losses: losses(100, 10) }, { name: 'rank 20', losses: losses(80, 20) }] });
    const svg = await specToSvg(spec);
    expect(svg).toContain('>iteration</text>');
    await expect(snapshotSvg(svg)).toMatchFileSnapshot('./golden/loss-curve.svg');
  });

  it('matches the metrics-at-k snapshot', async () => {
    const spec = metricsAtKSpec({
      series: { precision: [0.5, 0.4, 0.3, 0.25], recall: [0.05, 0.1, 0.15, 0.2], ndcg: [0.5, 0.45, 0.4, 0.38] },
    });
    const svg = await specToSvg(spec);
    for (const name of ['precision', 'recall', 'ndcg']) expect(svg).toContain(`>${name}</text>`);
    await expect(snapshotSvg(svg)).toMatchFileSnapshot('./golden/metrics-at-k.svg');
  });
});

describe('renumberIds numbers ids per stem in order of appearance', () => {
  it('renames ids and their url() and href references together', () => {
    const svg = '<svg><linearGradient id="gradient_7"/><clipPath id="clip4"/><linearGradient id="gradient_3"/>'
      + '<rect fill="url(#gradient_3)" clip-path="url(#clip4)"/><use href="#gradient_7"/></svg>';
    expect(renumberIds(svg)).toBe(
      '<svg><linearGradient id="gradient_0"/><clipPath id="clip0"/><linearGradient id="gradient_1"/>'
        + '<rect fill="url(#gradient_1)" clip-path="url(#clip0)"/><use href="#gradient_0"/></svg>',
    );
  });

  it('leaves an SVG without ids unchanged', () => {
    expect(renumberIds('<svg><rect/></svg>')).toBe('<svg><rect/></svg>');
  });
});

describe('snapshotSvg rounds decimals and splits tags', () => {
  it('rounds to 2 places and puts each tag on a line', () => {
    expect(snapshotSvg('<g transform="translate(10.123456,-0.0001)"><text>0.9271</text></g>')).toBe(
      '<g transform="translate(10.12,0)">\n<text>0.93</text>\n</g>\n',
    );
  });
});
