/**
 * Profile of one exact norm-pruned query on a cached real fit (bench/retrieval-fit.ts): how many
 * targets a query scores before the norm bound stops it, and what a call costs beyond scoring.
 *
 *   node --import tsx bench/retrieval-profile.ts --items 1000000 --rank 64 --queries 500
 */
import { Command } from 'commander';
import { buildIndex } from '../src/io/node-build-index.js';
import { useNodeThreads } from '../src/node-threads/kernel-thread-host.js';
import { cachedFit } from './retrieval-fit.js';

const o = new Command('retrieval-profile')
  .option('--items <n>', 'items (and users) of the cached fit', Number, 1_000_000)
  .option('--rank <n>', 'factors', Number, 64)
  .option('--queries <n>', 'query users', Number, 500)
  .parse()
  .opts<{ items: number; rank: number; queries: number }>();
useNodeThreads();
const fit = await cachedFit({ users: o.items, items: o.items, nnz: 20 * o.items, rank: o.rank, maxIter: 5, exponent: 1.0, minPerUser: 10, threads: 2 });
const { model, seen } = fit;
const rank = model.rank;
const Y = model.itemFactors;
const n = Y.length / rank;
const k = 10;
const step = Math.max(1, Math.floor(model.userIds.size / o.queries));
const rows = Int32Array.from({ length: o.queries }, (_, j) => j * step);
const exact = await buildIndex(model, { method: 'exact', numThreads: 1 });

// targets scored: the kernel's scan simulated in TypeScript (tiles of 256, stop test before a tile)
const norms = new Float64Array(n);
for (let r = 0; r < n; r++) { let s = 0; for (let a = 0; a < rank; a++) s += Y[r * rank + a]! ** 2; norms[r] = Math.sqrt(s); }
const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => norms[b]! - norms[a]! || a - b);
const slack = 1 + 64 / 8388608;
let scanned = 0;
const perQuery: number[] = [];
for (const row of rows) {
  const q = model.userFactors.subarray(row * rank, row * rank + rank);
  let qn = 0; for (const v of q) qn += v * v; qn = Math.sqrt(qn);
  const s = new Set(seen.indices.subarray(seen.indptr[row]!, seen.indptr[row + 1]!));
  const top: number[] = [];
  let p = 0;
  for (; p < n; p += 256) {
    if (top.length === k && top[k - 1]! > qn * norms[order[p]!]! * slack) break;
    for (let t = p; t < Math.min(n, p + 256); t++) {
      const i = order[t]!;
      if (s.has(i)) continue;
      let d = 0; for (let a = 0; a < rank; a++) d += q[a]! * Y[i * rank + a]!;
      top.push(d); top.sort((x, y) => y - x); if (top.length > k) top.pop();
    }
  }
  scanned += Math.min(p, n);
  perQuery.push(Math.min(p, n));
}
perQuery.sort((a, b) => a - b);
console.log(`targets ${n}, scanned per query: mean ${(scanned / rows.length).toFixed(0)}, median ${perQuery[perQuery.length >> 1]}, p90 ${perQuery[Math.floor(perQuery.length * 0.9)]}, max ${perQuery.at(-1)}`);

const one = new Int32Array(1);
const time = (label: string, f: (row: number) => void) => {
  for (let w = 0; w < 2; w++) for (const r of rows) f(r);
  const t0 = performance.now();
  let m = 0;
  for (let rep = 0; rep < 4; rep++) for (const r of rows) { f(r); m++; }
  const ms = (performance.now() - t0) / m;
  console.log(`${label}: ${(ms * 1000).toFixed(1)} µs/query (${(1000 / ms).toFixed(0)} q/s)`);
};
time('exact search, seen excluded', (r) => { one[0] = r; exact.search({ queries: model.userFactors, queryRows: one, k, seen }); });
time('exact search, no seen', (r) => { one[0] = r; exact.search({ queries: model.userFactors, queryRows: one, k }); });
const tiny = await buildIndex({ ...model, itemFactors: Y.subarray(0, 256 * rank) } as typeof model, { method: 'exact', numThreads: 1 }).catch(() => null);
if (tiny) time('exact search over 256 targets (fixed cost)', (r) => { one[0] = r; tiny.search({ queries: model.userFactors, queryRows: one, k, seen }); });
const buf = new Uint8Array(((n + 31) >> 5) * 4 * 32);
time(`memset of the seen bitmap block (${(buf.length / 2 ** 20).toFixed(1)} MB)`, () => buf.fill(0));
