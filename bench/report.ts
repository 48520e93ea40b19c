/**
 * Prints the tables of one or more result files (later files win for a case run twice), e.g. to
 * merge a run of the small workloads with a later run of the large ones into docs/benchmarks.md:
 *
 *   node --import tsx bench/report.ts bench/results/ml100k.json bench/results/25m.json
 */
import { readFileSync } from 'node:fs';
import type { BenchReport } from './run.js';
import { renderTables } from './tables.js';

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: node --import tsx bench/report.ts <results.json>...\n');
  process.exit(2);
}
const reports = files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as BenchReport);
for (const [j, r] of reports.entries()) {
  const m = r.machineBefore;
  process.stdout.write(
    `- ${files[j]}: ${r.date}, \`${r.command}\`, ${m.cores} × ${m.cpu}, ${m.memoryGB} GB, Node ${m.node}, ` +
      `load ${m.load.join(' ')} before, ${r.machineAfter?.load.join(' ') ?? '?'} after\n`,
  );
}
process.stdout.write(
  '\n' + renderTables(reports.flatMap((r) => r.results.filter((x) => x.status !== 'skipped')), reports.flatMap((r) => r.peers ?? [])),
);
