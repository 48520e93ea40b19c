/**
 * Scope 4 of the retrieval issue: recommendForAllUsers for 1M users × 1M items × 64 factors,
 * top 10, training pairs excluded, through an HNSW index, streamed to a CSV file; recall@10 of the
 * index's lists on a 1,000-user sample against the exact top 10 (threaded WASM top-K), the file
 * checked against those lists, and the process's peak RSS.
 *
 *   node --import tsx bench/retrieval-batch.ts --users 1000000 --rank 64 --ef 40 --out /tmp/recs-1m.csv
 *
 * Factors: the real implicit fit cached by bench/retrieval-fit.ts (users = items = --users, 20 rows
 * a user); the graph `npm run bench -- --retrieval --cases 1m-64 --ef-construction 100` wrote for
 * it is reused (built here when missing). --source planted: last session's Gaussian factors.
 */
import { createReadStream, existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Command } from 'commander';
import { HNSW_DEFAULTS, loadHnswIndex, type HnswIndex } from '../src/io/hnsw-index.js';
import { buildIndex } from '../src/io/node-build-index.js';
import { useNodeThreads } from '../src/node-threads/kernel-thread-host.js';
import { streamRecommendations } from '../src/io/stream-recommendations.js';
import { factorChecksum } from '../src/retrieval/factor-checksum.js';
import type { SeenRows } from '../src/kernels/top-k.js';
import type { RetrievalIndex } from '../src/retrieval/retrieval-index.js';
import { plantedFactors } from './retrieval-data.js';
import { cachedFit, cacheRoot } from './retrieval-fit.js';
import { listRecall } from '../src/retrieval/list-recall.js';

const f = new Command('retrieval-batch')
  .option('--users <n>', 'users', Number, 1_000_000)
  .option('--items <n>', 'items', Number, 1_000_000)
  .option('--rank <n>', 'factors', Number, 64)
  .option('--ef <n>', 'HNSW ef', Number, 160)
  .option('--graph <file>', 'an HNSW graph of the same item factors to load instead of building one [the bench\'s graph in the cache]')
  .option('--source <s>', "'fit' (cached real fit) or 'planted'", 'fit')
  .option('--max-iter <n>', 'ALS iterations of the cached fit', Number, 5)
  .option('--ef-construction <n>', 'efConstruction of the graph', Number, 100)
  .option('--batch <n>', 'users per streamed batch', Number, 20_000)
  .option('--method <m>', "'hnsw', or 'exact' (the WASM top-K streamed the same way, for comparison)", 'hnsw')
  .option('--out <file>', 'CSV output', '/tmp/alsrec-recs-1m.csv')
  .option('--sample <n>', 'users whose lists are checked against the exact top 10', Number, 1000)
  .parse()
  .opts<{ users: number; items: number; rank: number; ef: number; graph?: string; out: string; sample: number; source: 'fit' | 'planted'; maxIter: number; efConstruction: number; batch: number; method: 'hnsw' | 'exact' }>();
if (f.method !== 'hnsw' && f.method !== 'exact') throw new Error(`retrieval-batch: --method must be 'hnsw' or 'exact', got '${f.method}'`);

useNodeThreads();
const log = (s: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${s}\n`);
const threads = availableParallelism();
const loadBefore = loadavg();
let seen: SeenRows | undefined;
let source: string;
const { model } = await (async () => {
  if (f.source === 'planted') {
    const p = plantedFactors(f.users, f.items, f.rank);
    source = p.source;
    return p;
  }
  const fit = await cachedFit({ users: f.users, items: f.users, nnz: 20 * f.users, rank: f.rank, maxIter: f.maxIter, exponent: 1.0, minPerUser: 10, threads }, log);
  seen = fit.seen;
  source = fit.source;
  return fit;
})();
f.items = model.itemIds.size;
f.graph ??= join(cacheRoot(), `${f.users >= 1e6 ? `${f.users / 1e6}m` : `${f.users / 1e3}k`}-${f.rank}-${f.source === 'planted' ? 'planted' : `fit-it${f.maxIter}`}-ip-efc${f.efConstruction}.hnsw`);
log(`factors ready: ${source!}`);
let t0 = performance.now();
let index: HnswIndex | RetrievalIndex;
if (f.method === 'exact') {
  index = await buildIndex(model, { method: 'exact', numThreads: threads });
  log(`exact index prepared in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
} else if (f.graph && existsSync(f.graph)) {
  const targets = { rows: model.itemFactors, rank: f.rank, metric: 'ip' as const, side: 'item' as const, checksum: factorChecksum(model.itemFactors, f.rank), numThreads: threads };
  index = loadHnswIndex(f.graph, targets, { ...HNSW_DEFAULTS, space: 'ip', efConstruction: f.efConstruction });
  log(`graph loaded from ${f.graph} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
} else {
  const built = (await buildIndex(model, { method: 'hnsw', hnsw: { space: 'ip', efConstruction: f.efConstruction }, numThreads: threads })) as HnswIndex;
  log(`graph built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  built.writeGraph(f.graph);
  index = built;
}
index.tune?.(f.ef);

// recall first (so that a run cut by its time budget still has it): the index's lists for a
// sample of users against the exact top 10; the streamed file is checked against the same lists
const step = Math.floor(f.users / f.sample);
const sampleRows = Int32Array.from({ length: f.sample }, (_, j) => j * step);
const exact = await buildIndex(model, { method: 'exact', numThreads: threads });
t0 = performance.now();
const truth = await exact.searchAsync({ queries: model.userFactors, queryRows: sampleRows, k: 10, seen });
const exactSeconds = (performance.now() - t0) / 1000;
const approx = await index.searchAsync({ queries: model.userFactors, queryRows: sampleRows, k: 10, seen }, threads);
const recallAt10 = listRecall(approx, truth);
const exactUsersPerSecond = f.sample / exactSeconds;
log(`recall@10 on ${f.sample} users: ${recallAt10.toFixed(4)}; exact top-10 (WASM, ${threads} threads) ${exactUsersPerSecond.toFixed(1)} users/s (a sample of scattered users, as one batch)`);

const partial = { users: f.users, items: f.items, rank: f.rank, ef: f.ef, threads, recallAt10, sample: f.sample, usersDone: 0, seconds: 0 };
process.on('SIGTERM', () => {
  process.stdout.write(JSON.stringify({ ...partial, cutByTimeBudget: true, usersPerSecond: partial.usersDone / partial.seconds, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }, null, 2) + '\n');
  process.exit(124);
});
t0 = performance.now();
let last = 0;
const r = await streamRecommendations(model, f.out, 10, {
  index,
  batch: f.batch,
  seen,
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
await index.close?.();
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
const result = { source: source!, method: f.method, users: f.users, items: f.items, rank: f.rank, ef: f.ef, threads, rows: r.rows, batchSeconds, usersPerSecond: f.users / batchSeconds, recallAt10, sample: f.sample, exactUsersPerSecond, fileMatchesIndexOnSample: sameAsIndex, peakRssMB: Math.round(peakMB), loadBefore, loadAfter: loadavg() };
process.stdout.write(JSON.stringify(result, null, 2) + '\n');
