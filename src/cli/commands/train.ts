import { Command } from 'commander';
import { ALS } from '../../als/als.js';
import type { ALSOptions } from '../../als/options.js';
import { size } from '../../data/interactions.js';
import { loadALSModel, saveALSModel } from '../../io/als-model-dir.js';
import { withOutputs } from '../../io/output-transaction.js';
import { UsageError, type CliIO } from '../cli-io.js';
import { addDataFlags, readWithFlags, type DataFlags } from '../data-flags.js';
import { choiceFlag, floatFlag, intFlag } from '../parse-flags.js';
import { iterationProgress } from '../progress.js';
import { plural } from '../format-table.js';
import { checkOutputs } from '../output-paths.js';

interface TrainFlags extends DataFlags {
  out: string;
  rank: number;
  maxIter: number;
  regParam: number;
  implicit: boolean;
  alpha: number;
  nonnegative: boolean;
  seed: number;
  coldStart: 'nan' | 'drop';
  solver?: 'cholesky' | 'cg' | 'ials++';
  blockSize?: number;
  biases?: boolean;
  unobservedWeight?: number;
  regScaling?: 'spark' | 'frequency';
  regExponent?: number;
  initStd?: number;
  ensembleSize?: number;
  overwrite: boolean;
  json: boolean;
  init?: string;
}

/** Adds the ALS hyper-parameter flags (Spark's names in kebab case, Spark's defaults). */
export function addALSFlags(cmd: Command, defaults: Partial<Record<'rank' | 'maxIter' | 'regParam' | 'seed', number>> = {}): Command {
  return cmd
    .option('--rank <n>', 'number of latent factors', intFlag(1, 4096), defaults.rank ?? 10)
    .option('--max-iter <n>', 'ALS iterations (each: items, then users)', intFlag(0, 100000), defaults.maxIter ?? 10)
    .option('--reg-param <λ>', 'regularisation λ ≥ 0, scaled per row by its rating count (ALS-WR)', floatFlag(0), defaults.regParam ?? 0.1)
    .option('--implicit', 'implicit feedback: ratings are confidences (clicks, views, plays)', false)
    .option('--alpha <α>', 'implicit confidence slope: c = 1 + α·|r|', floatFlag(0), 1.0)
    .option('--nonnegative', 'constrain factors to be ≥ 0 (NNLS)', false)
    .option('--solver <solver>', "linear solver: cholesky (exact), cg (conjugate gradient) or ials++ (block coordinate descent; both implicit only)", choiceFlag(['cholesky', 'cg', 'ials++'] as const))
    .option('--block-size <n>', 'block size of --solver ials++ (default 32)', intFlag(1, 4096))
    .option('--seed <n>', 'seed of the factor initialisation', intFlag(-2147483648, 2147483647), defaults.seed ?? 0)
    .option('--cold-start <strategy>', "unknown users/items at prediction: nan (Spark's default) or drop", choiceFlag(['nan', 'drop'] as const), 'nan');
}

/**
 * The variants beyond Spark's ALS (train only: `alsrec spark train` runs Spark's own): biased
 * explicit ALS, and Rendle's regularisation of implicit ALS. Absent flags keep Spark's behaviour.
 */
export function addVariantFlags(cmd: Command): Command {
  return cmd
    .option('--biases', 'explicit only: learn a global mean and user and item biases with the factors (r̂ = μ + b_u + b_i + x·y)')
    .option('--unobserved-weight <α₀>', "implicit only: weight of every unobserved pair (Spark: 1); Rendle et al. 2021", floatFlag(0))
    .option('--reg-scaling <how>', "implicit only: λ·n⁺ (spark, default) or λ·(n⁺ + α₀·N)^ν (frequency)", choiceFlag(['spark', 'frequency'] as const))
    .option('--reg-exponent <ν>', 'ν of --reg-scaling frequency (default 1)', floatFlag(0))
    .option('--init-std <s>', "initial factor entries N(0, s²) instead of Spark's unit-length rows (0 = Spark's)", floatFlag(0))
    .option('--ensemble-size <n>', 'average n fits seeded seed … seed + n − 1 into one model (rows side by side; Spark: 1)', intFlag(1, 1000));
}

export function alsOptionsFromFlags(f: TrainFlags | (DataFlags & Omit<TrainFlags, 'out' | 'overwrite' | 'json'>)): ALSOptions {
  return {
    rank: f.rank,
    maxIter: f.maxIter,
    regParam: f.regParam,
    implicitPrefs: f.implicit,
    alpha: f.alpha,
    nonnegative: f.nonnegative,
    seed: f.seed,
    coldStartStrategy: f.coldStart,
    solver: f.solver,
    blockSize: f.blockSize,
    biases: 'biases' in f ? f.biases : undefined,
    unobservedWeight: 'unobservedWeight' in f ? f.unobservedWeight : undefined,
    regScaling: 'regScaling' in f ? f.regScaling : undefined,
    regExponent: 'regExponent' in f ? f.regExponent : undefined,
    initStd: 'initStd' in f ? f.initStd : undefined,
    ensembleSize: 'ensembleSize' in f ? f.ensembleSize : undefined,
    userCol: f.userCol,
    itemCol: f.itemCol,
    ratingCol: f.ratingCol,
  };
}

export function trainCommand(io: CliIO): Command {
  const cmd = new Command('train')
    .description('Fit an ALS model on an interactions file and save it as a Spark ALSModel directory')
    .argument('<input>', 'training interactions (u.data, ratings.dat, ratings.csv, or CSV/TSV with a header)')
    .requiredOption('--out <model-dir>', 'model directory to write (Spark ALSModel layout + alsrec.json)')
    .option('--overwrite', 'replace the model directory if it exists (only a model directory is ever replaced)', false)
    .option('--init <model-dir>', 'warm start: begin from this model’s factors (same rank); new users/items start random')
    .option('--json', 'print a JSON summary on stdout instead of text', false);
  addDataFlags(addVariantFlags(addALSFlags(cmd))).addHelpText(
    'after',
    `
Examples:
  alsrec train u.data --out model --rank 10 --max-iter 15 --reg-param 0.05
  alsrec train clicks.csv --user-col visitor --item-col video --rating-col plays \\
      --implicit --alpha 40 --duplicates sum --out clicks-model
  alsrec train u.data --out biased --biases --rank 20 --reg-param 0.1
  alsrec train clicks.csv --implicit --alpha 3 --unobserved-weight 0.1 \
      --reg-scaling frequency --init-std 0.01 --out rendle-model
  alsrec train u.data --binarize --implicit --rank 56 --reg-param 0.4 --alpha 4.3 \
      --max-iter 15 --ensemble-size 8 --out averaged-model

Warm start after new data arrived (a few iterations instead of a full fit):
  alsrec train all.csv --init model --max-iter 3 --out model-new

The model directory loads in PySpark with ALSModel.load(dir) (string ids are stored as row
numbers; their strings are in alsrec.json). A biased model's factors carry the biases as two
more columns (user [x, μ + b_u, 1], item [y, 1, b_i]), so Spark's predictions include them.`,
  );
  return cmd.action(async (input: string, f: TrainFlags) => {
    if (!f.implicit && cmd.getOptionValueSource('alpha') === 'cli') {
      throw new UsageError('train: --alpha sets the confidence of implicit feedback and does nothing without --implicit; add --implicit or drop --alpha');
    }
    await checkOutputs({
      verb: 'train',
      inputs: [{ flag: '<input>', path: input }],
      outputs: [{ flag: '--out', path: f.out, kind: 'model-dir' }],
      overwrite: f.overwrite,
    });
    const t0 = performance.now();
    const data = await readWithFlags(input, f, { io });
    const tRead = performance.now();
    const rows = size(data); // before the fit: consumeData empties data's arrays

    const progress = f.json ? null : iterationProgress(io, f.maxIter);
    const initialModel = f.init ? await loadALSModel(f.init) : undefined;
    const model = await new ALS({ ...alsOptionsFromFlags(f), onIteration: progress?.tick }).fit(data, { initialModel, consumeData: true });
    progress?.stop();
    const tFit = performance.now();
    await withOutputs((out) => out.write(f.out, (tmp) => saveALSModel(model, tmp)));
    const tSave = performance.now();
    const summary = {
      model: f.out,
      rows,
      users: model.userIds.size,
      items: model.itemIds.size,
      rank: model.options.rank,
      biases: model.options.biases,
      loss: model.summary.loss,
      seconds: { read: (tRead - t0) / 1000, fit: (tFit - tRead) / 1000, save: (tSave - tFit) / 1000 },
    };
    if (f.json) {
      io.stdout(JSON.stringify(summary) + '\n');
      return;
    }
    io.stdout(
      `trained ALS rank ${model.options.rank}${model.options.biases ? ' with biases' : ''} on ${plural(summary.rows, 'row')} (${plural(summary.users, 'user')}, ${plural(summary.items, 'item')})\n` +
        `final training loss ${model.summary.loss.at(-1)?.toFixed(2) ?? '—'}\n` +
        `read ${summary.seconds.read.toFixed(2)} s, fit ${summary.seconds.fit.toFixed(2)} s, save ${summary.seconds.save.toFixed(2)} s\n` +
        `saved to ${f.out}\n`,
    );
  });
}
