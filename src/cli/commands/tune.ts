import { Command } from 'commander';
import { availableParallelism } from 'node:os';
import { size } from '../../data/interactions.js';
import { saveALSModel } from '../../io/als-model-dir.js';
import { crossValidate } from '../../tuning/cross-validate.js';
import { gridAxes, gridScalars, paramGrid } from '../../tuning/param-grid.js';
import type { SearchOptions, TuningResult } from '../../tuning/run-search.js';
import { checkConfigs } from '../../tuning/search-config.js';
import { trainValidationSplit } from '../../tuning/train-validation-split.js';
import { metricFamily, parseMetric, type MetricName } from '../../tuning/tuning-metric.js';
import type { ParamMap } from '../../tuning/param-grid.js';
import { UsageError, type CliIO } from '../cli-io.js';
import { addDataFlags, readWithFlags, type DataFlags } from '../data-flags.js';
import { budgetFlag, choiceFlag, floatFlag, intFlag } from '../parse-flags.js';
import { collectGrid, collectSet, gridFromFlags, IMPLICIT_FLAG, type GridFlag } from '../tuning/grid-flags.js';
import { searchProgress } from '../tuning/grid-progress.js';
import { heatmapFile, HEATMAP_EXTENSIONS, REPORT_EXTENSIONS, tuningReportHtml } from '../tuning/tuning-pictures.js';
import { ALSModel } from '../../als/als-model.js';
import { writeFileAtomic } from '../../io/atomic.js';
import { withOutputs } from '../../io/output-transaction.js';
import { checkOutputs } from '../output-paths.js';
import { describeSearch, formatTuningTable, tableFamilies } from '../tuning/tuning-table.js';
import { searchRunner } from '../../node-threads/worker-runner.js';
import { InvalidArgumentError } from 'commander';
import { runSearch } from '../../tuning/run-search.js';
import { parseRange, sampleConfigs, type ParamRange } from '../../tuning/random-search.js';
import { validationPlan, type ValidationMethod } from '../../tuning/validation-plan.js';
import type { ParamValue } from '../../tuning/param-grid.js';
import { budgetedSearch, type BudgetedResult, type SearchBudget, type SearchStrategy } from '../../tuning/budgeted-search.js';
import { crossValidationPlan, explicitValidationPlan, trainValidationPlan, type SplitPlan } from '../../tuning/split-plan.js';
import type { SearchEvents } from '../../tuning/search-runner.js';
import type { Interactions } from '../../data/interactions.js';

interface TuneFlags extends DataFlags {
  test?: string;
  folds?: number;
  trainRatio?: number;
  validation?: ValidationMethod;
  validationRatio: number;
  range: ParamRange[];
  budget?: SearchBudget;
  search: SearchStrategy;
  grid: GridFlag[];
  set: GridFlag[];
  implicit: boolean;
  metric?: string;
  k: number;
  seed: number;
  parallelism: number;
  heatmap?: string;
  report?: string;
  saveBest?: string;
  overwrite: boolean;
  json: boolean;
}

export function tuneCommand(io: CliIO): Command {
  const cmd = new Command('tune')
    .description('Grid search of ALS parameters: train/validation or k-fold cross-validation, table, heatmap, best model')
    .argument('<train>', 'training interactions (u.data, ratings.dat, ratings.csv, or CSV/TSV with a header)')
    .option('--test <file>', 'validation interactions: fit on <train>, score on this file (the seed workflow)')
    .option('--folds <n>', 'k-fold cross-validation of <train> (Spark CrossValidator)', intFlag(2, 1000))
    .option('--train-ratio <r>', 'split <train> once at random: this share trains, the rest validates (Spark TrainValidationSplit)', floatFlag(0, 1, { exclusiveMin: true, exclusiveMax: true }))
    .option('--validation <method>', 'one inner split of <train>: stratified (per user, as the ML-100k benchmark), random, or chrono (per user by time); best refitted on all of <train>', choiceFlag(['stratified', 'random', 'chrono'] as const))
    .option('--validation-ratio <r>', 'share of each user\'s rows (random: of all rows) that trains under --validation', floatFlag(0, 1, { exclusiveMin: true, exclusiveMax: true }), 0.8)
    .option('--range <key=low:high[:log]>', 'random search: sample this parameter from a range, e.g. alpha=0.1:40:log (repeatable; with --budget, instead of --grid)', collectRange, [])
    .option('--budget <fits|seconds>', 'random search: what to spend on settings sampled from the --range flags, in fits at full maxIter (30) or wall time (120s, 2m)', budgetFlag)
    .option('--search <strategy>', 'with --range: random (independent draws) or halving (successive halving over maxIter: more settings for the same budget)', choiceFlag(['random', 'halving'] as const), 'random')
    .option('--grid <key=values>', 'a searched parameter and its values, e.g. rank=10,15,20 (repeatable)', collectGrid, [])
    .option('--set <key=value>', 'a fixed parameter for every configuration, e.g. maxIter=15 (repeatable)', collectSet, [])
    .option('--implicit', 'implicit feedback: same as --set implicitPrefs=true', false)
    .option('--metric <name>', 'metric to optimise: rmse, mae, rsquared, explainedVariance, precision@k, recall@k, ndcg@k, map, map@k, catalogCoverage, … (default: rmse; ndcg@k with --implicit)')
    .option('--k <n>', 'cut-off of the ranking metrics when --metric has no @k', intFlag(1), 10)
    .option('--seed <n>', 'seed of the folds or split, and of the factors unless --set seed=…', intFlag(-2147483648, 2147483647), 42)
    .option('--parallelism <n>', 'fits run at once: this thread and n − 1 worker threads, one fit each; 1 = in-process (default: the number of cores)', intFlag(1, 1024))
    .option('--heatmap <file>', 'write the metric heatmap over the first two searched parameters (.svg or .png)')
    .option('--report <file>', 'write a self-contained HTML report (options, scores, heatmap, loss curve of the best model)')
    .option('--save-best <model-dir>', 'save the best model (refitted on <train>) as a Spark ALSModel directory')
    .option('--overwrite', 'replace --heatmap, --report files and the --save-best model directory if they exist', false)
    .option('--json', 'print one JSON object (every configuration and metric) instead of the table', false);
  addDataFlags(cmd).addHelpText(
    'after',
    `
Parameters (Spark's names; the kebab case of the train flags works too): rank, maxIter, regParam,
alpha, implicitPrefs, nonnegative, seed, solver, cgSteps, blockSize. --grid keys are searched over their
cartesian product, in the order of recommenders' generate_param_grid (keys sorted by name, the last
varying fastest); --set keys are added to every configuration.

Random search: --range key=low:high[:log] (repeatable) with --budget N samples N settings
(log-uniform with :log; rank, maxIter, cgSteps rounded) from the seed, instead of a --grid.
--budget 120s samples until two minutes of fits have passed instead. --search halving runs
successive halving: many settings at a few iterations, the best third at three times as many, …,
up to maxIter, for the same budget (a fit at m of maxIter iterations costs m/maxIter).

Protocols (give exactly one):
  --test FILE        fit on TRAIN, score on FILE; the best model is the one fitted on TRAIN
  --folds N          N-fold cross-validation of TRAIN, metric averaged over the folds, best refitted on TRAIN
  --train-ratio R    one random split of TRAIN, best refitted on all of TRAIN (Spark's TrainValidationSplit)
  --validation M     one split of TRAIN by M (stratified per user, random, chrono per user), --validation-ratio
                     R (default 0.8) trains; the best is always refitted on all of TRAIN

Rating metrics drop cold-start pairs; ranking metrics rank all items for each validation user with
the training items excluded. rmse and mae are better lower, every other metric higher. The table
scores only the families it shows (the metric's and its companions': --metric rmse skips the
ranking metrics); --json scores rating and ranking metrics for every configuration.

Examples:
  alsrec split u.data --train train.csv --test test.csv --ratio 0.75 --seed 42
  alsrec tune train.csv --test test.csv --grid rank=10,15,20 --grid regParam=0.001,0.1,1.0 \\
      --set maxIter=15 --metric rmse --heatmap rmse.png
  alsrec tune u.data --folds 5 --implicit --grid alpha=1,5,20,40 --grid regParam=0.01,0.1,1,10 \\
      --set rank=10 --set maxIter=10 --metric ndcg@10 --heatmap ndcg.png --report tune.html
  alsrec tune train.csv --binarize --implicit --validation stratified --validation-ratio 0.8 \
      --range alpha=0.1:40:log --range regParam=0.003:0.3:log --range rank=32:200:log --budget 30 \
      --set maxIter=15 --metric ndcg@10 --save-best best-model
  alsrec tune train.csv --validation random --range rank=8:80:log --range regParam=0.04:0.4:log \
      --set biases=true --set maxIter=15 --search halving --budget 60s`,
  );
  return cmd.action(async (trainPath: string, f: TuneFlags) => {
    const protocols = [f.test !== undefined, f.folds !== undefined, f.trainRatio !== undefined, f.validation !== undefined].filter(Boolean).length;
    if (protocols !== 1) {
      throw new UsageError(
        `tune: give exactly one of --test FILE, --folds N, --train-ratio R, --validation METHOD (got ${protocols}); e.g. --validation stratified or --folds 5`,
      );
    }
    if (f.validation === undefined && cmd.getOptionValueSource('validationRatio') === 'cli') {
      throw new UsageError('tune: --validation-ratio sets the split of --validation; add --validation stratified|random|chrono or drop it');
    }
    const random = f.range.length > 0;
    if (random !== (f.budget !== undefined)) {
      throw new UsageError(`tune: random search needs both --range and --budget (got ${random ? '--range without --budget' : '--budget without --range'}); e.g. --range alpha=0.1:40:log --budget 20`);
    }
    if (random && f.grid.length > 0) {
      throw new UsageError('tune: give --grid (a grid search) or --range with --budget (a random search), not both; fix the other parameters with --set');
    }
    const flags = [...f.grid, ...f.set, ...(f.implicit ? [IMPLICIT_FLAG] : [])];
    const spec = random ? rangeSpec(f.range, flags) : gridFromFlags(flags);
    const grid = { ...spec, ...('seed' in spec ? {} : { seed: f.seed }) };
    const implicit = gridScalars(spec).implicitPrefs === true;
    const choice = parseMetric(f.metric ?? (implicit ? 'ndcgAtK' : 'rmse'), f.k);
    const budgeted = random && (f.search === 'halving' || 'seconds' in f.budget!);
    if (!random && cmd.getOptionValueSource('search') === 'cli') throw new UsageError('tune: --search chooses how --range settings are sampled; add --range and --budget or drop --search');
    const configs = random ? sampleConfigs(f.range, gridScalars(grid), 'fits' in f.budget! ? f.budget.fits : 1, f.seed) : paramGrid(grid);
    checkConfigs(configs, 'tune'); // before reading the data: a bad grid fails at once
    checkUseful(flags, configs, choice.metric);
    if ((f.heatmap || f.report) && !gridAxes(spec).some((a) => a.values.length > 1)) {
      const flag = f.heatmap ? '--heatmap' : '--report';
      throw new UsageError(`${flag} lays the metric out over the searched parameters, and this grid varies none; give a --grid with two or more values, e.g. --grid rank=10,20`);
    }
    await checkOutputs({
      verb: 'tune',
      inputs: [{ flag: '<train>', path: trainPath }, ...(f.test ? [{ flag: '--test', path: f.test }] : [])],
      outputs: [
        ...(f.heatmap ? [{ flag: '--heatmap', path: f.heatmap, kind: 'file' as const, extensions: HEATMAP_EXTENSIONS }] : []),
        ...(f.report ? [{ flag: '--report', path: f.report, kind: 'file' as const, extensions: REPORT_EXTENSIONS }] : []),
        ...(f.saveBest ? [{ flag: '--save-best', path: f.saveBest, kind: 'model-dir' as const }] : []),
      ],
      overwrite: f.overwrite,
    });

    const parallelism = f.parallelism ?? availableParallelism();
    const splits = f.folds ?? 1;
    const lanes = Math.min(parallelism, configs.length * splits);
    // The search workers boot while the data is read (~50–100 ms each, on the other cores).
    const runner = searchRunner(budgeted ? parallelism : lanes, { startNow: true });
    const train = await readWithFlags(trainPath, f, { io });
    const test = f.test ? await readWithFlags(f.test, f, { userIds: train.userIds, itemIds: train.itemIds, io }) : undefined;
    const progress = f.json || budgeted ? null : searchProgress(io, { totalFits: configs.length * splits, lanes, configs, splits });
    const budgetLog = budgeted && !f.json ? budgetProgress(io) : undefined;
    // The table shows the optimised metric's family and its companions: only those are scored
    // (ranking metrics rank every validation user's items, a third of a small rmse search); --json
    // prints every family, so it scores them all as before.
    const families = f.json ? undefined : tableFamilies(choice.metric);
    const opts: SearchOptions = { metric: choice.metric, k: choice.k, seed: f.seed, runner, events: progress?.events ?? budgetLog, families };
    const t0 = performance.now();
    let result: TuningResult;
    try {
      result = budgeted
        ? await budgetedSearch(searchPlan(f, train, test), f.range, gridScalars(grid), f.budget!, { ...opts, strategy: f.search }, 'tune')
        : f.folds !== undefined
        ? await crossValidate(train, random ? configs : grid, { ...opts, numFolds: f.folds })
        : test
          ? await trainValidationSplit({ train, validation: test }, random ? configs : grid, opts)
          : f.validation !== undefined
            ? await runSearch(validationPlan(train, f.validation, f.validationRatio, f.seed), configs, opts, 'tune')
            : await trainValidationSplit(train, random ? configs : grid, { ...opts, trainRatio: f.trainRatio });
    } finally {
      progress?.stop();
    }
    const wallSeconds = (performance.now() - t0) / 1000;

    const rungs = 'rungs' in result ? (result as BudgetedResult).rungs : [];
    const axes = rungs.length > 1 ? [...gridAxes(spec), { name: 'maxIter', values: rungs.map((r) => r.maxIter) }] : gridAxes(spec);
    const fixed = Object.fromEntries(Object.entries(grid).filter(([k]) => !axes.some((a) => a.name === k)));
    const options = {
      train: trainPath,
      ...(f.test ? { validation: f.test } : {}),
      protocol: f.folds !== undefined
        ? `${f.folds}-fold cross-validation`
        : f.test
          ? 'train/validation (given)'
          : f.validation !== undefined
            ? `${f.validation} train/validation split ${f.validationRatio}`
            : `train/validation split ${f.trainRatio}`,
      seed: f.seed,
      metric: result.label,
      grid: axes.map((a) => `${a.name}=${a.values.join(',')}`).join(' '),
      fixed: Object.entries(fixed).map(([k, v]) => `${k}=${String(v)}`).join(' '),
      parallelism,
    };
    // The best model records how its rows were read (--user-col, --item-col, --rating-col), as train's does.
    const best = result.bestModel;
    const bestModel = new ALSModel({ ...best, options: { ...best.options, userCol: f.userCol, itemCol: f.itemCol, ratingCol: f.ratingCol } });
    await withOutputs(async (out) => {
      const heatmap = f.heatmap ? await heatmapFile(f.heatmap, result) : undefined;
      if (f.heatmap) await out.write(f.heatmap, (tmp) => writeFileAtomic(tmp, heatmap!.data));
      if (f.report) {
        const html = await tuningReportHtml(result, { options, heatmapSvg: heatmap?.svg });
        await out.write(f.report, (tmp) => writeFileAtomic(tmp, html));
      }
      if (f.saveBest) await out.write(f.saveBest, (tmp) => saveALSModel(bestModel, tmp));
    });

    if (f.json) {
      const { bestModel, ...rest } = result;
      io.stdout(
        JSON.stringify({
          ...rest,
          grid: spec,
          rows: { train: size(train), ...(test ? { validation: size(test) } : {}) },
          parallelism,
          seconds: { ...result.seconds, wall: wallSeconds },
          bestModel: { rank: bestModel.rank, users: bestModel.userIds.size, items: bestModel.itemIds.size, loss: bestModel.summary.loss },
          files: { heatmap: f.heatmap, report: f.report, saveBest: f.saveBest },
        }) + '\n',
      );
      return;
    }
    const { head, tail } = describeSearch(result, { train: trainPath, validation: f.test, fixed, parallelism });
    const written = [
      f.heatmap ? `heatmap written to ${f.heatmap}\n` : '',
      f.report ? `report written to ${f.report}\n` : '',
      f.saveBest ? `best model saved to ${f.saveBest}\n` : '',
    ].join('');
    io.stdout(head + formatTuningTable(result, axes) + tail + written);
  });
}

/**
 * Options that would do nothing are errors: alpha (--grid or --set) when no configuration is
 * implicit, and a rating metric (rmse, mae, …) when every configuration is: implicit ALS predicts
 * preferences in [0, 1], so its RMSE against ratings measures nothing worth optimising.
 */
/** The plan of the chosen protocol, for a budgeted search (the same splits the other searches make). */
function searchPlan(f: TuneFlags, train: Interactions, test: Interactions | undefined): SplitPlan {
  if (f.folds !== undefined) return crossValidationPlan(train, f.folds, f.seed);
  if (test) return explicitValidationPlan(train, test);
  if (f.validation !== undefined) return validationPlan(train, f.validation, f.validationRatio, f.seed);
  return trainValidationPlan(train, f.trainRatio!, f.seed);
}

/** Progress of a budgeted search on stderr: a line every 10 fits (its length is not known ahead). */
function budgetProgress(io: CliIO): SearchEvents {
  let done = 0;
  const t0 = performance.now();
  return {
    onTaskDone() {
      done++;
      if (done % 10 === 0) io.stderr(`tune: ${done} fits done in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    },
  };
}

/** commander parser of repeated `--range key=low:high[:log]` flags. */
function collectRange(text: string, previous: ParamRange[] = []): ParamRange[] {
  try {
    return [...previous, parseRange(text)];
  } catch (e) {
    throw new InvalidArgumentError(`${(e as Error).message}.`);
  }
}

/**
 * The spec of a random search, for the checks and the report: each --range key as an axis of its
 * two ends (so the table and heatmap lay results out over them), --set / --implicit as scalars.
 */
function rangeSpec(ranges: readonly ParamRange[], flags: readonly GridFlag[]): Record<string, ParamValue | ParamValue[]> {
  const spec: Record<string, ParamValue | ParamValue[]> = {};
  for (const f of flags) spec[f.key] = f.values[0]!;
  for (const r of ranges) {
    if (r.key in spec) throw new UsageError(`tune: ${r.key} is given by --range and by --set; give each parameter once`);
    spec[r.key] = [r.low, r.high];
  }
  return spec;
}

function checkUseful(flags: readonly GridFlag[], configs: readonly ParamMap[], metric: MetricName): void {
  const implicit = configs.filter((c) => c.implicitPrefs === true).length;
  const alpha = flags.find((f) => f.key === 'alpha');
  if (alpha && implicit === 0) {
    throw new UsageError(
      `tune: alpha (${alpha.flag} ${alpha.text}) sets the confidence of implicit feedback and does nothing without it; add --implicit or drop alpha`,
    );
  }
  if (implicit === configs.length && metricFamily(metric) === 'rating') {
    throw new UsageError(
      `tune: ${metric} is a rating metric, not meaningful for implicit feedback (predictions are preferences, not ratings); ` +
        'optimise a ranking metric, e.g. --metric ndcg@10 or --metric map@10',
    );
  }
}
