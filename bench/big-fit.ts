/**
 * One large synthetic fit on the WASM kernels, for the memory ceiling: generates `nnz` power-law
 * interactions (src/data/synthetic-power-law.ts), fits them with consumeData (the rows are freed
 * once in the kernels' memory) and prints seconds per iteration and the peak RSS.
 *
 *   node --import tsx bench/big-fit.ts 100000000 640000 120000 64 2
 *   (nnz, users, items, rank, maxIter; implicit, CG, all cores)
 */
import { ALS } from '../src/als/als.js';
import { syntheticPowerLaw } from '../src/data/synthetic-power-law.js';
import { useNodeThreads } from '../src/node-threads/kernel-thread-host.js';
import { SYNTHETIC_SEED } from './workloads.js';

const peak = () => Math.round(process.resourceUsage().maxRSS / 1024);

async function main(): Promise<void> {
  useNodeThreads();
  const [nnz = 100e6, numUsers = 640_000, numItems = 120_000, rank = 64, maxIter = 2] = process.argv.slice(2).map(Number);
  let t = performance.now();
  const data = syntheticPowerLaw({ numUsers, numItems, nnz, seed: SYNTHETIC_SEED });
  const gen = (performance.now() - t) / 1000;
  process.stdout.write(`generated ${data.users.length} rows (${numUsers} × ${numItems}) in ${gen.toFixed(1)} s, peak RSS ${peak()} MB\n`);
  t = performance.now();
  const model = await new ALS({
    rank,
    maxIter,
    regParam: 0.01,
    implicitPrefs: true,
    solver: 'cg',
    kernels: 'wasm',
    onIteration: (s) => process.stdout.write(`iteration ${s.iteration}: ${s.seconds.toFixed(1)} s, peak RSS so far ${peak()} MB\n`),
  }).fit(data, { consumeData: true });
  process.stdout.write(
    `fit ${((performance.now() - t) / 1000).toFixed(1)} s for ${maxIter} iterations of rank ${rank} (${model.userIds.size} users, ${model.itemIds.size} items); peak RSS ${peak()} MB\n`,
  );
}

main().catch((e: Error) => {
  process.stderr.write(`${e.message}\n`);
  process.exit(1);
});
