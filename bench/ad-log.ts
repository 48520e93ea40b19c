/**
 * The ad-log comparison (README "Event logs"): a seeded synthetic ad log (src/data/synthetic-ad-log.ts),
 * train on the events of the first 24 days, test on the clicks of the last 6; P@10 and NDCG@10 for
 * clicks-only binary vs the ad weights vs + scroll-past negatives vs + decay.
 *
 *   node --import tsx bench/ad-log.ts [--users 5000] [--ads 500] [--impressions 80] [--seed 1]
 */
import { syntheticAdLog } from '../src/data/synthetic-ad-log.js';
import { compareAdLogWeights } from '../src/events/ad-log-comparison.js';

const arg = (name: string, dflt: number) => {
  const j = process.argv.indexOf(`--${name}`);
  return j > 0 ? Number(process.argv[j + 1]) : dflt;
};
const opts = { numUsers: arg('users', 5000), numAds: arg('ads', 500), impressionsPerUser: arg('impressions', 80), seed: arg('seed', 1) };
const t0 = performance.now();
const log = syntheticAdLog(opts);
const r = await compareAdLogWeights(log);
console.log(`synthetic ad log: ${opts.numUsers} users × ${opts.numAds} ads, ${log.length} events (seed ${opts.seed}); ` +
  `train < day 24, test = ${r.testClicks} clicks after; ${r.users} users ranked; ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
console.log('| training data | pairs | P@10 | NDCG@10 |');
console.log('| --- | ---: | ---: | ---: |');
for (const row of r.rows) console.log(`| ${row.variant} | ${row.trainPairs} | ${row.precisionAtK.toFixed(4)} | ${row.ndcgAtK.toFixed(4)} |`);
