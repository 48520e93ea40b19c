/**
 * Where `alsrec train <file>`'s time and memory go: reads the file with the CLI's reader, then fits
 * with the CLI's defaults for the given flags, printing seconds and peak RSS after each phase (as
 * maxRSS only grows, a phase raised the peak when its figure exceeds the one before).
 *
 *   node --import tsx bench/train-phases.ts /tmp/alsrec-25m.csv --rank 64 --solver cg [--from dist]
 */
import { Command } from 'commander';
import type { ALSOptions } from '../src/als/options.js';
import { loadLib } from './lib.js';

const peakMB = (): number => Math.round(process.resourceUsage().maxRSS / 1024);
const rssMB = (): number => Math.round(process.memoryUsage().rss / 2 ** 20);

interface Flags {
  rank: number;
  maxIter: number;
  solver: 'cg' | 'cholesky';
  threads?: number;
  kernels?: 'ts' | 'wasm';
  loss: boolean;
  from: string;
}

async function main(): Promise<void> {
  const cmd = new Command('train-phases')
    .argument('<file>')
    .option('--rank <n>', 'rank', Number, 64)
    .option('--max-iter <n>', 'iterations', Number, 15)
    .option('--solver <s>', 'cg or cholesky', 'cholesky')
    .option('--threads <n>', 'numThreads (default: ALS default)', Number)
    .option('--kernels <k>', 'ts or wasm (default: ALS default)')
    .option('--no-loss', 'computeLoss false (the CLI computes it)')
    .option('--from <src|dist|dir>', 'library source', 'src')
    .parse(process.argv.slice(2), { from: 'user' });
  const f = cmd.opts<Flags>();
  const file = cmd.args[0]!;
  const lib = await loadLib(f.from);
  const phases: Record<string, unknown>[] = [{ phase: 'start', peakMB: peakMB(), rssMB: rssMB() }];

  let t = performance.now();
  const data = await lib.readInteractions(file);
  phases.push({ phase: 'read', seconds: (performance.now() - t) / 1000, rows: data.users.length, peakMB: peakMB(), rssMB: rssMB() });

  const options: Record<string, unknown> = {
    rank: f.rank,
    maxIter: f.maxIter,
    regParam: 0.01,
    implicitPrefs: true,
    solver: f.solver,
    computeLoss: f.loss,
  };
  if (f.threads !== undefined) options.numThreads = f.threads;
  if (f.kernels !== undefined) options.kernels = f.kernels;
  t = performance.now();
  const model = await new lib.ALS(options as ALSOptions).fit(data);
  const it = model.summary.iterationSeconds;
  phases.push({
    phase: 'fit',
    seconds: (performance.now() - t) / 1000,
    iterationsSeconds: it.reduce((s, x) => s + x, 0),
    peakMB: peakMB(),
    rssMB: rssMB(),
  });
  for (const p of phases) process.stdout.write(JSON.stringify(p) + '\n');
  process.exit(0);
}

main().catch((e: Error) => {
  process.stderr.write(`${e.stack ?? e.message}\n`);
  process.exit(1);
});
