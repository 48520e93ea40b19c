/**
 * `npm run bench -- --retrieval`: exact WASM top-K against norm-scan, IVF, LSH and HNSW on factor tables of 100k
 * and 1M items × 64 / 128 factors — build time, index memory, recall@10 against the exact top 10
 * (training pairs excluded where the factors come from a fit), queries/s on one thread (one query
 * at a time, as a service asks) and on all cores (a batch), and the recall/throughput curve over
 * each method's main knob (norm-scan cosine c; IVF lists probed; LSH probes per table for a few tables × bits; HNSW
 * ef), and the exact kernel without its norm stop for context. Writes JSON and
 * prints Markdown tables and the Vega-Lite recall-vs-QPS spec (docs/benchmarks.md, "Retrieval").
 *
 *   npm run bench -- --retrieval                              # 100k-64, 100k-128, 1m-64
 *   npm run bench -- --retrieval --cases 100k-64 --queries 300
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { seenRows } from '../src/als/seen-rows.js';
import type { SeenRows, TopKResult } from '../src/kernels/top-k.js';
import { HNSW_DEFAULTS, HnswIndex, loadHnswIndex } from '../src/io/hnsw-index.js';
import { factorChecksum } from '../src/retrieval/factor-checksum.js';
import { estimateExactScan } from '../src/retrieval/scan-estimate.js';
import { listRecall } from '../src/retrieval/list-recall.js';
import { buildIndex } from '../src/io/node-build-index.js';
import { useNodeThreads } from '../src/node-threads/kernel-thread-host.js';
import type { IndexOptions } from '../src/retrieval/build-index.js';
import type { RetrievalIndex } from '../src/retrieval/retrieval-index.js';
import { loadWasmKernels } from '../src/kernels/wasm/load-kernels.js';
import { PreparedTopK } from '../src/kernels/wasm/top-k-prepared.js';
import { machine } from './machine.js';
import { mlShapedFactors, plantedFactors, type RetrievalData } from './retrieval-data.js';
import { cachedFit, cacheRoot } from './retrieval-fit.js';
import { recallSpec, renderRetrievalTables, type RetrievalCase, type CurvePoint } from './retrieval-report.js';

const HERE = dirname(fileURLToPath(import.meta.url));

interface Flags {
  cases: string;
  queries: number;
  source: 'auto' | 'fit' | 'planted' | 'ml-shaped';
  ml100k?: string;
  seconds: number;
  out?: string;
  lsh: string;
  ef: string;
  transform: boolean;
  hnsw: boolean;
  graphDir: string;
  efConstruction: number;
  reuseGraph: boolean;
  maxIter: number;
  buildOnly: boolean;
  spaces: string;
  normScan: string;
  fullScan: boolean;
  ivf: string;
  probes: string;
  mlNoise: number;
  mlMix: number;
  auto: boolean;
}

export async function runRetrievalBench(argv: string[]): Promise<void> {
  useNodeThreads();
  const f = new Command('bench --retrieval')
    .option('--cases <list>', 'items-rank cases: <n>k-<rank> or <n>m-<rank>, e.g. 100k-64, 300k-64, 1m-64, 1m-128', '100k-64,1m-64')
    .option('--queries <n>', 'query users sampled (recall and throughput)', (v) => Number.parseInt(v, 10), 1000)
    .option('--source <s>', "factors: 'fit' (a real implicit ALS fit, cached: bench/retrieval-fit.ts), 'planted' (Gaussian), 'ml-shaped' (ML-100k fit's item rows + noise, bench/retrieval-data.ts), 'auto' (= fit)", 'auto')
    .option('--ml100k <dir>', "MovieLens 100k directory for --source ml-shaped (default $ALSREC_ML100K)")
    .option('--ml-noise <x>', 'ml-shaped: relative size of the noise added to each real row', Number, 0.5)
    .option('--ml-mix <n>', 'ml-shaped: real rows blended into each item (1: copies of one row plus noise)', (v) => Number.parseInt(v, 10), 1)
    .option('--no-auto', "leave out what buildIndex's 'auto' chooses on these factors")
    .option('--max-iter <n>', 'ALS iterations of the fit', (v) => Number.parseInt(v, 10), 5)
    .option('--seconds <s>', 'time cap of each single-query throughput loop', (v) => Number(v), 5)
    .option('--lsh <list>', "LSH tables×bits configurations, or 'none'", '16x12,32x14,64x16')
    .option('--no-hnsw', 'leave HNSW out')
    .option('--norm-scan <list>', "norm-scan cosines c (1 = exact), or 'none'", '1,0.9,0.8,0.7,0.6,0.5,0.4,0.3,0.2,0.1')
    .option('--ivf <list>', "IVF list counts L (k-means clusters), or 'none'", '1000,4000')
    .option('--probes <list>', 'IVF lists probed per query (the curve)', '1,2,4,8,16,32,64,128,256')
    .option('--no-full-scan', 'leave out the unpruned exact scan (every target scored; for context)')
    .option('--ef <list>', 'HNSW ef values', '10,20,40,80,160,320,640')
    .option('--transform', "also an HNSW graph on the MIPS→cosine transform (space 'transform')", true)
    .option('--no-transform', "HNSW on raw inner products only")
    .option('--spaces <list>', "HNSW spaces: 'ip', 'transform' or both (--no-transform drops 'transform')", 'ip,transform')
    .option('--ef-construction <n>', 'HNSW efConstruction', (v) => Number.parseInt(v, 10), 200)
    .option('--reuse-graph', 'load <graph-dir>/<case>-<space>.hnsw when it exists (same seed, same factors) instead of building', false)
    .option('--build-only', 'only build and write the HNSW graphs (then measure with --reuse-graph, e.g. under the bench lock)', false)
    .option('--graph-dir <dir>', 'where the HNSW graphs are written (<case>-<source>-<space>-efc<n>.hnsw)', cacheRoot())
    .option('--out <file>', 'JSON results (default bench/results/retrieval-<date>.json)')
    .parse(argv, { from: 'user' })
    .opts<Flags>();
  const before = machine();
  const results: RetrievalCase[] = [];
  const out = f.out ?? join(HERE, 'results', `retrieval-${new Date().toISOString().slice(0, 16).replace(/:/g, '')}.json`);
  mkdirSync(dirname(out), { recursive: true });
  for (const spec of f.cases.split(',')) {
    const m = /^(\d+)(k|m)-(\d+)$/.exec(spec.trim());
    if (!m) throw new Error(`bench --retrieval: case must look like 100k-64 or 1m-128, got '${spec}'`);
    const numItems = Number(m[1]) * (m[2] === 'm' ? 1_000_000 : 1_000);
    const rank = Number(m[3]);
    const useFit = f.source === 'fit' || f.source === 'auto';
    log(`${spec}: preparing ${useFit ? 'a fit (or its cache)' : `${f.source} factors`}`);
    const ml = f.ml100k ?? process.env.ALSREC_ML100K;
    if (f.source === 'ml-shaped' && !ml) throw new Error('bench --retrieval: --source ml-shaped needs --ml100k <dir> or $ALSREC_ML100K');
    const data: RetrievalData = useFit
      ? await cachedFit({ users: numItems, items: numItems, nnz: 20 * numItems, rank, maxIter: f.maxIter, exponent: 1.0, minPerUser: 10, threads: availableParallelism() }, log)
      : f.source === 'ml-shaped'
        ? await mlShapedFactors(ml!, numItems, rank, f.mlNoise, 1, f.mlMix)
        : plantedFactors(Math.max(f.queries, 10_000), numItems, rank);
    const result = await runCase(spec, data, f);
    // its own table beside the fit's of the same size
    if (f.source === 'ml-shaped') result.name = `${spec} ml-shaped${f.mlMix > 1 ? ` mix ${f.mlMix}` : ''}${f.mlNoise !== 0.5 ? ` noise ${f.mlNoise}` : ''}`;
    if (f.source === 'planted') result.name = `${spec} planted`;
    results.push(result);
    writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), machineBefore: before, machineAfter: machine(), command: `npm run bench -- --retrieval ${argv.join(' ')}`, results }, null, 2));
  }
  if (f.buildOnly) {
    log(`graphs written; results: ${out}`);
    return;
  }
  process.stdout.write(renderRetrievalTables(results));
  process.stdout.write('\n```json\n' + JSON.stringify(recallSpec(results), null, 1) + '\n```\n');
  log(`results: ${out}`);
}

async function runCase(name: string, data: RetrievalData, f: Flags): Promise<RetrievalCase> {
  const { model } = data;
  const cores = availableParallelism();
  const numUsers = model.userIds.size;
  const step = Math.max(1, Math.floor(numUsers / f.queries));
  const queryRows = Int32Array.from({ length: Math.min(f.queries, numUsers) }, (_, j) => j * step);
  const seen: SeenRows | undefined = data.seen ?? (data.train ? seenRows(data.train, model.userIds, model.itemIds, 'user') : undefined);
  const queries = model.userFactors;
  const k = 10;
  const c: RetrievalCase = { name, items: model.itemIds.size, rank: model.rank, source: data.source, fitSeconds: data.fitSeconds, queries: queryRows.length, methods: [] };

  if (f.buildOnly) return buildGraphs(name, data, f);
  // exact: the truth, and the baseline
  let t0 = performance.now();
  const exact = await buildIndex(model, { method: 'exact', numThreads: cores });
  const exactBuild = seconds(t0);
  c.exactScan = estimateExactScan(exact, model.itemFactors, queries, model.rank);
  const truth = exact.search({ queries, queryRows, k, seen });
  singleQueryQps(exact, queries, queryRows, seen, k, 1); // warm-up: the first pass over fresh WASM memory and the JIT would count against exact alone
  const exactQps1 = singleQueryQps(exact, queries, queryRows, seen, k, f.seconds);
  const exactQpsAll = await batchQps(exact, queries, queryRows, seen, k, cores);
  c.methods.push({ method: 'exact', config: 'WASM, norm-pruned', buildSeconds: exactBuild, memoryMB: mb(exact.memoryBytes), curve: [{ knob: 0, recall: 1, qps1: exactQps1, qpsAll: exactQpsAll }] });
  log(`${name} exact: ${exactQps1.toFixed(0)} q/s on 1 thread, ${exactQpsAll.toFixed(0)} on ${cores}`);

  // norm-scan: the exact scan's own norm order with the stop relaxed by c, the curve over c
  if (f.normScan !== 'none') {
    t0 = performance.now();
    const scan = await buildIndex(model, { method: 'norm-scan', numThreads: cores });
    const build = seconds(t0);
    const curve: CurvePoint[] = [];
    for (const c of f.normScan.split(',').map(Number)) {
      scan.tune!(c);
      const p = measure(scan, c, queries, queryRows, seen, k, truth, f.seconds);
      p.qpsAll = await batchQps(scan, queries, queryRows, seen, k, cores);
      curve.push(p);
      log(`${name} norm-scan c ${c}: recall ${p.recall.toFixed(3)}, ${p.qps1.toFixed(0)} q/s on 1 thread (${(p.qps1 / exactQps1).toFixed(2)}× exact), ${p.qpsAll!.toFixed(0)} on ${cores}`);
    }
    c.methods.push({ method: 'norm-scan', config: 'WASM, stop at c·‖q‖·‖y‖ < K-th score', buildSeconds: build, memoryMB: mb(scan.memoryBytes), curve });
  }

  // IVF: k-means lists, the curve over the lists probed
  for (const lists of f.ivf === 'none' ? [] : f.ivf.split(',').map(Number)) {
    t0 = performance.now();
    const ivf = await buildIndex(model, { method: 'ivf', ivf: { lists }, numThreads: cores });
    const build = seconds(t0);
    log(`${name} ivf ${lists} lists: built in ${build.toFixed(1)} s`);
    const curve: CurvePoint[] = [];
    for (const probes of f.probes.split(',').map(Number).filter((p) => p <= lists)) {
      ivf.tune!(probes);
      const p = measure(ivf, probes, queries, queryRows, seen, k, truth, f.seconds);
      p.qpsAll = await batchQps(ivf, queries, queryRows, seen, k, cores);
      curve.push(p);
      log(`${name} ivf ${lists} probes ${probes}: recall ${p.recall.toFixed(3)}, ${p.qps1.toFixed(0)} q/s on 1 thread (${(p.qps1 / exactQps1).toFixed(2)}× exact), ${p.qpsAll!.toFixed(0)} on ${cores}`);
      if (p.recall >= 0.999) break;
    }
    c.methods.push({ method: 'ivf', config: `${lists} lists (k-means, ${ivf.params.iterations} iterations on ${ivf.params.sampleSize} rows)`, buildSeconds: build, memoryMB: mb(ivf.memoryBytes), curve });
  }

  // what 'auto' chooses here (the service's default), measured like the rest
  if (f.auto) {
    t0 = performance.now();
    const auto = await buildIndex(model, { method: 'auto', numThreads: cores });
    const build = seconds(t0);
    const p = measure(auto, Number(auto.params.probes ?? 0), queries, queryRows, seen, k, truth, f.seconds);
    p.qpsAll = await batchQps(auto, queries, queryRows, seen, k, cores);
    const what = auto.method === 'ivf' ? `ivf, ${auto.params.lists} lists, ${auto.params.probes} probed (recall ${Number(auto.params.calibratedRecall).toFixed(3)} on ${auto.params.calibrationQueries} calibration queries)` : auto.method;
    log(`${name} auto → ${what}: built in ${build.toFixed(1)} s; recall ${p.recall.toFixed(3)}, ${p.qps1.toFixed(0)} q/s on 1 thread (${(p.qps1 / exactQps1).toFixed(2)}× exact), ${p.qpsAll!.toFixed(0)} on ${cores}`);
    c.auto = { choice: what, buildSeconds: build, point: p };
  }

  // for context: the same kernel scoring every target (no norm stop)
  if (f.fullScan) {
    const full = new PreparedTopK((await loadWasmKernels())!, model.itemFactors, model.rank, { threads: 1 });
    full.setBoundScale(Infinity);
    const index = { search: (q: Parameters<RetrievalIndex['search']>[0]) => full.search(q) } as RetrievalIndex;
    const p = measure(index, 0, queries, queryRows.subarray(0, Math.min(queryRows.length, 50)), seen, k, { ...truth, indices: truth.indices.subarray(0, Math.min(queryRows.length, 50) * k) }, f.seconds);
    c.methods.push({ method: 'exact', config: 'WASM, unpruned (every target scored)', buildSeconds: exactBuild, memoryMB: mb(full.memoryBytes), curve: [p] });
    log(`${name} exact unpruned: recall ${p.recall.toFixed(3)}, ${p.qps1.toFixed(1)} q/s on 1 thread`);
  }

  // LSH: a few tables × bits, the curve over probes
  for (const cfg of f.lsh === 'none' ? [] : f.lsh.split(',')) {
    const [tables, bits] = cfg.split('x').map(Number) as [number, number];
    t0 = performance.now();
    const lsh = await buildIndex(model, { method: 'lsh', lsh: { tables, bits, probes: 0 } });
    const build = seconds(t0);
    const curve: CurvePoint[] = [];
    for (const probes of [0, 1, 2, 4, 8].filter((p) => p <= bits)) {
      lsh.tune!(probes);
      curve.push(measure(lsh, probes, queries, queryRows, seen, k, truth, f.seconds));
      log(`${name} lsh ${cfg} probes ${probes}: recall ${curve.at(-1)!.recall.toFixed(3)}, ${curve.at(-1)!.qps1.toFixed(0)} q/s`);
      if (curve.at(-1)!.qps1 < exactQps1 / 3) break; // slower than exact already: the rest of the curve only gets slower
    }
    c.methods.push({ method: 'lsh', config: `${tables} tables × ${bits} bits, ${lsh.params.ranges} norm ranges`, buildSeconds: build, memoryMB: mb(lsh.memoryBytes), curve });
  }

  // HNSW: raw inner product, and the transform (measure both), the curve over ef
  for (const space of !f.hnsw ? [] : spacesOf(f)) {
    const options: IndexOptions = { method: 'hnsw', hnsw: { space, m: 16, efConstruction: f.efConstruction }, numThreads: cores };
    const graph = graphFile(name, space, f);
    t0 = performance.now();
    let hnsw: HnswIndex;
    let build = NaN;
    if (f.reuseGraph && existsSync(graph)) {
      const targets = { rows: model.itemFactors, rank: model.rank, metric: 'ip' as const, side: 'item' as const, checksum: factorChecksum(model.itemFactors, model.rank), numThreads: cores };
      hnsw = loadHnswIndex(graph, targets, { ...HNSW_DEFAULTS, space, efConstruction: f.efConstruction });
      log(`${name} hnsw ${space}: graph loaded from ${graph} (build time: see the run that wrote it)`);
    } else {
      hnsw = (await buildIndex(model, options)) as HnswIndex;
      build = seconds(t0);
      log(`${name} hnsw ${space}: built in ${build.toFixed(1)} s`);
      hnsw.writeGraph(graph); // worker threads load it; bench/retrieval-batch.ts can reuse it
    }
    const curve: CurvePoint[] = [];
    for (const ef of f.ef.split(',').map(Number)) {
      hnsw.tune(ef);
      const p = measure(hnsw, ef, queries, queryRows, seen, k, truth, f.seconds);
      p.qpsAll = await batchQps(hnsw, queries, queryRows, seen, k, cores);
      curve.push(p);
      log(`${name} hnsw ${space} ef ${ef}: recall ${p.recall.toFixed(3)}, ${p.qps1.toFixed(0)} q/s on 1 thread, ${p.qpsAll!.toFixed(0)} on ${cores}`);
      if (p.recall >= 0.999) break;
    }
    await hnsw.close();
    c.methods.push({ method: 'hnsw', config: `M 16, efConstruction ${f.efConstruction}, space ${space}`, buildSeconds: build, memoryMB: mb(hnsw.memoryBytes), curve });
  }
  return c;
}

/** Builds and writes the HNSW graphs of a case (build time and memory only). */
async function buildGraphs(name: string, data: RetrievalData, f: Flags): Promise<RetrievalCase> {
  const c: RetrievalCase = { name, items: data.model.itemIds.size, rank: data.model.rank, source: data.source, fitSeconds: data.fitSeconds, queries: 0, methods: [] };
  for (const space of spacesOf(f)) {
    const t0 = performance.now();
    const hnsw = (await buildIndex(data.model, { method: 'hnsw', hnsw: { space, m: 16, efConstruction: f.efConstruction } })) as HnswIndex;
    const build = seconds(t0);
    hnsw.writeGraph(graphFile(name, space, f));
    log(`${name} hnsw ${space}: built in ${build.toFixed(1)} s, written to ${hnsw.file}`);
    c.methods.push({ method: 'hnsw', config: `M 16, efConstruction ${f.efConstruction}, space ${space}`, buildSeconds: build, memoryMB: mb(hnsw.memoryBytes), curve: [] });
  }
  return c;
}

function spacesOf(f: Flags): ('ip' | 'transform')[] {
  const spaces = f.spaces.split(',').map((x) => x.trim());
  for (const x of spaces) if (x !== 'ip' && x !== 'transform') throw new Error(`bench --retrieval: --spaces takes 'ip' and/or 'transform', got '${x}'`);
  return (spaces as ('ip' | 'transform')[]).filter((x) => f.transform || x === 'ip');
}

const graphFile = (name: string, space: string, f: Flags) =>
  join(f.graphDir, `${name}-${f.source === 'planted' ? f.source : f.source === 'ml-shaped' ? `ml-shaped${f.mlMix > 1 ? `-mix${f.mlMix}` : ''}${f.mlNoise !== 0.5 ? `-noise${f.mlNoise}` : ''}` : `fit-it${f.maxIter}`}-${space}-efc${f.efConstruction}.hnsw`);

function measure(index: RetrievalIndex, knob: number, queries: Float32Array, rows: Int32Array, seen: SeenRows | undefined, k: number, truth: TopKResult, cap: number): CurvePoint {
  const got = index.search({ queries, queryRows: rows, k, seen });
  return { knob, recall: listRecall(got, truth), qps1: singleQueryQps(index, queries, rows, seen, k, cap) };
}

/**
 * One query at a time on the calling thread, as a service answers requests: passes over the sample
 * until at least 1 s (and one whole pass) has gone by, at most `cap` seconds — a fast method would
 * otherwise be timed over a few milliseconds of JIT warm-up and one stray scheduling pause.
 */
function singleQueryQps(index: RetrievalIndex, queries: Float32Array, rows: Int32Array, seen: SeenRows | undefined, k: number, cap: number): number {
  const one = new Int32Array(1);
  const minSeconds = Math.min(1, cap);
  const t0 = performance.now();
  let n = 0;
  for (;;) {
    one[0] = rows[n % rows.length]!;
    index.search({ queries, queryRows: one, k, seen });
    n++;
    const s = seconds(t0);
    if (s > cap && n >= 10) break;
    if (s >= minSeconds && n >= rows.length) break;
  }
  return n / seconds(t0);
}

/** The whole sample as one batch on `threads` threads. */
async function batchQps(index: RetrievalIndex, queries: Float32Array, rows: Int32Array, seen: SeenRows | undefined, k: number, threads: number): Promise<number> {
  await index.searchAsync({ queries, queryRows: rows.subarray(0, Math.min(rows.length, 64)), k, seen }, threads); // start the threads
  const t0 = performance.now();
  await index.searchAsync({ queries, queryRows: rows, k, seen }, threads);
  return rows.length / seconds(t0);
}

const seconds = (t0: number) => (performance.now() - t0) / 1000;
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
const log = (s: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${s}\n`);
