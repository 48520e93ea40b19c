import { heatmapSpec } from '../../src/report/heatmap-spec.js';
import type { ReportInput } from '../../src/report/html-report.js';
import { lossCurveSpec } from '../../src/report/loss-curve-spec.js';
import { metricsAtKSpec } from '../../src/report/metrics-at-k-spec.js';
import { specToSvg } from '../../src/report/render.js';

let cached: Promise<ReportInput> | undefined;

/** A complete report input with made-up numbers and titles (no data set is read); built once. */
export function sampleReport(): Promise<ReportInput> {
  cached ??= buildSampleReport();
  return cached;
}

async function buildSampleReport(): Promise<ReportInput> {
  const heatmap = await specToSvg(
    heatmapSpec({
      rows: { name: 'rank', values: [10, 20] },
      cols: { name: 'regParam', values: [0.05, 0.1] },
      metric: 'RMSE',
      lowerIsBetter: true,
      cells: [[0.95, 0.93], [0.94, 0.92]],
    }),
  );
  const heatmap2 = await specToSvg(
    heatmapSpec({
      rows: { name: 'rank', values: [10, 20] },
      cols: { name: 'alpha', values: [1, 40] },
      metric: 'NDCG@10',
      cells: [[0.3, 0.35], [0.32, 0.4]],
    }),
  );
  const loss = await specToSvg(lossCurveSpec({ series: [{ name: 'train', losses: [900, 600, 500, 470, 460] }] }));
  const atK = await specToSvg(metricsAtKSpec({ series: { precision: [0.4, 0.3], recall: [0.1, 0.15], ndcg: [0.4, 0.36] } }));
  return {
    title: 'ALS run <script>alert("x")</script>',
    createdAt: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
    options: { rank: 10, regParam: 0.1, implicitPrefs: false, coldStartStrategy: 'drop', split: { ratio: 0.75, seed: 42 } },
    metrics: { rmse: 0.92634, mae: 0.72, 'ndcg@10': 0.40012 },
    timings: { fit: 1234.5, evaluate: 87.25 },
    pictures: [
      { title: 'RMSE by rank × regParam', svg: heatmap },
      { title: 'NDCG@10 by rank × alpha', svg: heatmap2 },
      { title: 'Training loss', svg: loss },
      { title: 'Ranking metrics at k', svg: atK },
    ],
    recommendations: [
      { user: 1, items: [{ id: 50, title: 'A Film & Its <Sequel>', score: 4.8123 }, { id: 7, score: 4.5 }] },
      { user: 'u-2', items: [{ id: 'i-9', title: "Someone's Story", score: 0.91 }] },
    ],
    notes: ['Made-up numbers for a test.'],
  };
}
