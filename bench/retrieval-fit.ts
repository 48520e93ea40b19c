/**
 * Real factor tables for the retrieval benchmark at catalogue scale: the power-law generator's
 * interactions (src/data/synthetic-power-law.ts) fitted by implicit ALS (CG), cached outside the
 * repository (~/.cache/alsrec/retrieval/<name>/, or $ALSREC_RETRIEVAL_CACHE) as raw little-endian
 * arrays: both factor tables, both id lists, and the training pairs as seen-lists per user (what
 * the lists must exclude). A second run with the same settings loads the cache (seconds).
 *
 *   node --import tsx bench/retrieval-fit.ts --users 1000000 --items 1000000 --nnz 20000000 \
 *       --rank 64 --max-iter 5 --exponent 1.0 --min-per-user 10
 *
 * Popularity exponent 1.0 (Zipf) rather than the generator's MovieLens default 1.5: at 1.5 and
 * 20M rows ~62 % of a 1M catalogue would get no interaction, hence no factors; at 1.0 ~3 %.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { ALS } from '../src/als/als.js';
import { ALSModel } from '../src/als/als-model.js';
import { resolveALSOptions } from '../src/als/options.js';
import { seenRows } from '../src/als/seen-rows.js';
import { IdMap } from '../src/data/id-map.js';
import { syntheticPowerLaw } from '../src/data/synthetic-power-law.js';
import type { SeenRows } from '../src/kernels/top-k.js';
import { useNodeThreads } from '../src/node-threads/kernel-thread-host.js';

export interface FitSpec {
  users: number;
  items: number;
  nnz: number;
  rank: number;
  maxIter: number;
  exponent: number;
  minPerUser: number;
  threads: number;
}

export interface CachedFit {
  model: ALSModel;
  seen: SeenRows;
  source: string;
  fitSeconds: number;
  dir: string;
}

export const cacheRoot = (): string => process.env.ALSREC_RETRIEVAL_CACHE ?? join(homedir(), '.cache', 'alsrec', 'retrieval');

export function fitName(s: FitSpec): string {
  return `pl-u${s.users}-i${s.items}-n${s.nnz}-e${s.exponent}-m${s.minPerUser}-r${s.rank}-it${s.maxIter}`;
}

/** Loads the cached fit for `spec`, fitting and caching it first when absent. */
export async function cachedFit(spec: FitSpec, log: (s: string) => void = () => undefined): Promise<CachedFit> {
  const dir = join(cacheRoot(), fitName(spec));
  if (!existsSync(join(dir, 'meta.json'))) await fitAndCache(spec, dir, log);
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { rank: number; source: string; fitSeconds: number };
  const i32 = (f: string) => { const b = readFileSync(join(dir, f)); return new Int32Array(b.buffer, b.byteOffset, b.byteLength / 4); };
  const f32 = (f: string) => { const b = readFileSync(join(dir, f)); return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4); };
  const model = new ALSModel({
    rank: meta.rank,
    userIds: IdMap.from(i32('user-ids.i32')),
    itemIds: IdMap.from(i32('item-ids.i32')),
    userFactors: f32('user-factors.f32'),
    itemFactors: f32('item-factors.f32'),
    options: resolveALSOptions({ rank: meta.rank, implicitPrefs: true }),
  });
  return { model, seen: { indptr: i32('seen-indptr.i32'), indices: i32('seen-indices.i32') }, source: meta.source, fitSeconds: meta.fitSeconds, dir };
}

async function fitAndCache(s: FitSpec, dir: string, log: (s: string) => void): Promise<void> {
  let t0 = performance.now();
  const train = syntheticPowerLaw({ numUsers: s.users, numItems: s.items, nnz: s.nnz, seed: 1, minPerUser: s.minPerUser, popularityExponent: s.exponent });
  log(`generated ${train.users.length.toLocaleString('en')} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  t0 = performance.now();
  const model = await new ALS({ rank: s.rank, implicitPrefs: true, maxIter: s.maxIter, regParam: 0.01, alpha: 1, seed: 1, numThreads: s.threads }).fit(train);
  const fitSeconds = (performance.now() - t0) / 1000;
  log(`fitted in ${fitSeconds.toFixed(1)} s: ${model.userIds.size} users, ${model.itemIds.size} items with factors`);
  const seen = seenRows(train, model.userIds, model.itemIds, 'user');
  const tmp = `${dir}.tmp-${process.pid}`;
  mkdirSync(tmp, { recursive: true });
  const put = (f: string, a: Int32Array | Float32Array) => writeFileSync(join(tmp, f), new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  put('user-ids.i32', model.userIds.intIds()!);
  put('item-ids.i32', model.itemIds.intIds()!);
  put('user-factors.f32', model.userFactors);
  put('item-factors.f32', model.itemFactors);
  put('seen-indptr.i32', seen.indptr);
  put('seen-indices.i32', seen.indices);
  const source =
    `implicit ALS fit (rank ${s.rank}, ${s.maxIter} iterations, CG, regParam 0.01, alpha 1) on power-law synthetic ` +
    `${s.users.toLocaleString('en')} users × ${s.items.toLocaleString('en')} items, ${train.users.length.toLocaleString('en')} rows ` +
    `(popularity exponent ${s.exponent}, ≥ ${s.minPerUser} items a user): ${model.itemIds.size.toLocaleString('en')} items with factors`;
  writeFileSync(join(tmp, 'meta.json'), JSON.stringify({ ...s, rank: model.rank, source, fitSeconds, rows: train.users.length, itemsWithFactors: model.itemIds.size, date: new Date().toISOString() }, null, 2));
  renameSync(tmp, dir);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const o = new Command('retrieval-fit')
    .option('--users <n>', 'users', Number, 1_000_000)
    .option('--items <n>', 'items', Number, 1_000_000)
    .option('--nnz <n>', 'rows', Number, 20_000_000)
    .option('--rank <n>', 'factors', Number, 64)
    .option('--max-iter <n>', 'ALS iterations', Number, 5)
    .option('--exponent <x>', 'item popularity exponent', Number, 1.0)
    .option('--min-per-user <n>', 'fewest items a user', Number, 10)
    .option('--threads <n>', 'fit threads', Number, 2)
    .parse()
    .opts<FitSpec>();
  useNodeThreads();
  const log = (s: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${s}\n`);
  const r = await cachedFit(o, log);
  log(`${r.source} (fit ${r.fitSeconds.toFixed(0)} s) at ${r.dir}; peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
}
