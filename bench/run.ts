/**
 * `npm run bench`: fits every workload × rank × solver × backend configuration, each in a fresh
 * child process (bench/one.ts) so that peak RSS figures do not mix, prints tables beside
 * benfred/implicit 0.7.2's figures and writes the results as JSON (after every case, so an
 * interrupted run keeps what it measured).
 *
 *   npm run bench                                   # everything estimated under --budget s a case
 *   npm run bench -- --quick                        # ML-100k and 1M at 64 factors
 *   npm run bench -- --only ml100k,1m-64 --configs ts:1,wasm:1,wasm:2
 *   npm run bench -- --only 25m-64 --solvers cg --configs wasm:2 --budget inf
 *   npm run bench -- --spark                        # seed notebook on PySpark beside alsrec (spark-side-by-side.ts)
 *   npm run bench -- --ials-curves --workload 10m   # loss against time of cholesky, cg, ials++ (ials-curves.ts)
 *   npm run bench -- --small-fits                   # set-up tax of small fits, first and warm (small-fits.ts)
 *   npm run bench -- --peers implicit               # benfred/implicit (pinned, cached venv) on the same rows, same run
 *   npm run bench -- --serve                        # alsrec serve under autocannon (bench/serve.ts)
 *   npm run bench -- --retrieval                    # exact vs IVF, norm-scan, LSH, HNSW and auto (bench/retrieval.ts)
 *
 * ML-100k is read from $ALSREC_ML100K (or --ml100k <dir>); without it the workload is skipped.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { writeFileAtomic } from '../src/io/atomic.js';
import { configName, type BenchCase, type CaseResult } from './bench-case.js';
import { estimate, estimateSeconds } from './estimate.js';
import { machine, type Machine } from './machine.js';
import { renderTables } from './tables.js';
import { peersAfter } from './peers/peer-side-by-side.js';
import type { PeerResult } from './peers/peer-run.js';
import { TOPK_REFERENCE, WORKLOADS, workload, type Solver, type WorkloadId } from './workloads.js';

const HERE = dirname(fileURLToPath(import.meta.url));

interface Flags {
  only?: string;
  quick: boolean;
  ranks: string;
  solvers: string;
  configs?: string;
  kernels: string;
  threads: string;
  maxIter: number;
  budget?: string;
  topk: 'all' | 'reference' | 'none';
  from: string;
  ml100k?: string;
  out?: string;
  dryRun: boolean;
  peers?: string;
}

export interface BenchReport {
  date: string;
  machineBefore: Machine;
  machineAfter?: Machine;
  command: string;
  settings: { regParam: number; alpha: number; implicitPrefs: true; maxIter: number; seed: number; computeLoss: false; from: string };
  results: CaseResult[];
  /** Peers measured in the same run (--peers). */
  peers?: PeerResult[];
}

function parseFlags(argv: string[]): Flags {
  const n = availableParallelism();
  return new Command('bench')
    .description('alsrec benchmarks beside benfred/implicit 0.7.2 (see docs/benchmarks.md)')
    .option('--only <list>', `workloads (${WORKLOADS.map((w) => w.id).join(', ')}), optionally with a rank: 1m-64`)
    .option('--quick', 'ML-100k and synthetic 1M at 64 factors only, budget 60 s a case', false)
    .option('--ranks <list>', 'ranks', '64,128')
    .option('--solvers <list>', 'solvers: cg, cholesky', 'cg,cholesky')
    .option('--configs <list>', `kernel:threads pairs (default ts:1,wasm:1,wasm:${n}); overrides --kernels/--threads`)
    .option('--kernels <list>', 'kernel backends, crossed with --threads (ts runs one thread only)', 'ts,wasm')
    .option('--threads <list>', 'thread counts for wasm', `1,${n}`)
    .option('--max-iter <n>', 'iterations', (v) => Number.parseInt(v, 10), 15)
    .option('--budget <seconds>', "skip cases estimated to take longer (per case; 'inf' for none; default 300, 60 with --quick)")
    .option('--topk <mode>', 'time top-10 for all users: all, reference (where implicit has a figure), none', 'all')
    .option('--from <src|dist|dir>', 'library from sources (tsx), from dist/ (npm run build) or from another dist directory', 'src')
    .option('--ml100k <dir>', 'MovieLens 100k directory (default $ALSREC_ML100K)')
    .option('--out <file>', 'JSON results (default bench/results/<date>.json)')
    .option('--peers <list>', 'also fit these peers on the same rows right after alsrec (implicit: pinned PyPI version in a cached venv)')
    .option('--dry-run', 'list the cases with their estimates, run nothing', false)
    .parse(argv, { from: 'user' })
    .opts<Flags>();
}

/** [kernels, threads] pairs, ts first, fewer threads first, each once. */
function configs(f: Flags): { kernels: 'ts' | 'wasm'; threads: number }[] {
  const pairs = f.configs
    ? f.configs.split(',').map((s) => {
        const [k, t] = s.split(':');
        return { kernels: k, threads: Number(t ?? 1) };
      })
    : f.kernels.split(',').flatMap((k) =>
        k === 'ts' ? [{ kernels: k, threads: 1 }] : f.threads.split(',').map((t) => ({ kernels: k, threads: Number(t) })),
      );
  const out = new Map<string, { kernels: 'ts' | 'wasm'; threads: number }>();
  for (const p of pairs) {
    if (p.kernels !== 'ts' && p.kernels !== 'wasm') throw new Error(`bench: kernels must be ts or wasm, got '${p.kernels}'`);
    if (!(Number.isInteger(p.threads) && p.threads >= 1)) throw new Error(`bench: threads must be an integer >= 1, got '${p.threads}'`);
    out.set(configName(p as BenchCase), p as { kernels: 'ts' | 'wasm'; threads: number });
  }
  return [...out.values()];
}

/** (workload, rank) pairs selected by --only / --quick / --ranks. */
function selection(f: Flags): { workload: WorkloadId; rank: number }[] {
  const ranks = f.ranks.split(',').map(Number);
  const spec = f.quick ? 'ml100k-64,1m-64' : (f.only ?? WORKLOADS.map((w) => w.id).join(','));
  return spec.split(',').flatMap((s) => {
    const m = /^(.+?)(?:-(\d+)f?)?$/.exec(s.trim())!;
    const id = workload(m[1]!).id;
    return (m[2] ? [Number(m[2])] : ranks).map((rank) => ({ workload: id, rank }));
  });
}

function plan(f: Flags, ml100kDir: string | undefined): { run: BenchCase[]; skipped: CaseResult[] } {
  const solvers = f.solvers.split(',') as Solver[];
  for (const s of solvers) if (s !== 'cg' && s !== 'cholesky') throw new Error(`bench: solver must be cg or cholesky, got '${s}'`);
  const budgetFlag = f.budget ?? (f.quick ? '60' : '300');
  const budget = budgetFlag === 'inf' ? Infinity : Number(budgetFlag);
  if (!(budget > 0)) throw new Error(`bench: --budget must be a number of seconds > 0 or 'inf', got '${budgetFlag}'`);
  if (!['all', 'reference', 'none'].includes(f.topk)) throw new Error(`bench: --topk must be all, reference or none, got '${f.topk}'`);
  const wantTopK = (w: WorkloadId, rank: number): boolean =>
    f.topk === 'all' || (f.topk === 'reference' && TOPK_REFERENCE[w]?.includes(rank) === true);
  const run: BenchCase[] = [];
  const skipped: CaseResult[] = [];
  for (const { workload: w, rank } of selection(f)) {
    for (const cfg of configs(f)) {
      for (const solver of solvers) {
        // Top-K does not depend on the solver: time it once per workload, rank and configuration.
        const c: BenchCase = { workload: w, rank, solver, ...cfg, maxIter: f.maxIter, topK: wantTopK(w, rank) && solver === solvers[0], from: f.from };
        if (w === 'ml100k') {
          if (!ml100kDir) {
            skipped.push({ case: c, status: 'skipped', note: 'set ALSREC_ML100K (or --ml100k) to the MovieLens 100k directory' });
            continue;
          }
          c.ml100kDir = ml100kDir;
        }
        const est = estimate(c);
        if (est.data + est.fit > budget) {
          skipped.push({ case: c, status: 'skipped', note: `estimated ${Math.round(est.data + est.fit)} s > --budget ${budget} s` });
          continue;
        }
        if (c.topK && est.data + est.fit + est.topK > budget) {
          c.topK = false;
          process.stderr.write(`no top-10 for ${describe(c)}: estimated ${Math.round(est.topK)} s would pass --budget ${budget} s\n`);
        }
        run.push(c);
      }
    }
  }
  return { run, skipped };
}

function runChild(c: BenchCase): Promise<CaseResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(HERE, 'one.ts'), JSON.stringify(c)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.on('close', (code, signal) => {
      const line = stdout.trim().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(line) as CaseResult);
      } catch {
        resolve({ case: c, status: 'error', note: `child exited with ${signal ?? code} and printed no result (${stdout.slice(-500)})` });
      }
    });
  });
}

function describe(c: BenchCase): string {
  return `${workload(c.workload).id} ${c.rank}f ${c.solver} ${configName(c)}${c.topK ? ' +top-10' : ''}`;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--retrieval')) {
    const { runRetrievalBench } = await import('./retrieval.js');
    return runRetrievalBench(argv.filter((a) => a !== '--retrieval'));
  }
  if (argv.includes('--spark')) {
    // The seed notebook's PySpark pipeline beside alsrec's on the same rows (bench/spark-side-by-side.ts).
    const { runSparkBench } = await import('./spark-side-by-side.js');
    return runSparkBench(argv);
  }
  if (argv.includes('--small-fits')) {
    // Set-up against iterations of small fits, first and warm, in one process (bench/small-fits.ts).
    const { runSmallFits } = await import('./small-fits.js');
    return runSmallFits(argv);
  }
  if (argv.includes('--ials-curves')) {
    // Loss against time of cholesky, cg and ials++ with implicit's CG time (bench/ials-curves.ts).
    const { runIalsCurves } = await import('./ials-curves.js');
    return runIalsCurves(argv);
  }
  if (argv.includes('--serve')) {
    // the service under load (bench/serve.ts): its own flags
    const { benchServe } = await import('./serve.js');
    return benchServe(argv.filter((a) => a !== '--serve'));
  }
  const f = parseFlags(argv);
  const ml100kDir = f.ml100k ?? process.env.ALSREC_ML100K;
  const { run, skipped } = plan(f, ml100kDir);
  const date = new Date().toISOString();
  const out = f.out ?? join(HERE, 'results', `${date.slice(0, 19).replace(/:/g, '-')}.json`);
  for (const s of skipped) process.stderr.write(`skip ${describe(s.case)}: ${s.note}\n`);
  if (f.dryRun) {
    let total = 0;
    for (const c of run) {
      total += estimateSeconds(c);
      process.stdout.write(`${describe(c)}  ~${Math.round(estimateSeconds(c))} s\n`);
    }
    process.stdout.write(`${run.length} cases, ~${Math.round(total / 60)} min in all\n`);
    return;
  }
  const report: BenchReport = {
    date,
    machineBefore: machine(),
    command: `npm run bench -- ${argv.join(' ')}`.trim(),
    settings: { regParam: 0.01, alpha: 1, implicitPrefs: true, maxIter: f.maxIter, seed: 0, computeLoss: false, from: f.from },
    results: [...skipped],
  };
  mkdirSync(dirname(out), { recursive: true });
  process.stderr.write(`load average ${report.machineBefore.load.join(' ')} on ${report.machineBefore.cores} cores; ${run.length} cases\n`);
  for (const [j, c] of run.entries()) {
    process.stderr.write(`[${j + 1}/${run.length}] ${describe(c)} (est. ${Math.round(estimateSeconds(c))} s) … `);
    const r = await runChild(c);
    report.results.push(r);
    process.stderr.write(
      r.status === 'ok'
        ? `fit ${r.fitSeconds!.toFixed(2)} s${r.topKSeconds !== undefined ? `, top-10 ${r.topKSeconds.toFixed(2)} s` : ''}, peak ${Math.round(r.peakRssMB!)} MB\n`
        : `${r.status}: ${r.note?.split('\n')[0]}\n`,
    );
    // Peers right after the last alsrec case of each workload and rank (bench/peers/).
    for (const p of await peersAfter(f.peers, run, j, ml100kDir)) (report.peers ??= []).push(p);
    await writeFileAtomic(out, JSON.stringify(report, null, 2) + '\n');
  }
  report.machineAfter = machine();
  await writeFileAtomic(out, JSON.stringify(report, null, 2) + '\n');
  process.stdout.write('\n' + renderTables(report.results.filter((r) => r.status !== 'skipped'), report.peers));
  process.stderr.write(`\nresults: ${out}\n`);
}

main().catch((e: Error) => {
  process.stderr.write(`${e.message}\n`);
  process.exit(1);
});
