import type { TopLevelSpec } from 'vega-lite';
import { escapeHtml } from '../report/html-escape.js';
import { specToSvg } from '../report/render.js';
import type { Recommender } from './recommender.js';
import { quantile } from './served-stats.js';

const WIDTH = 460;
const HEIGHT = 200;

function lineSpec(title: string, y: string, color: string, values: Record<string, unknown>[], yFormat = '.2%'): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'time', type: 'temporal', title: 'minute (UTC)', axis: { format: '%H:%M' } },
      y: { field: y, type: 'quantitative', title: y, axis: { format: yFormat } },
      color: { field: color, type: 'nominal', title: color, legend: { orient: 'bottom', columns: 2, labelLimit: 320 } },
    },
  } as TopLevelSpec;
}

/** The dashboard's data: per-minute CTR/conversion by source, latency percentiles, served quality, model history. */
export function dashboardData(rec: Recommender) {
  const rates: { time: number; source: string; ctr: number; conversion: number; impressions: number }[] = [];
  const latency: { time: number; series: string; ms: number }[] = [];
  for (const b of rec.stats.history()) {
    const time = b.minute * 60_000;
    for (const [source, imp] of b.impressions) {
      rates.push({ time, source, impressions: imp, ctr: (b.clicks.get(source) ?? 0) / imp, conversion: (b.conversions.get(source) ?? 0) / imp });
    }
    for (const [route, samples] of b.latencies) {
      latency.push({ time, series: `${route} p50`, ms: quantile(samples, 0.5) });
      latency.push({ time, series: `${route} p99`, ms: quantile(samples, 0.99) });
    }
  }
  const quality = [
    { metric: 'served coverage', value: rec.stats.coverage },
    { metric: 'diversity', value: Number.isNaN(rec.stats.diversity) ? 0 : rec.stats.diversity },
  ];
  return { rates, latency, quality, models: rec.history, ready: rec.readiness() };
}

/**
 * `GET /`: one self-contained HTML page (no script or style from elsewhere). The Vega-Lite charts
 * are rendered to SVG on the server (vega, renderer 'none'); the page reloads itself every 15 s.
 */
export async function renderDashboard(rec: Recommender): Promise<string> {
  const d = dashboardData(rec);
  const charts = await Promise.all([
    specToSvg(lineSpec('Click-through rate by source', 'ctr', 'source', d.rates)),
    specToSvg(lineSpec('Conversion rate by source', 'conversion', 'source', d.rates)),
    specToSvg(lineSpec('Latency percentiles (ms)', 'ms', 'series', d.latency, '.2f')),
    specToSvg({
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      title: 'Served catalogue coverage and diversity',
      width: WIDTH - 80,
      height: 80,
      data: { values: d.quality },
      mark: 'bar',
      encoding: {
        y: { field: 'metric', type: 'nominal', title: null },
        x: { field: 'value', type: 'quantitative', scale: { domain: [0, 1] }, axis: { format: '.0%' }, title: null },
      },
    } as TopLevelSpec),
  ]);
  const rows = d.models
    .map((m) => `<tr><td>${new Date(m.at).toISOString()}</td><td>${escapeHtml(m.kind)}</td><td><code>${escapeHtml(m.version)}</code></td></tr>`)
    .join('');
  const r = d.ready;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="15">
<title>alsrec serve</title><link rel="icon" href="data:,">
<style>
body{font:14px system-ui,sans-serif;margin:24px;color:#222}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(560px,1fr));gap:16px}
figure{margin:0;overflow:auto;padding:8px;border:1px solid #ddd;border-radius:6px}
table{border-collapse:collapse}td,th{padding:2px 10px;border-bottom:1px solid #eee;text-align:left}
</style></head><body>
<h1>alsrec serve</h1>
<p>Model <code>${escapeHtml(r.modelVersion)}</code> · cache ${r.ready ? 'complete' : 'building'} (${r.cachedUsers}/${r.users} users) ·
served coverage ${(rec.stats.coverage * 100).toFixed(1)}% · <a href="/metrics">/metrics</a> · <a href="/openapi.json">/openapi.json</a></p>
<div class="grid">${charts.map((svg) => `<figure class="chart">${svg}</figure>`).join('\n')}</div>
<h2>Model history</h2>
<table><thead><tr><th>at</th><th>event</th><th>version</th></tr></thead><tbody>${rows}</tbody></table>
</body></html>
`;
}
