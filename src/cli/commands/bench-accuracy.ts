import { Command, Option } from 'commander';
import { availableParallelism } from 'node:os';
import { readMovieLens } from '../../io/read-movielens.js';
import { searchRunner } from '../../node-threads/worker-runner.js';
import { PROTOCOLS, runAccuracyProtocol, type AccuracyProtocolName, type AccuracyRun } from '../../tuning/accuracy-protocol.js';
import { describeParams } from '../../tuning/search-config.js';
import { describeBudget, type SearchBudget, type SearchStrategy } from '../../tuning/budgeted-search.js';
import type { CliIO } from '../cli-io.js';
import { formatTable } from '../format-table.js';
import { resolveMovieLens100k } from '../movielens-dir.js';
import { budgetFlag, choiceFlag, intFlag } from '../parse-flags.js';

interface BenchAccuracyFlags {
  protocol: AccuracyProtocolName;
  data?: string;
  budget: SearchBudget;
  search: SearchStrategy;
  seed: number;
  parallelism?: number;
  ceiling: boolean;
  json: boolean;
}

const LABELS: Record<string, string> = { ndcgAtK: 'NDCG@10', precisionAtK: 'P@10', recallAtK: 'R@10', map: 'MAP', rmse: 'RMSE', mae: 'MAE' };

export function benchAccuracyCommand(io: CliIO): Command {
  const cmd = new Command('bench-accuracy')
    .description('Run a published MovieLens 100k protocol end to end (split, tune on train only, refit, test) beside the published figures')
    .requiredOption('--protocol <name>', 'recommenders-ml100k (binarised, stratified 75/25, top 10) or seed (explicit with biases, random 75/25, RMSE)', choiceFlag(['recommenders-ml100k', 'seed'] as const))
    .option('--data <dir>', 'the unzipped ml-100k directory (default: $ALSREC_ML100K, else the download cache)')
    .addOption(
      new Option('--budget <fits|seconds>', 'what the search may spend, and again the test-set ceiling: fits at full maxIter (30) or wall time (120s, 2m)')
        .argParser(budgetFlag)
        .default({ fits: 30 }, '30 fits'),
    )
    .option('--search <strategy>', 'random (independent draws) or halving (successive halving over maxIter: more settings for the same budget)', choiceFlag(['random', 'halving'] as const), 'random')
    .option('--seed <n>', 'seed of the inner validation split and of the sampled configurations', intFlag(-2147483648, 2147483647), 42)
    .option('--parallelism <n>', 'fits at once: this thread and n − 1 worker threads, one fit each (default: the number of cores)', intFlag(1, 1024))
    .option('--no-ceiling', 'skip the test-set ceiling (halves the time)')
    .option('--json', 'print the result as JSON on stdout', false)
    .addHelpText(
      'after',
      `
Tuning never sees the test part: a random search (or successive halving) over the protocol's
ranges on an 80/20 split of the training part (per user for recommenders-ml100k), the best setting
refitted on all of it (recommenders-ml100k: as an average of 8 seeds), then scored once on the test
part. The ceiling row is the same search with the same budget scored on the test part: what
peeking would report. A fits budget is reproducible; a seconds budget depends on the load.

Examples:
  alsrec bench-accuracy --protocol recommenders-ml100k --budget 24
  alsrec bench-accuracy --protocol recommenders-ml100k --search halving --budget 120s
  alsrec bench-accuracy --protocol seed --data ~/ml-100k --json`,
    );
  return cmd.action(async (f: BenchAccuracyFlags) => {
    const dir = await resolveMovieLens100k(f.data, io.env);
    const data = await readMovieLens(dir);
    const parallelism = f.parallelism ?? availableParallelism();
    const run = await runAccuracyProtocol(data, f.protocol, {
      budget: f.budget,
      strategy: f.search,
      seed: f.seed,
      runner: searchRunner(parallelism),
      ceiling: f.ceiling,
      onPhase: (phase) =>
        io.stderr(phase === 'search' ? `bench-accuracy: ${f.search} search on the training part (${describeBudget(f.budget)})…\n` : `bench-accuracy: the test-set ceiling (${describeBudget(f.budget)})…\n`),
    });
    if (f.json) {
      io.stdout(JSON.stringify(run) + '\n');
      return;
    }
    io.stdout(formatRun(run, parallelism));
  });
}

/** The protocol's table: alsrec tuned on train, the ceiling, and the published figures. */
export function formatRun(run: AccuracyRun, parallelism: number): string {
  const keys = PROTOCOLS[run.protocol].report;
  const fmt = (v: number | undefined): number | string => v ?? '—';
  const rows: (string | number)[][] = [
    ['alsrec ALS, tuned on train', ...keys.map((k) => fmt(run.test[k]))],
    ...(run.ceiling ? [['  ceiling (same search, scored on test)', ...keys.map((k) => fmt(run.ceiling!.test[k]))]] : []),
    ...run.published.map((p) => [`${p.model} (published)`, ...keys.map((k) => fmt(p.values[k]))]),
  ];
  const b = run.budget;
  return (
    `protocol ${run.protocol}: ${run.rows.train} training rows, ${run.rows.test} test rows\n` +
    `budget: ${b.budget}, ${b.strategy} search of ${b.ranges.join(', ')} (fixed ${describeParams(b.fixed)}), ` +
    `scored by ${b.metric} on a ${b.validation} ${b.validationRatio}/${(1 - b.validationRatio).toFixed(2)} split of the training part, ${parallelism} at once\n` +
    `spent: ${b.rungs.map((r) => `${r.configs} setting${r.configs === 1 ? "" : "s"} × ${r.maxIter} iterations`).join(' → ')} = ${b.fitsUsed.toFixed(1)} fits` +
    (run.ceiling ? ` (ceiling ${run.ceiling.fitsUsed.toFixed(1)})` : '') +
    `; refit with ${Object.keys(b.refitWith).length ? describeParams(b.refitWith) : 'nothing added'}\n` +
    `ranges and refit: ${b.rationale}\n` +
    `best: ${describeParams(run.best.params)} (validation ${b.metric} ${run.best.validation.toFixed(4)}); refitted model rows of ${run.modelRank} columns\n` +
    (run.ceiling ? `ceiling's setting: ${describeParams(run.ceiling.params)}\n` : '') +
    '\n' +
    formatTable(['model', ...keys.map((k) => LABELS[k] ?? k)], rows) +
    `\nwall time: search ${run.seconds.search.toFixed(1)} s, refit ${run.seconds.refit.toFixed(1)} s, ceiling ${run.seconds.ceiling.toFixed(1)} s, total ${run.seconds.total.toFixed(1)} s\n` +
    `published figures: ${[...new Set(run.published.map((p) => p.source))].join('; ')}\n`
  );
}

