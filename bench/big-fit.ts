/**
 * One large synthetic fit on the WASM kernels, for the memory ceiling: generates `nnz` power-law
 * interactions (src/data/synthetic-power-law.ts), fits them with consumeData (the rows are freed
 * once the CSRs are built) and prints seconds per iteration, where the fit's bytes are (its own
 * accounting, `onFootprint`) and the peak RSS after each phase.
 *
 *   node --import tsx bench/big-fit.ts 100000000 640000 120000 64 2 [window]
 *   (nnz, users, items, rank, maxIter, csrWindow — a number of entries or auto, the default;
 *    implicit, CG, all cores)
 *
 * Above ~250M ratings at rank 64 the CSRs do not fit in wasm32's 4 GiB and stream through a
 * window (csr-window.ts); consumeData streams them at any size so they are freed when the fit ends.
 */
import { ALS } from '../src/als/als.js';
import { syntheticPowerLaw } from '../src/data/synthetic-power-law.js';
import { useNodeThreads } from '../src/node-threads/kernel-thread-host.js';
import { useFullGcOnRelease } from '../src/io/full-gc.js';
import { SYNTHETIC_SEED } from './workloads.js';

const peak = () => Math.round(process.resourceUsage().maxRSS / 1024);
const rss = () => Math.round(process.memoryUsage().rss / 2 ** 20);
const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;

async function main(): Promise<void> {
  useNodeThreads();
  useFullGcOnRelease();
  const args = process.argv.slice(2);
  const [nnz = 100e6, numUsers = 640_000, numItems = 120_000, rank = 64, maxIter = 2] = args.slice(0, 5).map(Number);
  const csrWindow = args[5] === undefined || args[5] === 'auto' ? 'auto' : Number(args[5]);
  let t = performance.now();
  const data = syntheticPowerLaw({ numUsers, numItems, nnz, seed: SYNTHETIC_SEED });
  const gen = (performance.now() - t) / 1000;
  process.stdout.write(`generated ${data.users.length} rows (${numUsers} × ${numItems}) in ${gen.toFixed(1)} s, rss ${rss()} MB, peak RSS ${peak()} MB\n`);
  t = performance.now();
  const iterations: number[] = [];
  const model = await new ALS({
    rank,
    maxIter,
    regParam: 0.01,
    implicitPrefs: true,
    solver: 'cg',
    kernels: 'wasm',
    onIteration: (s) => {
      iterations.push(s.seconds);
      process.stdout.write(`iteration ${s.iteration}: ${s.seconds.toFixed(1)} s, rss ${rss()} MB, peak RSS so far ${peak()} MB\n`);
    },
  }).fit(data, {
    consumeData: true,
    csrWindow,
    onFootprint: (f) => {
      process.stdout.write(
        `built in ${((performance.now() - t) / 1000).toFixed(1)} s: CSRs ${mb(f.csrBytes)} (${f.csrInWasm ? 'in WASM memory' : 'host memory, streamed'}), ` +
          `factors ${mb(f.factorBytes)}, scratch ${mb(f.scratchBytes)}, window ${mb(f.windowBytes)}, indptr ${mb(f.indptrBytes)}; ` +
          `WASM memory ${mb(f.wasmBytes)}; rss ${rss()} MB, peak RSS so far ${peak()} MB\n`,
      );
    },
  });
  const mean = iterations.reduce((s, x) => s + x, 0) / iterations.length;
  process.stdout.write(
    `fit ${((performance.now() - t) / 1000).toFixed(1)} s for ${maxIter} iterations of rank ${rank} (${model.userIds.size} users, ${model.itemIds.size} items): ` +
      `${mean.toFixed(1)} s per iteration; peak RSS ${peak()} MB\n`,
  );
}

main().catch((e: Error) => {
  process.stderr.write(`${e.message}\n`);
  process.exit(1);
});
