/**
 * Writes a synthetic workload as CSV (`user,item,rating`, external ids), for timing `alsrec train`
 * end to end (reading included). Rows are streamed out in blocks: the file never sits in memory.
 *
 *   node --import tsx bench/make-csv.ts 25m /tmp/alsrec-25m.csv
 *   /usr/bin/time -v node dist/cli/main.js train /tmp/alsrec-25m.csv --out /tmp/m25 --implicit \
 *       --rank 64 --max-iter 15 --reg-param 0.01
 *
 * Write it outside the repository (it is ~300 MB for 25M rows).
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { syntheticPowerLaw } from '../src/data/synthetic-power-law.js';
import { SYNTHETIC_SEED, workload } from './workloads.js';

const BLOCK = 1 << 16;

async function main(): Promise<void> {
  const [id = '25m', path = `/tmp/alsrec-${id}.csv`] = process.argv.slice(2);
  const w = workload(id);
  if (!w.synthetic) throw new Error(`bench: make-csv writes synthetic workloads only (1m, 10m, 25m), got '${id}'`);
  let t = performance.now();
  const data = syntheticPowerLaw({ ...w.synthetic, seed: SYNTHETIC_SEED });
  const genSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const out = createWriteStream(path);
  out.write('user,item,rating\n');
  const n = data.users.length;
  for (let b = 0; b < n; b += BLOCK) {
    let s = '';
    const end = Math.min(n, b + BLOCK);
    // Dense index + 1 is the external id (see syntheticPowerLaw).
    for (let r = b; r < end; r++) s += `${data.users[r]! + 1},${data.items[r]! + 1},${data.ratings[r]!}\n`;
    if (!out.write(s)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const writeSeconds = (performance.now() - t) / 1000;
  process.stdout.write(
    `${path}: ${n} rows (${w.label}), generated in ${genSeconds.toFixed(2)} s, written in ${writeSeconds.toFixed(2)} s, ` +
      `peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB\n`,
  );
}

main().catch((e: Error) => {
  process.stderr.write(`${e.message}\n`);
  process.exit(1);
});
