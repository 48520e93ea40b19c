/**
 * alsrec vs Spark `local[2]` on the same synthetic rows (docs/scaling.md): explicit ALS, rank 10,
 * regParam 0.1, each fit run at two iteration counts so the per-iteration cost is the difference
 * (fit(hi) − fit(lo)) / (hi − lo), free of Spark's fixed costs (caching, block building). Spark
 * runs through `alsrec spark train` (src/spark/job.py, the venv's spark-submit); alsrec through
 * `alsrec train` with its default thread count (the machine's cores). Peak RSS from
 * /usr/bin/time (Spark: the largest process of the launcher's tree, i.e. the JVM).
 *
 *   npm run build:ts
 *   flock /work/brief/bench.lock node --import tsx bench/spark-scaling.ts \
 *       --data ~/.cache/alsrec/bench-data --workloads 1m,10m --iters 5,10
 *
 * Both read the same Parquet input, `<data>/<workload>.parquet` (a file or a Spark part directory;
 * a missing one is written here from the seeded generator, as bench/make-csv.ts writes the CSV):
 * typed INT/FLOAT columns keep Spark's read stage to the scan, not a cast of text columns.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticPowerLaw } from '../src/data/synthetic-power-law.js';
import { writeInteractionsParquet } from '../src/io/write-interactions-parquet.js';
import { SYNTHETIC_SEED, workload } from './workloads.js';

interface Run {
  tool: 'alsrec' | 'spark';
  workload: string;
  iters: number;
  read: number;
  fit: number;
  wall: number;
  rssMB: number;
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const DATA = arg('data', join(homedir(), '.cache', 'alsrec', 'bench-data'));
const WORKLOADS = arg('workloads', '1m,10m').split(',');
const ITERS = arg('iters', '5,10').split(',').map(Number) as [number, number];
const CLI = new URL('../dist/cli/main.js', import.meta.url).pathname;
const VENVS = join(homedir(), '.cache', 'alsrec', 'spark-venvs');
const VENV = process.env.ALSREC_SPARK_VENVS?.trim().split(/\s+/).at(-1) ?? join(VENVS, readdirSync(VENVS).sort().at(-1)!);

function timed(cmd: string[], env: NodeJS.ProcessEnv): { json: Record<string, unknown>; wall: number; rssMB: number } {
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '@@rss %M', ...cmd], { env, encoding: 'utf8', maxBuffer: 1 << 28 });
  const wall = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`${cmd.join(' ')} failed (${r.status}):\n${r.stderr.slice(-3000)}`);
  const rss = /@@rss (\d+)/.exec(r.stderr);
  const last = r.stdout.trim().split('\n').at(-1)!;
  return { json: JSON.parse(last) as Record<string, unknown>, wall, rssMB: rss ? Math.round(Number(rss[1]) / 1024) : NaN };
}

async function main(): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), 'alsrec-spark-scaling-'));
  const runs: Run[] = [];
  const als = ['--rank', '10', '--reg-param', '0.1', '--seed', '0'];
  try {
    for (const w of WORKLOADS) {
      const input = join(DATA, `${w}.parquet`);
      if (!existsSync(input)) {
        // External ids are dense index + 1, as in bench/make-csv.ts.
        await writeInteractionsParquet(input, syntheticPowerLaw({ ...workload(w).synthetic!, seed: SYNTHETIC_SEED }));
      }
      for (const iters of ITERS) {
        const a = timed(['node', CLI, 'train', input, '--out', join(out, `a-${w}-${iters}`), ...als, '--max-iter', String(iters), '--json'], process.env);
        const sa = a.json.seconds as Record<string, number>;
        runs.push({ tool: 'alsrec', workload: w, iters, read: sa.read!, fit: sa.fit!, wall: a.wall, rssMB: a.rssMB });
        const env = { ...process.env, ALSREC_SPARK_VENVS: VENV, SPARK_HOME: undefined };
        const s = timed(
          ['node', CLI, 'spark', 'train', input, '--out', join(out, `s-${w}-${iters}`), ...als, '--max-iter', String(iters), '--master', 'local[2]',
            '--conf', 'spark.ui.enabled=false', '--conf', 'spark.driver.memory=8g', '--conf', 'spark.sql.shuffle.partitions=4', '--json'],
          env,
        );
        const ss = s.json.seconds as Record<string, number>;
        runs.push({ tool: 'spark', workload: w, iters, read: ss.read!, fit: ss.fit!, wall: s.wall, rssMB: s.rssMB });
        process.stderr.write(`${w} ×${iters}: alsrec fit ${sa.fit!.toFixed(2)} s, Spark fit ${ss.fit!.toFixed(2)} s (Spark ${String(s.json.sparkVersion)})\n`);
      }
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  const [lo, hi] = ITERS;
  const lines = [
    `| rows | tool | read s | fit s (${lo} it) | fit s (${hi} it) | per iteration s | peak RSS MB |`,
    '|---|---|---|---|---|---|---|',
  ];
  for (const w of WORKLOADS) {
    for (const tool of ['alsrec', 'spark'] as const) {
      const a = runs.find((r) => r.tool === tool && r.workload === w && r.iters === lo)!;
      const b = runs.find((r) => r.tool === tool && r.workload === w && r.iters === hi)!;
      const per = (b.fit - a.fit) / (hi - lo);
      lines.push(`| ${w} | ${tool === 'spark' ? 'Spark local[2]' : 'alsrec'} | ${b.read.toFixed(2)} | ${a.fit.toFixed(2)} | ${b.fit.toFixed(2)} | ${per.toFixed(3)} | ${Math.max(a.rssMB, b.rssMB)} |`);
    }
  }
  process.stdout.write(lines.join('\n') + '\n' + JSON.stringify(runs) + '\n');
}

main().catch((e: Error) => {
  process.stderr.write(`${e.message}\n`);
  process.exit(1);
});
