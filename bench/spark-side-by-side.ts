/**
 * `npm run bench -- --spark`: the seed notebook's PySpark pipeline (bench/seed_notebook.py) and
 * alsrec's quickstart pipeline on the same rows. alsrec splits MovieLens 100k 75/25 (seed 42) and
 * writes train.csv/test.csv; both sides read those files, fit ALS(rank 10, maxIter 15, regParam
 * 0.05, coldStartStrategy drop) once per seed, and report the rating metrics, top-10 (seen items
 * excluded) ranking metrics and wall time per stage. The spread over seeds (random inits) is the
 * yardstick for "agree". Prints a Markdown table; writes JSON to bench/results/spark-<date>.json.
 *
 *   npm run bench -- --spark [--seeds 0,1,2] [--spark-seeds 0,1,2] [--master 'local[2]'] [--venv DIR]
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync, readdirSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { ALS } from '../src/als/als.js';
import { size } from '../src/data/interactions.js';
import { randomSplit } from '../src/data/split-random.js';
import { evaluateRanking, evaluateRatings, testUsers } from '../src/eval/evaluate.js';
import { writeFileAtomic } from '../src/io/atomic.js';
import { readInteractions } from '../src/io/read-interactions.js';
import { readMovieLens } from '../src/io/read-movielens.js';
import { writeInteractions } from '../src/io/write-interactions.js';
import { machine } from './machine.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const K = 10;
const METRICS = [
  ['rmse', 'RMSE'], ['mae', 'MAE'], ['rsquared', 'R²'], ['explainedVariance', 'explained variance'],
  ['precisionAtK', 'precision@10'], ['recallAtK', 'recall@10'], ['ndcgAtK', 'NDCG@10'], ['map', 'MAP (÷|G|)'], ['mapAtK', 'MAP@10'],
] as const;
type Metric = (typeof METRICS)[number][0];
const STAGES = ['read', 'fit', 'predict', 'recommend', 'rankingMetrics'] as const;
type Stage = (typeof STAGES)[number];
interface Run { seed: number; seconds: Partial<Record<Stage, number>>; metrics: Record<Metric, number> }

function defaultVenv(): string | undefined {
  const env = process.env.ALSREC_SPARK_VENVS?.trim();
  if (env) return env.split(/\s+/).at(-1);
  const root = join(homedir(), '.cache', 'alsrec', 'spark-venvs');
  return existsSync(root) ? readdirSync(root).sort().map((v) => join(root, v)).at(-1) : undefined;
}

async function alsrecRuns(trainCsv: string, testCsv: string, seeds: number[]): Promise<{ read: number; runs: Run[] }> {
  let t = performance.now();
  const train = await readInteractions(trainCsv);
  const test = await readInteractions(testCsv, { userIds: train.userIds, itemIds: train.itemIds });
  const read = (performance.now() - t) / 1000;
  const runs: Run[] = [];
  for (const seed of seeds) {
    const s: Partial<Record<Stage, number>> = {};
    const lap = (stage: Stage) => {
      const now = performance.now();
      s[stage] = (now - t) / 1000;
      t = now;
    };
    t = performance.now();
    const model = await new ALS({ rank: 10, maxIter: 15, regParam: 0.05, coldStartStrategy: 'drop', seed }).fit(train);
    lap('fit');
    const rating = evaluateRatings(model, test);
    lap('predict');
    const recs = model.recommendForUserSubset(testUsers(test), K, { exclude: train });
    lap('recommend');
    const ranking = evaluateRanking(model, test, { k: K, recommendations: recs });
    lap('rankingMetrics');
    runs.push({ seed, seconds: s, metrics: { ...rating, ...ranking } as unknown as Record<Metric, number> });
  }
  return { read, runs };
}

function sparkRuns(venv: string, trainCsv: string, testCsv: string, seeds: number[], master: string): Promise<{ sparkVersion: string; read: number; runs: Run[] }> {
  return new Promise((resolve, reject) => {
    const python = join(venv, 'bin', 'python');
    const proc = spawn(python, [join(HERE, 'seed_notebook.py'), trainCsv, testCsv, seeds.join(','), String(K), master], {
      env: { ...process.env, PYSPARK_PYTHON: python },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    proc.stdout.on('data', (d: Buffer) => void (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => void (err = (err + d.toString()).slice(-4000)));
    proc.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('@@seed-notebook '));
      if (code !== 0 || !line) return reject(new Error(`seed_notebook.py exited ${code}:\n${err}`));
      const r = JSON.parse(line.slice('@@seed-notebook '.length));
      // Spark's RegressionEvaluator names: r2, var.
      for (const run of r.runs) {
        run.metrics.rsquared = run.metrics.r2;
        run.metrics.explainedVariance = run.metrics.var;
      }
      resolve(r);
    });
  });
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const fmt = (x: number, digits = 4) => x.toFixed(digits);
function spread(xs: number[]): string {
  return xs.length > 1 ? `${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}` : '—';
}

export async function runSparkBench(argv: string[]): Promise<void> {
  const f = new Command('bench --spark')
    .option('--spark', 'this benchmark')
    .option('--seeds <list>', 'alsrec factor seeds', '0,1,2,3,4')
    .option('--spark-seeds <list>', 'Spark factor seeds', '0,1,2')
    .option('--master <url>', 'Spark master', 'local[2]')
    .option('--venv <dir>', 'PySpark venv (default: the last of $ALSREC_SPARK_VENVS or ~/.cache/alsrec/spark-venvs)')
    .option('--ml100k <dir>', 'MovieLens 100k directory (default $ALSREC_ML100K)')
    .parse(argv, { from: 'user' })
    .opts<{ seeds: string; sparkSeeds: string; master: string; venv?: string; ml100k?: string }>();
  const ml = f.ml100k ?? process.env.ALSREC_ML100K;
  if (!ml) throw new Error('bench --spark: set ALSREC_ML100K (or --ml100k) to the MovieLens 100k directory');
  const venv = f.venv ?? defaultVenv();
  if (!venv) throw new Error('bench --spark: no PySpark venv; run .ci/install-spark.sh or pass --venv DIR');
  const seeds = f.seeds.split(',').map(Number);
  const sparkSeeds = f.sparkSeeds.split(',').map(Number);

  const dir = await mkdtemp(join(tmpdir(), 'alsrec-bench-spark-'));
  try {
    const [train, test] = randomSplit(await readMovieLens(ml), 0.75, 42);
    const trainCsv = join(dir, 'train.csv');
    const testCsv = join(dir, 'test.csv');
    await writeInteractions(trainCsv, train!);
    await writeInteractions(testCsv, test!);
    process.stderr.write(`split ML-100k: ${size(train!)} train, ${size(test!)} test rows in ${dir}\n`);
    const before = machine();
    process.stderr.write(`alsrec, seeds ${seeds.join(',')} … `);
    const ours = await alsrecRuns(trainCsv, testCsv, seeds);
    process.stderr.write(`done\nSpark (${venv}, ${f.master}), seeds ${sparkSeeds.join(',')} … `);
    const theirs = await sparkRuns(venv, trainCsv, testCsv, sparkSeeds, f.master);
    process.stderr.write('done\n');

    const lines: string[] = [];
    lines.push(`| metric | alsrec (mean of ${seeds.length} seeds) | alsrec spread | Spark ${theirs.sparkVersion} (mean of ${sparkSeeds.length} seeds) | Spark spread |`);
    lines.push('|---|---|---|---|---|');
    for (const [key, label] of METRICS) {
      const a = ours.runs.map((r) => r.metrics[key]);
      const s = theirs.runs.map((r) => r.metrics[key]);
      lines.push(`| ${label} | ${fmt(mean(a))} | ${spread(a)} | ${fmt(mean(s))} | ${spread(s)} |`);
    }
    lines.push('');
    lines.push(`| stage (wall s) | alsrec | Spark ${theirs.sparkVersion} ${f.master} | ratio Spark/alsrec |`);
    lines.push('|---|---|---|---|');
    const stageOf = (r: { read: number; runs: Run[] }, st: Stage) => (st === 'read' ? r.read : mean(r.runs.map((x) => x.seconds[st]!)));
    let ta = 0;
    let ts = 0;
    for (const st of STAGES) {
      const a = stageOf(ours, st);
      const s = stageOf(theirs, st);
      ta += a;
      ts += s;
      lines.push(`| ${st}${st === 'read' ? ' (once)' : ' (mean per seed)'} | ${fmt(a, 3)} | ${fmt(s, 2)} | ${(s / a).toFixed(0)}× |`);
    }
    lines.push(`| total (read + one seed) | ${fmt(ta, 3)} | ${fmt(ts, 2)} | ${(ts / ta).toFixed(0)}× |`);
    const after = machine();
    const note = `\nMachine: ${before.cores} cores, load average ${before.load.join(' ')} before, ${after.load.join(' ')} after (shared).\n`;
    process.stdout.write(lines.join('\n') + '\n' + note);
    const out = join(HERE, 'results', `spark-${new Date().toISOString().slice(0, 19).replace(/:/g, '-')}.json`);
    mkdirSync(dirname(out), { recursive: true });
    await writeFileAtomic(out, JSON.stringify({ date: new Date().toISOString(), machineBefore: before, machineAfter: after, master: f.master, alsrec: ours, spark: theirs }, null, 2) + '\n');
    process.stderr.write(`results: ${out}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
