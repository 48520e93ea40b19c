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
// each run keeps its own exact baseline (same-run ratios only); a repeated case is labelled as a later run
const cases: RetrievalCase[] = [];
for (const file of cmd.args) {
  for (const c of (JSON.parse(readFileSync(file, 'utf8')) as { results: RetrievalCase[] }).results) {
    const runs = cases.filter((x) => x.name === c.name || x.name.startsWith(`${c.name} (run `)).length;
    cases.push(runs === 0 ? c : { ...c, name: `${c.name} (run ${runs + 1})` });
  }
}
process.stdout.write(renderRetrievalTables(cases));
const spec = recallSpec(cases);
if (specOut) writeFileSync(specOut, JSON.stringify(spec, null, 1) + '\n');
if (svg) writeFileSync(svg, await specToSvg(spec));
