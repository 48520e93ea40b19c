/**
 * `npm run bench -- --small-fits`: what a small fit pays besides its iterations, in one process
 * (as tune, the service's retrains and repeated `fit` calls run): the first fit (cold: WASM
 * compile, worker start-up) and the next `--repeat` fits of the same data (warm: the shared worker
 * pool, src/kernels/pool/shared-pool.ts, is kept), each split into set-up (wall − iterations:
 * canonical order, CSRs, WASM memory, factors out) and iterations (model.summary.iterationSeconds).
 *
 *   npm run bench -- --small-fits [--only ml100k,1m] [--ranks 64,128] [--threads 2] [--repeat 3]
 */
import { join } from 'node:path';
import { Command } from 'commander';
import { ALS } from '../src/als/als.js';
import type { Interactions } from '../src/data/interactions.js';
import { syntheticPowerLaw } from '../src/data/synthetic-power-law.js';
import { readMl100k } from '../src/io/read-ml-ratings.js';
import { closeSharedPool } from '../src/kernels/pool/shared-pool.js';
import { useNodeThreads } from '../src/node-threads/kernel-thread-host.js';
import { SYNTHETIC_SEED, workload } from './workloads.js';

export async function runSmallFits(argv: string[]): Promise<void> {
  const f = new Command('bench --small-fits')
    .option('--small-fits', 'this mode')
    .option('--only <list>', 'workloads', 'ml100k,1m')
    .option('--ranks <list>', 'ranks', '64,128')
    .option('--threads <n>', 'threads', (v) => Number.parseInt(v, 10), 2)
    .option('--repeat <n>', 'warm fits after the first', (v) => Number.parseInt(v, 10), 3)
    .option('--ml100k <dir>', 'MovieLens 100k directory (default $ALSREC_ML100K)')
    .parse(argv, { from: 'user' })
    .opts<{ only: string; ranks: string; threads: number; repeat: number; ml100k?: string }>();
  useNodeThreads();
  const rows = ['| workload | rank | fit | wall (s) | iterations (s) | set-up (s) |', '| --- | ---: | --- | ---: | ---: | ---: |'];
  try {
    for (const id of f.only.split(',')) {
      const w = workload(id);
      const dir = f.ml100k ?? process.env.ALSREC_ML100K;
      if (!w.synthetic && !dir) throw new Error('bench --small-fits: ml100k needs ALSREC_ML100K or --ml100k');
      const data: Interactions = w.synthetic ? syntheticPowerLaw({ ...w.synthetic, seed: SYNTHETIC_SEED }) : await readMl100k(join(dir!, 'u.data'));
      for (const rank of f.ranks.split(',').map(Number)) {
        for (let j = 0; j <= f.repeat; j++) {
          const t = performance.now();
          const m = await new ALS({ rank, maxIter: 15, regParam: 0.01, implicitPrefs: true, alpha: 1, solver: 'cg', seed: 0, computeLoss: false, numThreads: f.threads }).fit(data);
          const wall = (performance.now() - t) / 1000;
          const iters = m.summary.iterationSeconds.reduce((s, x) => s + x, 0);
          const line = `| ${w.label} | ${rank} | ${j === 0 ? 'first in process' : `warm #${j}`} | ${wall.toFixed(3)} | ${iters.toFixed(3)} | ${(wall - iters).toFixed(3)} |`;
          process.stderr.write(line + '\n');
          rows.push(line);
        }
      }
    }
  } finally {
    await closeSharedPool();
  }
  process.stdout.write(rows.join('\n') + '\n');
}
