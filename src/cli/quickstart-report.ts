import type { ALSModel } from '../als/als-model.js';
import type { Recommendations } from '../als/recommendations.js';
import type { RankingMetrics } from '../eval/ranking-metrics.js';
import { renderHtmlReport } from '../report/html-report.js';
import { lossCurveSpec } from '../report/loss-curve-spec.js';
import { metricsAtKSpec } from '../report/metrics-at-k-spec.js';
import { specToSvg } from '../report/render.js';

export interface RunReportInput {
  title: string;
  options: Record<string, unknown>;
  metrics: Record<string, number>;
  timingsMs: Record<string, number>;
  model: ALSModel;
  recommendations: Recommendations;
  /** Ranking metrics at k = 1 … K, for the metrics-against-k picture. */
  byK: RankingMetrics[];
  titles: Map<number, string>;
  /** How many users' lists to show. */
  samples: number;
  notes?: string[];
}

/** The quickstart's HTML run report: options, metrics, timings, loss curve, metrics@k, sample lists. */
export async function quickstartReport(input: RunReportInput): Promise<string> {
  const { model, recommendations: recs, byK } = input;
  const pictures = [];
  if (model.summary.loss.length > 0) {
    pictures.push({ title: 'Training loss per iteration', svg: await specToSvg(lossCurveSpec({ series: [{ name: 'ALS', losses: model.summary.loss }], logScale: true })) });
  }
  pictures.push({
    title: 'Ranking metrics against k',
    svg: await specToSvg(
      metricsAtKSpec({
        series: { precision: byK.map((m) => m.precisionAtK), recall: byK.map((m) => m.recallAtK), NDCG: byK.map((m) => m.ndcgAtK) },
      }),
    ),
  });
  const recommendations = [];
  for (let j = 0; j < Math.min(input.samples, recs.length); j++) {
    const list = recs.list(j);
    recommendations.push({
      user: recs.queryId(j),
      items: Array.from(list, (row, r) => {
        const id = recs.targetIds.toExternal(row);
        return { id, title: input.titles.get(Number(id)), score: recs.scores[j * recs.k + r]! };
      }),
    });
  }
  return renderHtmlReport({
    title: input.title,
    createdAt: new Date(),
    options: input.options,
    metrics: input.metrics,
    timings: input.timingsMs,
    pictures,
    recommendations,
    notes: input.notes,
  });
}
