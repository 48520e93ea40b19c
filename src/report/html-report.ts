import { escapeHtml } from './html-escape.js';
import { formatG } from './format-g.js';
import { inlineSvg } from './inline-svg.js';

export interface ReportPicture {
  title: string;
  /** A standalone SVG document, e.g. from `specToSvg`. */
  svg: string;
}

export interface ReportRecommendation {
  id: string | number;
  title?: string;
  score: number;
}

export interface ReportInput {
  title: string;
  /** When the run was made; a Date is written as ISO 8601 (UTC). */
  createdAt: string | Date;
  /** The run's options (ALS parameters, split, seed…), shown as a key/value table. */
  options: Readonly<Record<string, unknown>>;
  /** Metric name → value, e.g. { rmse: 0.91, 'ndcg@10': 0.42 }, shown with 4 significant digits. */
  metrics: Readonly<Record<string, number>>;
  /** Phase name → duration in milliseconds, e.g. { fit: 5120, evaluate: 830 }. */
  timings?: Readonly<Record<string, number>>;
  pictures: readonly ReportPicture[];
  /** Sample top-k lists: for each user, the items in rank order. */
  recommendations: readonly { user: string | number; items: readonly ReportRecommendation[] }[];
  /** Free text, one paragraph per string. */
  notes?: string | readonly string[];
}

/**
 * The HTML run report: one self-contained file with the options, the metrics table, the pictures
 * (SVG inlined) and sample recommendations with titles.
 *
 * Self-contained means: CSS inline, no script, no URL of its own; a Content-Security-Policy of
 * `default-src 'none'` makes the browser refuse any fetch, so the page looks the same offline.
 * All caller text is escaped, so a title like `<script>` shows as text.
 */
export function renderHtmlReport(input: ReportInput): string {
  const createdAt = input.createdAt instanceof Date ? input.createdAt.toISOString() : input.createdAt;
  const notes = input.notes === undefined ? [] : typeof input.notes === 'string' ? [input.notes] : input.notes;
  const sections = [
    section('Options', keyValueTable(Object.entries(input.options).map(([k, v]) => [k, showValue(v)]), 'option')),
    section('Metrics', keyValueTable(Object.entries(input.metrics).map(([k, v]) => [k, formatG(v)]), 'metric', true)),
    input.timings === undefined
      ? ''
      : section('Timings', keyValueTable(Object.entries(input.timings).map(([k, v]) => [k, `${formatG(v)} ms`]), 'phase', true)),
    input.pictures.length === 0 ? '' : section('Pictures', input.pictures.map(figure).join('\n')),
    input.recommendations.length === 0 ? '' : section('Sample recommendations', input.recommendations.map(userTable).join('\n')),
    notes.length === 0 ? '' : section('Notes', notes.map((n) => `<p>${escapeHtml(n)}</p>`).join('\n')),
  ];
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)}</title>
<link rel="icon" href="data:,">
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${escapeHtml(input.title)}</h1>
<p class="created">Created <time>${escapeHtml(createdAt)}</time></p>
</header>
<main>
${sections.filter((s) => s !== '').join('\n')}
</main>
</body>
</html>
`;
}

function section(heading: string, body: string): string {
  const id = heading.toLowerCase().replace(/\s+/g, '-');
  return `<section id="${id}">\n<h2>${escapeHtml(heading)}</h2>\n${body}\n</section>`;
}

function keyValueTable(rows: [string, string][], keyHeader: string, numeric = false): string {
  if (rows.length === 0) return '<p class="empty">none</p>';
  const body = rows
    .map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td${numeric ? ' class="num"' : ''}>${escapeHtml(v)}</td></tr>`)
    .join('\n');
  return `<table class="kv">\n<thead><tr><th scope="col">${keyHeader}</th><th scope="col">value</th></tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

function figure(picture: ReportPicture, index: number): string {
  // The scope keeps the ids of different pictures apart inside one page (see inlineSvg).
  const scope = `fig${index + 1}`;
  return `<figure id="${scope}">\n${inlineSvg(picture.svg, scope)}\n<figcaption>${escapeHtml(picture.title)}</figcaption>\n</figure>`;
}

function userTable(rec: ReportInput['recommendations'][number]): string {
  const rows = rec.items
    .map(
      (item, rank) =>
        `<tr><td class="num">${rank + 1}</td><td>${escapeHtml(String(item.id))}</td><td>${escapeHtml(item.title ?? '')}</td><td class="num">${escapeHtml(formatG(item.score))}</td></tr>`,
    )
    .join('\n');
  return `<table class="recs">\n<caption>user ${escapeHtml(String(rec.user))}</caption>\n<thead><tr><th scope="col">#</th><th scope="col">item</th><th scope="col">title</th><th scope="col">score</th></tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table>`;
}

/** Option values as a person reads them: strings bare, everything else as JSON. */
function showValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' || v === undefined) return String(v);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

const CSS = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --head: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1040px; padding: 24px; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--fg); background: #fff; }
h1 { font-size: 1.7em; margin: 0 0 4px; }
h2 { font-size: 1.25em; border-bottom: 1px solid var(--line); padding-bottom: 4px; margin-top: 32px; }
.created, .empty { color: var(--muted); margin: 0; }
table { border-collapse: collapse; margin: 8px 0 16px; }
th, td { border: 1px solid var(--line); padding: 4px 10px; text-align: left; vertical-align: top; }
thead th { background: var(--head); }
tbody th { font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.kv td { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.92em; word-break: break-word; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
#sample-recommendations { display: flex; flex-wrap: wrap; gap: 0 24px; align-items: flex-start; }
#sample-recommendations h2 { flex-basis: 100%; }
figure { margin: 16px 0; overflow-x: auto; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { color: var(--muted); font-size: 0.92em; margin-top: 4px; }
p { max-width: 75ch; }
`;
