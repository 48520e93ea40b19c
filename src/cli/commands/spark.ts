import { Command } from 'commander';
import { formatCommand, runSparkJob, sparkCommand, type SparkSubmitOptions } from '../../spark/spark-submit.js';
import type { CliIO } from '../cli-io.js';
import { choiceFlag, intFlag } from '../parse-flags.js';
import { checkOutputs, type InputSpec, type OutputSpec } from '../output-paths.js';
import { addALSFlags } from './train.js';

const SPARK_FORMATS = ['auto', 'csv', 'tsv', 'parquet', 'ml100k', 'ml-dat'] as const;

interface SparkFlags {
  master: string;
  conf: string[];
  sparkSubmit?: string;
  dryRun: boolean;
  json: boolean;
  format: (typeof SPARK_FORMATS)[number];
  userCol: string;
  itemCol: string;
  ratingCol: string;
  ids: 'auto' | 'string';
}

function addSparkFlags(cmd: Command): Command {
  return cmd
    .option('--master <url>', 'Spark master: local[*], local[N], spark://host:port, yarn, k8s://…', 'local[*]')
    .option('--conf <key=value>', 'Spark setting for spark-submit (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--spark-submit <path>', 'spark-submit to run (default: $SPARK_HOME/bin, $ALSREC_SPARK_VENVS, $PATH)')
    .option('--dry-run', 'print the spark-submit command and stop', false)
    .option('--json', 'print the job summary as JSON on stdout', false)
    .option('--format <format>', `input format: ${SPARK_FORMATS.join(', ')} (auto: from the name; a directory is Parquet)`, choiceFlag(SPARK_FORMATS), 'auto')
    .option('--user-col <name>', 'user id column (CSV header or Parquet column)', 'user')
    .option('--item-col <name>', 'item id column', 'item')
    .option('--rating-col <name>', "rating column; 'none' when every row counts as rating 1", 'rating')
    .option('--ids <kind>', 'id columns: auto (integers when every value is one) or string', choiceFlag(['auto', 'string'] as const), 'auto');
}

function dataArgs(f: SparkFlags): string[] {
  return ['--format', f.format, '--user-col', f.userCol, '--item-col', f.itemCol, '--rating-col', f.ratingCol, '--ids', f.ids];
}

/** A path on this machine, as opposed to a URI Spark resolves (s3a://, hdfs://, file:/ …). */
function isLocal(path: string): boolean {
  return !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(path);
}

/**
 * The output checks of every other verb (output-paths.ts) for the local paths of a Spark job:
 * Spark writes them from its own process, so they are checked before it starts.
 */
async function checkLocalOutputs(verb: string, inputs: InputSpec[], outputs: OutputSpec[], overwrite: boolean): Promise<void> {
  await checkOutputs({ verb, inputs: inputs.filter((i) => isLocal(i.path)), outputs: outputs.filter((o) => isLocal(o.path)), overwrite });
}

/** Prints the command (stderr; stdout for --dry-run), runs it unless --dry-run, prints the summary. */
async function submit(io: CliIO, jobArgs: string[], f: SparkFlags, describe: (s: Record<string, unknown>) => string): Promise<void> {
  const opts: SparkSubmitOptions = { master: f.master, conf: f.conf, sparkSubmit: f.sparkSubmit, env: io.env };
  const cmd = sparkCommand(jobArgs, opts);
  const line = formatCommand(cmd);
  if (f.dryRun) {
    io.stdout(line + '\n');
    return;
  }
  io.stderr(`$ ${line}\n`);
  const summary = await runSparkJob(cmd, { env: io.env, onStderr: io.stderr });
  io.stdout(f.json ? JSON.stringify(summary) + '\n' : describe(summary));
}

export function sparkCommandGroup(io: CliIO): Command {
  const group = new Command('spark').description('Hand over to Spark: train or recommend on a cluster (or local[N]) with alsrec’s PySpark job');

  const train = new Command('train')
    .description('Fit pyspark.ml ALS on INPUT; write a Spark ALSModel plus alsrec.json, usable by alsrec evaluate/recommend')
    .argument('<input>', 'interactions: CSV/TSV with a header, u.data, ratings.dat, or Parquet (file or directory); any URI Spark reads')
    .requiredOption('--out <model-dir>', 'model directory to write (any URI Spark writes)')
    .option('--overwrite', 'replace the model directory if it exists', false);
  addSparkFlags(addALSFlags(train)).addHelpText(
    'after',
    `
Runs src/spark/job.py (shipped with alsrec; PySpark only) through spark-submit and prints the exact
command. Spark's ALS solves by Cholesky (NNLS with --nonnegative); --solver does not apply.

Examples:
  alsrec spark train u.data --out model --rank 10 --max-iter 15 --reg-param 0.05 --master 'local[2]'
  alsrec spark train s3a://bucket/ratings/ --out s3a://bucket/model --master yarn \\
      --conf spark.executor.memory=8g --conf spark.executor.instances=20
  alsrec spark train ratings.csv --out model --dry-run        # print the spark-submit command only
  alsrec evaluate model --test test.csv --train train.csv     # the model is an alsrec model`,
  );
  train.action(async (input: string, f: SparkFlags & Record<string, unknown>) => {
    if (f.solver) throw new Error(`spark train: --solver ${String(f.solver)} does not apply: Spark solves by Cholesky (NNLS with --nonnegative); drop --solver`);
    if (!f.dryRun) {
      await checkLocalOutputs('spark train', [{ flag: '<input>', path: input }], [{ flag: '--out', path: f.out as string, kind: 'model-dir' }], Boolean(f.overwrite));
    }
    const args = [
      'train', input, '--out', f.out as string,
      '--rank', String(f.rank), '--max-iter', String(f.maxIter), '--reg-param', String(f.regParam),
      '--alpha', String(f.alpha), '--seed', String(f.seed), '--cold-start', f.coldStart as string,
      ...(f.implicit ? ['--implicit'] : []), ...(f.nonnegative ? ['--nonnegative'] : []), ...(f.overwrite ? ['--overwrite'] : []),
      ...dataArgs(f),
    ];
    await submit(io, args, f, (s) => {
      const sec = s.seconds as Record<string, number>;
      return (
        `Spark ${String(s.sparkVersion)} trained ALS rank ${String(s.rank)} on ${String(s.rows)} rows (${String(s.users)} users, ${String(s.items)} items)\n` +
        `read ${sec.read!.toFixed(2)} s, fit ${sec.fit!.toFixed(2)} s, save ${sec.save!.toFixed(2)} s\n` +
        `saved to ${String(s.model)} (Spark ALSModel + alsrec.json)\n`
      );
    });
  });

  const recommend = new Command('recommend')
    .description('recommendForAllUsers on Spark, seen items removed by an anti-join; writes Parquet in Spark’s schema')
    .argument('<model-dir>', 'model directory (alsrec or Spark ALSModel; any URI Spark reads)')
    .requiredOption('--out <path>', 'Parquet output (a directory of parts): user, recommendations: array<struct<item, rating>>')
    .option('--k <n>', 'items per user', intFlag(1, 100000), 10)
    .option('--exclude <interactions>', 'interactions whose items are not recommended again (usually the training data)')
    .option('--overwrite', 'replace the output if it exists', false);
  addSparkFlags(recommend).addHelpText(
    'after',
    `
Example:
  alsrec spark recommend model --k 10 --exclude u.data --out recs.parquet --master 'local[2]'`,
  );
  recommend.action(async (model: string, f: SparkFlags & { out: string; k: number; exclude?: string; overwrite: boolean }) => {
    if (!f.dryRun) {
      await checkLocalOutputs(
        'spark recommend',
        [{ flag: '<model-dir>', path: model }, ...(f.exclude ? [{ flag: '--exclude', path: f.exclude }] : [])],
        [{ flag: '--out', path: f.out, kind: 'parquet-dir' }],
        f.overwrite,
      );
    }
    const args = [
      'recommend', model, '--out', f.out, '--k', String(f.k),
      ...(f.exclude ? ['--exclude', f.exclude] : []), ...(f.overwrite ? ['--overwrite'] : []), ...dataArgs(f),
    ];
    await submit(io, args, f, (s) => `Spark ${String(s.sparkVersion)} wrote top ${String(s.k)} for ${String(s.users)} users to ${String(s.out)}\n`);
  });

  return group.addCommand(train).addCommand(recommend);
}
