import { Command } from 'commander';
import { loadALSModel } from '../../io/als-model-dir.js';
import { saveIndex } from '../../io/model-index-dir.js';
import { buildIndex } from '../../io/node-build-index.js';
import type { IndexOptions } from '../../retrieval/build-index.js';
import type { IndexMethod, IndexMetric, IndexSide } from '../../retrieval/retrieval-index.js';
import type { CliIO } from '../cli-io.js';
import { choiceFlag, floatFlag, intFlag } from '../parse-flags.js';

interface IndexFlags {
  method: IndexMethod | 'auto';
  metric: IndexMetric;
  side: IndexSide;
  m?: number;
  efConstruction?: number;
  ef?: number;
  space?: 'ip' | 'transform';
  tables?: number;
  bits?: number;
  probes?: number;
  cosine?: number;
  lists?: number;
  nprobe?: number;
  json: boolean;
}

export function indexCommand(io: CliIO): Command {
  return new Command('index')
    .description('Build a top-K index over a saved model’s factors and save it in the model directory (index/<side>-<metric>/)')
    .argument('<model-dir>', 'model directory (alsrec or Spark ALSModel)')
    .option('--method <m>', 'auto (exact, or IVF where it measures ≥ 0.95 recall at under half the exact work), exact, ivf, norm-scan, lsh or hnsw', choiceFlag(['auto', 'exact', 'ivf', 'norm-scan', 'lsh', 'hnsw'] as const), 'auto')
    .option('--metric <m>', 'ip (recommendations) or cosine (similar items/users)', choiceFlag(['ip', 'cosine'] as const), 'ip')
    .option('--side <s>', 'whose factors to index: item or user', choiceFlag(['item', 'user'] as const), 'item')
    .option('--lists <n>', 'IVF lists, i.e. k-means clusters (default √n)', intFlag(1))
    .option('--nprobe <n>', 'IVF lists a query scans (default lists/16; auto: the fewest reaching recall 0.96 on 256 users)', intFlag(1))
    .option('--m <n>', 'HNSW links per node (default 16)', intFlag(2, 200))
    .option('--ef-construction <n>', 'HNSW candidates while inserting (default 200)', intFlag(1))
    .option('--ef <n>', 'HNSW candidates while searching (default 64)', intFlag(1))
    .option('--space <s>', "HNSW for ip: raw inner product 'ip' (default) or the MIPS→cosine 'transform'", choiceFlag(['ip', 'transform'] as const))
    .option('--tables <n>', 'LSH tables (default 16)', intFlag(1, 1024))
    .option('--bits <n>', 'LSH bits per table (default 16)', intFlag(1, 24))
    .option('--probes <n>', 'LSH extra buckets probed per table (default 2)', intFlag(0, 24))
    .option('--cosine <c>', 'norm-scan: stop once c·‖q‖·‖y‖ < the K-th score, c in (0, 1] (default 0.5; 1 = exact); the recall a c gives depends on the model, so measure it first (docs/benchmarks.md, Retrieval)', floatFlag(0, 1, { exclusiveMin: true }))
    .option('--json', 'print one JSON object', false)
    .addHelpText(
      'after',
      `
auto measures on the model's own factors: exact below 100,000 targets or where the exact scan
already stops early (popularity-shaped implicit fits); otherwise IVF with the fewest probed lists
that give recall@10 ≥ 0.96 on 256 of the model's users (0.95 over all of them, with a margin),
if that scans under half as much.
recommend and similar use a saved index of the right side and metric (--index none: exact).
A model retrained into the same directory makes the index stale: it is detected by the
factors' checksum and rebuilt.

Examples:
  alsrec index model                            # auto: prints what it chose (method, lists, probes, calibrated recall)
  alsrec index model --method ivf --lists 1000 --nprobe 64
  alsrec index model --method hnsw --ef 80
  alsrec index model --metric cosine            # for alsrec similar --items
  alsrec index model --method norm-scan --cosine 0.6
  alsrec index model --method lsh --tables 32 --bits 14 --json`,
    )
    .action(async (modelDir: string, f: IndexFlags) => {
      const model = await loadALSModel(modelDir);
      const options: IndexOptions = {
        method: f.method,
        metric: f.metric,
        side: f.side,
        hnsw: { m: f.m, efConstruction: f.efConstruction, ef: f.ef, space: f.space },
        lsh: { tables: f.tables, bits: f.bits, probes: f.probes },
        normScan: { cosine: f.cosine },
        ivf: { lists: f.lists, probes: f.nprobe },
      };
      for (const o of [options.hnsw!, options.lsh!, options.normScan!, options.ivf!] as Record<string, unknown>[]) for (const key of Object.keys(o)) if (o[key] === undefined) delete o[key];
      io.stderr(`index: building over ${(f.side === 'item' ? model.itemIds : model.userIds).size} ${f.side}s…\n`);
      const t0 = performance.now();
      const index = await buildIndex(model, options);
      const buildSeconds = (performance.now() - t0) / 1000;
      const dir = await saveIndex(modelDir, index);
      await index.close?.();
      const summary = { dir, method: index.method, metric: index.metric, side: index.side, size: index.size, rank: index.rank, params: index.params, checksum: index.checksum, buildSeconds };
      io.stdout(
        f.json
          ? JSON.stringify(summary) + '\n'
          : `${index.method} index of ${index.size} ${index.side}s by ${index.metric} (${Object.entries(index.params).map(([k, v]) => `${k} ${v}`).join(', ')}) built in ${buildSeconds.toFixed(2)} s → ${dir}\n`,
      );
    });
}
