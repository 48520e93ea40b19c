/**
 * Times the synthetic generator alone for one workload, in this process, with its peak RSS:
 *
 *   for w in 1m 10m 25m; do node --import tsx bench/generate.ts $w; done
 */
import { syntheticPowerLaw } from '../src/data/synthetic-power-law.js';
import { SYNTHETIC_SEED, workload } from './workloads.js';

const id = process.argv[2] ?? '1m';
const w = workload(id);
if (!w.synthetic) {
  process.stderr.write(`bench: generate times synthetic workloads only (1m, 10m, 25m), got '${id}'\n`);
  process.exit(1);
}
const rssStart = process.resourceUsage().maxRSS / 1024;
const t = performance.now();
const data = syntheticPowerLaw({ ...w.synthetic, seed: SYNTHETIC_SEED });
const seconds = (performance.now() - t) / 1000;
const counts = new Int32Array(data.userIds.size);
for (const u of data.users) counts[u]!++;
let min = Infinity;
let max = 0;
for (const c of counts) {
  min = Math.min(min, c);
  max = Math.max(max, c);
}
process.stdout.write(
  JSON.stringify({
    workload: id,
    rows: data.users.length,
    users: data.userIds.size,
    items: data.itemIds.size,
    itemsPerUser: { min, max, mean: data.users.length / data.userIds.size },
    seconds,
    rssStartMB: Math.round(rssStart),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  }) + '\n',
);
