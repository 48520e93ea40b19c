/**
 * Runs one benchmark case in this process and prints its CaseResult as one JSON line on stdout.
 * bench/run.ts starts one such process per case so that peak RSS figures do not mix.
 *
 *   node --import tsx bench/one.ts '{"workload":"1m","rank":64,"solver":"cg","kernels":"ts","threads":1,"maxIter":15,"topK":true,"from":"src"}'
 */
import { join } from 'node:path';
import type { ALSOptions } from '../src/als/options.js';
import type { Interactions } from '../src/data/interactions.js';
import { benchOptions, type BenchCase, type CaseResult } from './bench-case.js';
import { loadLib, type Lib } from './lib.js';
import { SYNTHETIC_SEED, workload } from './workloads.js';

/** Peak resident set so far, in MB (resourceUsage().maxRSS is in kilobytes). */
const peak = (): number => process.resourceUsage().maxRSS / 1024;

/** Why `c` cannot run with this checkout's ALS, or null when it can. */
async function unavailable(lib: Lib, c: BenchCase): Promise<string | null> {
  const known = new Set(Object.keys(lib.ALS_DEFAULTS));
  if (!known.has('kernels')) return c.kernels === 'ts' && c.threads === 1 ? null : "not available yet: ALS has no 'kernels' option";
  if (c.threads > 1 && !known.has('numThreads')) return "not available yet: ALS has no 'numThreads' option";
  if (c.kernels === 'wasm') {
    if (!lib.wasm) return 'not available yet: no WASM kernel loader in this checkout';
    if (!(await lib.wasm.loadWasmKernels())) {
      try {
        lib.wasm.requireWasmKernels();
      } catch (e) {
        return (e as Error).message;
      }
    }
  }
  return null;
}

async function loadData(lib: Lib, c: BenchCase): Promise<Interactions> {
  const w = workload(c.workload);
  if (w.synthetic) return lib.syntheticPowerLaw({ ...w.synthetic, seed: SYNTHETIC_SEED });
  if (!c.ml100kDir) throw new Error('bench: the ml100k workload needs its directory; set ALSREC_ML100K');
  return lib.readMl100k(join(c.ml100kDir, 'u.data'));
}

export async function runCase(c: BenchCase): Promise<CaseResult> {
  const rssStartMB = peak();
  const lib = await loadLib(c.from);
  const why = await unavailable(lib, c);
  if (why) return { case: c, status: 'unavailable', note: why };
  const options: Record<string, unknown> = { ...benchOptions(c) };
  if ('kernels' in lib.ALS_DEFAULTS) options.kernels = c.kernels;
  if ('numThreads' in lib.ALS_DEFAULTS) options.numThreads = c.threads;
  const note = c.kernels === 'ts' && c.threads > 1 ? 'the TypeScript kernels run on one thread; numThreads applies to wasm' : undefined;

  let t = performance.now();
  const data = await loadData(lib, c);
  const dataSeconds = (performance.now() - t) / 1000;
  const rssAfterDataMB = peak();

  // Without top-K nothing reads the rows after the fit, so it may free them as its CSRs fill, as
  // `alsrec train` does and as the peer frees its COO arrays once its CSR is built.
  const rows = data.users.length;
  t = performance.now();
  const model = await new lib.ALS(options as ALSOptions).fit(data, { consumeData: !c.topK });
  const fitSeconds = (performance.now() - t) / 1000;
  const rssAfterFitMB = peak();

  let topKSeconds: number | undefined;
  if (c.topK) {
    t = performance.now();
    // The threaded top-K with the case's thread count; the synchronous method where it is absent.
    const m = model as typeof model & { recommendForAllUsersAsync?: (k: number, o: object) => Promise<unknown> };
    if (m.recommendForAllUsersAsync) await m.recommendForAllUsersAsync(10, { exclude: data, numThreads: c.threads });
    else model.recommendForAllUsers(10, { exclude: data });
    topKSeconds = (performance.now() - t) / 1000;
  }
  return {
    case: c,
    status: 'ok',
    note,
    rows,
    users: model.userIds.size,
    items: model.itemIds.size,
    dataSeconds,
    fitSeconds,
    iterationSeconds: model.summary.iterationSeconds,
    topKSeconds,
    rssStartMB,
    rssAfterDataMB,
    rssAfterFitMB,
    peakRssMB: peak(),
    options,
  };
}

const c = JSON.parse(process.argv[2] ?? 'null') as BenchCase | null;
if (!c) {
  process.stderr.write('usage: node --import tsx bench/one.ts \'<BenchCase JSON>\' (bench/run.ts builds these)\n');
  process.exit(2);
}
runCase(c)
  .catch((e: Error): CaseResult => ({ case: c, status: 'error', note: e.stack ?? e.message }))
  .then((r) => {
    process.stdout.write(JSON.stringify(r) + '\n');
    process.exit(0); // idle workers are unref'd, but exit at once whatever the backend
  });
