/**
 * Merges `npm run bench -- --retrieval` result files into docs/benchmarks.md's material: the
 * Markdown tables on stdout and the recall-vs-QPS picture (Vega-Lite → SVG) at --svg.
 *
 *   node --import tsx bench/retrieval-plot.ts --svg docs/retrieval-recall-qps.svg a.json b.json …
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { specToSvg } from '../src/report/render.js';
import { recallSpec, renderRetrievalTables, type RetrievalCase } from './retrieval-report.js';

const cmd = new Command('retrieval-plot').option('--svg <file>', 'SVG output').option('--spec <file>', 'Vega-Lite JSON output').argument('<files...>').parse();
const { svg, spec: specOut } = cmd.opts<{ svg?: string; spec?: string }>();
const byName = new Map<string, RetrievalCase>();
for (const file of cmd.args) {
  for (const c of (JSON.parse(readFileSync(file, 'utf8')) as { results: RetrievalCase[] }).results) {
    const seen = byName.get(c.name);
    if (!seen) byName.set(c.name, c);
    else seen.methods.push(...c.methods.filter((m) => m.method !== 'exact')); // one exact baseline per case
  }
}
const cases = [...byName.values()];
process.stdout.write(renderRetrievalTables(cases));
const spec = recallSpec(cases);
if (specOut) writeFileSync(specOut, JSON.stringify(spec, null, 1) + '\n');
if (svg) writeFileSync(svg, await specToSvg(spec));
