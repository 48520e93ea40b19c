/**
 * Scope 4 of the retrieval issue: recommendForAllUsers for 1M users × 1M items × 64 factors,
 * top 10, through an HNSW index, streamed to a CSV file; then recall@10 of the file's lists on a
 * 1,000-user sample against the exact top 10, and the process's peak RSS.
 *
 *   node --import tsx bench/retrieval-batch.ts --users 1000000 --items 1000000 --rank 64 --ef 160 \
 *       --graph bench/results/1m-64-ip.hnsw --out /tmp/recs-1m.csv
 *
 * Factors: the planted generator's recipe (bench/retrieval-data.ts; items drawn first, so the graph
 * `npm run bench -- --retrieval --cases 1m-64` wrote for the same seed fits and is reused).
 */
import { createReadStream, existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';
import { Command } from 'commander';
import { HNSW_DEFAULTS, loadHnswIndex, type HnswIndex } from '../src/io/hnsw-index.js';
import { buildIndex } from '../src/io/node-build-index.js';
import { useNodeThreads } from '../src/node-threads/kernel-thread-host.js';
import { streamRecommendations } from '../src/io/stream-recommendations.js';
import { factorChecksum } from '../src/retrieval/factor-checksum.js';
import { plantedFactors } from './retrieval-data.js';

const f = new Command('retrieval-batch')
  .option('--users <n>', 'users', Number, 1_000_000)
  .option('--items <n>', 'items', Number, 1_000_000)
  .option('--rank <n>', 'factors', Number, 64)
  .option('--ef <n>', 'HNSW ef', Number, 160)
  .option('--graph <file>', 'an HNSW graph of the same item factors to load instead of building one')
  .option('--out <file>', 'CSV output', '/tmp/alsrec-recs-1m.csv')
  .option('--sample <n>', 'users whose lists are checked against the exact top 10', Number, 1000)
  .parse()
  .opts<{ users: number; items: number; rank: number; ef: number; graph?: string; out: string; sample: number }>();

useNodeThreads();
const log = (s: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${s}\n`);
const threads = availableParallelism();
const { model } = plantedFactors(f.users, f.items, f.rank);
log(`factors ready: ${f.users} users × ${f.items} items × ${f.rank}`);
let t0 = performance.now();
let index: HnswIndex;
if (f.graph && existsSync(f.graph)) {
  const targets = { rows: model.itemFactors, rank: f.rank, metric: 'ip' as const, side: 'item' as const, checksum: factorChecksum(model.itemFactors, f.rank), numThreads: threads };
  index = loadHnswIndex(f.graph, targets, { ...HNSW_DEFAULTS, space: 'ip' });
  log(`graph loaded from ${f.graph} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
} else {
  index = (await buildIndex(model, { method: 'hnsw', hnsw: { space: 'ip' }, numThreads: threads })) as HnswIndex;
  log(`graph built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  if (f.graph) index.writeGraph(f.graph);
  else index.writeGraph(`${f.out}.graph.hnsw`);
}
index.tune(f.ef);

// recall first (so that a run cut by its time budget still has it): the index's lists for a
// sample of users against the exact top 10; the streamed file is checked against the same lists
const step = Math.floor(f.users / f.sample);
const sampleRows = Int32Array.from({ length: f.sample }, (_, j) => j * step);
t0 = performance.now();
const exact = await buildIndex(model, { method: 'exact', numThreads: threads });
const truth = await exact.searchAsync({ queries: model.userFactors, queryRows: sampleRows, k: 10 });
const approx = await index.searchAsync({ queries: model.userFactors, queryRows: sampleRows, k: 10 }, threads);
let hits = 0;
for (let j = 0; j < f.sample; j++) {
  const want = new Set(truth.indices.subarray(j * 10, j * 10 + 10));
  for (const t of approx.indices.subarray(j * 10, j * 10 + 10)) if (want.has(t)) hits++;
}
const recallAt10 = hits / (10 * f.sample);
log(`recall@10 on ${f.sample} users: ${recallAt10.toFixed(4)} (exact and approximate sample lists in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);

const partial = { users: f.users, items: f.items, rank: f.rank, ef: f.ef, threads, recallAt10, sample: f.sample, usersDone: 0, seconds: 0 };
process.on('SIGTERM', () => {
  process.stdout.write(JSON.stringify({ ...partial, cutByTimeBudget: true, usersPerSecond: partial.usersDone / partial.seconds, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }, null, 2) + '\n');
  process.exit(124);
});
t0 = performance.now();
let last = 0;
const r = await streamRecommendations(model, f.out, 10, {
  index,
  batch: 20_000,
  numThreads: threads,
  onProgress: (done, total) => {
    partial.usersDone = done;
    partial.seconds = (performance.now() - t0) / 1000;
    if (done - last >= 100_000 || done === total) {
      last = done;
      log(`${done} / ${total} users, ${partial.seconds.toFixed(0)} s (${(done / partial.seconds).toFixed(0)} users/s)`);
    }
  },
});
const batchSeconds = (performance.now() - t0) / 1000;
await index.close();
log(`streamed ${r.rows} rows for ${r.users} users in ${batchSeconds.toFixed(1)} s`);

// the file holds the same lists for the sample users
const wanted = new Map<string, number>();
sampleRows.forEach((row, j) => wanted.set(String(model.userIds.toExternal(row)), j));
const lists: number[][] = Array.from({ length: f.sample }, () => []);
const lines = createInterface({ input: createReadStream(f.out) });
let header = true;
for await (const line of lines) {
  if (header) {
    header = false;
    continue;
  }
  const c = line.indexOf(',');
  const j = wanted.get(line.slice(0, c));
  if (j !== undefined) lists[j]!.push(model.itemIds.toIndex(line.slice(c + 1, line.indexOf(',', c + 1))));
}
const sameAsIndex = lists.every((l, j) => l.length === 10 && l.every((t, r) => t === approx.indices[j * 10 + r]));
const peakMB = process.resourceUsage().maxRSS / 1024;
const result = { users: f.users, items: f.items, rank: f.rank, ef: f.ef, threads, rows: r.rows, batchSeconds, usersPerSecond: f.users / batchSeconds, recallAt10, sample: f.sample, fileMatchesIndexOnSample: sameAsIndex, peakRssMB: Math.round(peakMB) };
process.stdout.write(JSON.stringify(result, null, 2) + '\n');
