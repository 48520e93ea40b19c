/**
 * WASM SIMD kernels vs their TypeScript references, on the same inputs, on one thread; then ALS fits
 * on MovieLens 100k (if ALSREC_ML100K or /work/shared/data/ml-100k holds u.data) on 1 and 2 threads;
 * then thread scaling on synthetic 1M.
 *
 *   node --import tsx bench/kernels.ts            # everything
 *   node --import tsx bench/kernels.ts kernels    # kernels only
 *   node --import tsx bench/kernels.ts ml100k     # ML-100k fits only
 *   node --import tsx bench/kernels.ts scaling    # 1 vs 2 threads on synthetic 1M
 *
 * Times are the best of several runs (the machine is shared; the best run is the least disturbed).
 * The WASM wrappers used here copy their inputs into WASM memory on every call, so their times
 * include that copy (a fit keeps its data in WASM memory and copies nothing per call).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALS } from '../src/als/als.js';
import type { ALSOptions } from '../src/als/options.js';
import { buildCSR, type CSR } from '../src/data/csr.js';
import { IdMap } from '../src/data/id-map.js';
import type { Interactions } from '../src/data/interactions.js';
import { Random } from '../src/data/random.js';
import { gram } from '../src/kernels/gram.js';
import { topK } from '../src/kernels/top-k.js';
import { updateFactors, type UpdateParams } from '../src/kernels/update-factors.js';
import { gramWasm } from '../src/kernels/wasm/gram-wasm.js';
import { loadWasmKernels } from '../src/kernels/wasm/load-kernels.js';
import { topKWasm, topKWasmThreads } from '../src/kernels/wasm/top-k-wasm.js';
import { syntheticPowerLaw } from '../src/data/synthetic-power-law.js';
import { seenRows } from '../src/als/seen-rows.js';
import { updateFactorsWasm } from '../src/kernels/wasm/update-factors-wasm.js';
import { closeSharedPool } from '../src/kernels/pool/shared-pool.js';
import { useNodeThreads } from '../src/node-threads/kernel-thread-host.js';

useNodeThreads();

/** Best wall time in seconds of `fn` over `runs` runs, after one warm-up run. */
async function best(fn: () => unknown, runs: number): Promise<number> {
  await fn();
  let t = Infinity;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    await fn();
    t = Math.min(t, (performance.now() - t0) / 1000);
  }
  return t;
}

function factors(rng: Random, n: number, k: number): Float32Array {
  return Float32Array.from({ length: n * k }, () => rng.nextGaussian() * 0.3);
}

/** rows × cols with `perRow` random entries per row, ratings 1..5. */
function sparse(rng: Random, rows: number, cols: number, perRow: number): CSR {
  const n = rows * perRow;
  const r = Int32Array.from({ length: n }, (_, j) => Math.floor(j / perRow));
  const c = Int32Array.from({ length: n }, () => rng.nextInt(cols));
  const v = Float32Array.from({ length: n }, () => 1 + rng.nextInt(5));
  return buildCSR(r, c, v, rows, cols);
}

interface Row {
  kernel: string;
  shape: string;
  flops: number;
  ts: number;
  wasm: number;
}

async function kernels(): Promise<void> {
  const rng = new Random(1);
  const rows: Row[] = [];
  for (const k of [10, 64, 128]) {
    const n = 20000;
    const Y = factors(rng, n, k);
    const out = new Float64Array(k * k);
    rows.push({
      kernel: 'gram YᵀY',
      shape: `${n}×${k}`,
      flops: n * k * (k + 1),
      ts: await best(() => gram(Y, n, k, out), 3),
      wasm: await best(() => gramWasm(Y, n, k, out), 5),
    });
  }
  const variants: [string, Partial<UpdateParams>, number[]][] = [
    ['explicit Cholesky', { implicitPrefs: false }, [10, 64, 128]],
    ['implicit Cholesky', { implicitPrefs: true }, [10, 64, 128]],
    ['implicit CG (3 steps)', { implicitPrefs: true, solver: 'cg' }, [10, 64, 128]],
    ['explicit NNLS', { implicitPrefs: false, nonnegative: true }, [10, 32]],
  ];
  for (const [name, v, ranks] of variants) {
    for (const k of ranks) {
      const [numRows, numSrc, perRow] = [1000, 4000, 100];
      const block = sparse(rng, numRows, numSrc, perRow);
      const src = factors(rng, numSrc, k);
      const dst = factors(rng, numRows, k);
      const G = new Float64Array(k * k);
      gram(src, numSrc, k, G);
      const params: UpdateParams = { rank: k, regParam: 0.1, implicitPrefs: false, alpha: 1, nonnegative: false, solver: 'cholesky', cgSteps: 3, ...v };
      const nnz = numRows * perRow;
      const flops =
        params.solver === 'cg' ? 2 * 4 * (nnz * 2 * k + numRows * k * k) : 2 * (nnz * (k * (k + 1)) / 2 + numRows * (k ** 3 / 6 + k * k));
      rows.push({
        kernel: name,
        shape: `${numRows} rows × ${perRow}, k ${k}`,
        flops,
        ts: await best(() => updateFactors(block, src, dst.slice(), G, params, 0, numRows), 2),
        wasm: await best(() => updateFactorsWasm(block, src, dst.slice(), G, params, 0, numRows), 5),
      });
    }
  }
  for (const k of [10, 64, 128]) {
    const [nq, nt] = [2000, 10000];
    const input = { queries: factors(rng, nq, k), targets: factors(rng, nt, k), rank: k, k: 10 };
    rows.push({
      kernel: 'top-10 score tiles + heaps',
      shape: `${nq}×${nt}, k ${k}`,
      flops: 2 * nq * nt * k,
      ts: await best(() => topK(input), 1),
      wasm: await best(() => topKWasm(input), 3),
    });
  }
  console.log('| kernel | shape | TS s | TS GFLOP/s | WASM s | WASM GFLOP/s | speed-up |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    console.log(
      `| ${r.kernel} | ${r.shape} | ${r.ts.toFixed(4)} | ${(r.flops / r.ts / 1e9).toFixed(2)} | ${r.wasm.toFixed(4)} | ${(r.flops / r.wasm / 1e9).toFixed(2)} | ${(r.ts / r.wasm).toFixed(1)}× |`,
    );
  }
}

/** u.data: tab-separated user, item, rating, timestamp. */
function readMl100k(dir: string): Interactions {
  const lines = readFileSync(join(dir, 'u.data'), 'utf8').split('\n').filter((l) => l.length > 0);
  const userIds = new IdMap();
  const itemIds = new IdMap();
  const users = new Int32Array(lines.length);
  const items = new Int32Array(lines.length);
  const ratings = new Float32Array(lines.length);
  lines.forEach((line, j) => {
    const [u, i, r] = line.split('\t');
    users[j] = userIds.add(Number(u));
    items[j] = itemIds.add(Number(i));
    ratings[j] = Number(r);
  });
  return { users, items, ratings, userIds, itemIds };
}

async function ml100k(): Promise<void> {
  const dir = process.env.ALSREC_ML100K ?? '/work/shared/data/ml-100k';
  if (!existsSync(join(dir, 'u.data'))) {
    console.log(`ml100k: no u.data in ${dir}; set ALSREC_ML100K`);
    return;
  }
  const data = readMl100k(dir);
  const fits: [string, ALSOptions][] = [
    ['explicit rank 10', { rank: 10, regParam: 0.05 }],
    ['implicit rank 64 Cholesky', { rank: 64, implicitPrefs: true, regParam: 0.01, solver: 'cholesky' }],
    ['implicit rank 64 CG', { rank: 64, implicitPrefs: true, regParam: 0.01, solver: 'cg' }],
    ['implicit rank 128 Cholesky', { rank: 128, implicitPrefs: true, regParam: 0.01, solver: 'cholesky' }],
    ['implicit rank 128 CG', { rank: 128, implicitPrefs: true, regParam: 0.01, solver: 'cg' }],
  ];
  console.log(`\nML-100k (${data.users.length} ratings), 15 iterations, loss recorded each iteration; best of 3`);
  console.log('| fit | TS 1 thread s | WASM 1 thread s | WASM 2 threads s | WASM auto s |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const [name, o] of fits) {
    const time = (extra: ALSOptions) => best(() => new ALS({ maxIter: 15, ...o, ...extra }).fit(data), 3);
    const ts = o.rank === 10 ? (await time({ kernels: 'ts' })).toFixed(3) : '—';
    const w1 = await time({ numThreads: 1 });
    const w2 = await time({ numThreads: 2 });
    const auto = await time({});
    console.log(`| ${name} | ${ts} | ${w1.toFixed(3)} | ${w2.toFixed(3)} | ${auto.toFixed(3)} |`);
  }
}

/** Thread scaling of the fit and of top-K on synthetic 1M (6,000 × 4,000, power law), rank 64. */
async function scaling(): Promise<void> {
  const data = syntheticPowerLaw({ numUsers: 6000, numItems: 4000, nnz: 1_000_000, seed: 1 });
  console.log('\nsynthetic 1M (6,000 × 4,000), implicit, rank 64, 15 iterations; best of 2');
  console.log('| fit | WASM 1 thread s | WASM 2 threads s | speed-up |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const solver of ['cg', 'cholesky'] as const) {
    const time = (numThreads: number) =>
      best(() => new ALS({ rank: 64, maxIter: 15, implicitPrefs: true, regParam: 0.01, solver, numThreads }).fit(data), 2);
    const one = await time(1);
    const two = await time(2);
    console.log(`| ${solver} | ${one.toFixed(2)} | ${two.toFixed(2)} | ${(one / two).toFixed(2)}× |`);
  }
  const model = await new ALS({ rank: 64, maxIter: 15, implicitPrefs: true, regParam: 0.01 }).fit(data);
  const input = { queries: model.userFactors, targets: model.itemFactors, rank: 64, k: 10, seen: seenRows(data, model.userIds, model.itemIds, 'user') };
  const one = await best(() => topKWasmThreads(input, 1), 2);
  const two = await best(() => topKWasmThreads(input, 2), 2);
  console.log(`| top-10 for all users, seen excluded | ${one.toFixed(2)} | ${two.toFixed(2)} | ${(one / two).toFixed(2)}× |`);
}

const what = process.argv[2] ?? 'all';
if (!(await loadWasmKernels())) throw new Error('bench: the WASM kernels are not built; run npm run build:wasm');
if (what === 'all' || what === 'kernels') await kernels();
if (what === 'all' || what === 'ml100k') await ml100k();
if (what === 'all' || what === 'scaling') await scaling();
await closeSharedPool();
