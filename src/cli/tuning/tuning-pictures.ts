import { heatmapSpec, type HeatmapInput } from '../../report/heatmap-spec.js';
import { renderHtmlReport } from '../../report/html-report.js';
import { lossCurveSpec } from '../../report/loss-curve-spec.js';
import { specToSvg } from '../../report/render.js';
import { svgToPng } from '../../io/svg-to-png.js';
import { metricMatrix } from '../../tuning/metric-matrix.js';
import type { TuningResult } from '../../tuning/run-search.js';
import { describeParams } from '../../tuning/search-config.js';
import { UsageError } from '../cli-io.js';

/**
 * The heatmap of a search, as in Spark's and recommenders' tuning notebooks: the optimised metric
 * over the first two searched parameters (rows × cols, grid order), the best cell outlined. With a
 * third searched parameter each cell shows the best value over it (said in the title).
 */
export function tuningHeatmap(result: TuningResult): HeatmapInput {
  const m = metricMatrix(result);
  const axis = (a: { name: string; values: readonly unknown[] }) => ({
    name: a.name,
    values: a.values.map((v) => (typeof v === 'number' ? v : String(v))),
  });
  const protocol = result.kind === 'cross-validation' ? `${result.splits.length}-fold CV` : 'validation';
  const over = m.reducedOver.length > 0 ? `, best over ${m.reducedOver.join(', ')}` : '';
  return {
    rows: axis(m.rows),
    cols: axis(m.cols),
    metric: result.label,
    cells: m.cells,
    lowerIsBetter: !result.largerIsBetter,
    title: `${result.label} (${protocol}) by ${m.rows.name} × ${m.cols.name}${over}`,
  };
}

/** The file types of --heatmap and --report, for the up-front check of the outputs (output-paths.ts). */
export const HEATMAP_EXTENSIONS = { allowed: ['.svg', '.png'], what: 'the heatmap is written as SVG or PNG' } as const;
export const REPORT_EXTENSIONS = { allowed: ['.html', '.htm'], what: 'the report is a self-contained HTML page' } as const;

/** The heatmap as SVG text, and the bytes to write at `path`: SVG, or PNG when the path ends in .png. */
export async function heatmapFile(path: string, result: TuningResult): Promise<{ svg: string; data: string | Uint8Array }> {
  const svg = await specToSvg(heatmapSpec(tuningHeatmap(result)));
  const lower = path.toLowerCase();
  if (lower.endsWith('.png')) return { svg, data: svgToPng(svg, { scale: 2, background: 'white' }) };
  if (lower.endsWith('.svg')) return { svg, data: svg };
  throw new UsageError(`--heatmap ${path}: ${HEATMAP_EXTENSIONS.what}; give a name ending in .svg or .png`);
}


/**
 * The HTML report of a search: the options, every configuration's score (as the metrics table),
 * the timings, the heatmap and the training loss of the best model, refitted.
 */
export async function tuningReportHtml(
  result: TuningResult,
  context: { options: Record<string, unknown>; heatmapSvg?: string },
): Promise<string> {
  const metrics: Record<string, number> = { [`best ${result.label}`]: result.best.metric };
  for (const r of result.results) metrics[`${result.label} · ${describeParams(r.params)}`] = r.metrics[result.metric] ?? NaN;
  const timings: Record<string, number> = { search: result.seconds.search * 1000, 'refit of the best': result.seconds.refit * 1000 };
  for (const r of result.results) timings[`fit · ${describeParams(r.params)}`] = r.fitSeconds * 1000;
  const heatmapSvg = context.heatmapSvg ?? (await specToSvg(heatmapSpec(tuningHeatmap(result))));
  const pictures = [{ title: tuningHeatmap(result).title!, svg: heatmapSvg }];
  const losses = result.bestModel.summary.loss;
  if (losses.length > 0) {
    const series = [{ name: describeParams(result.best.params), losses }];
    pictures.push({ title: 'Training loss of the best configuration, refitted', svg: await specToSvg(lossCurveSpec({ series })) });
  }
  return renderHtmlReport({
    title: `alsrec tune — best ${describeParams(result.best.params)}`,
    createdAt: new Date(),
    options: { ...context.options, best: describeParams(result.best.params) },
    metrics,
    timings,
    pictures,
    recommendations: [],
    notes: [
      result.kind === 'cross-validation'
        ? `Each configuration was fitted on ${result.splits.length - 1} folds and scored on the remaining one, ${result.splits.length} times; the metric is the mean over the folds.`
        : 'Each configuration was fitted on the training rows and scored on the validation rows.',
      `The best configuration (${result.largerIsBetter ? 'largest' : 'smallest'} ${result.label}) was refitted on the full training data. Fit times are wall-clock seconds on a shared machine and vary from run to run.`,
    ],
  });
}
