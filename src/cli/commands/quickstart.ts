import { Command } from 'commander';
import { ALS } from '../../als/als.js';
import type { ALSOptions } from '../../als/options.js';
import { size } from '../../data/interactions.js';
import { randomSplit } from '../../data/split-random.js';
import { evaluateBeyondAccuracy, evaluateRanking, evaluateRatings, rankingMetricsByK, testUsers, type Evaluation } from '../../eval/evaluate.js';
import { readMl100k } from '../../io/read-ml-ratings.js';
import { readMovieLensItems } from '../../io/read-ml-items.js';
import { resolveMovieLens100k } from '../movielens-dir.js';
import { UsageError, type CliIO } from '../cli-io.js';
import { formatEvaluation, METRIC_LABELS, RATING_METRICS } from './evaluate.js';
import { quickstartReport } from '../quickstart-report.js';
import { writeFileAtomic } from '../../io/atomic.js';
import { withOutputs } from '../../io/output-transaction.js';
import { checkOutputs } from '../output-paths.js';
import { REPORT_EXTENSIONS } from '../tuning/tuning-pictures.js';
import { floatFlag, intFlag } from '../parse-flags.js';
import { iterationProgress } from '../progress.js';

/** What Spark's ALS printed on this protocol (docs/metrics.md, "Published values"). */
const SPARK_PUBLISHED: Partial<Record<keyof Evaluation, number>> = {
  rmse: 0.964,
  mae: 0.751,
  rsquared: 0.266,
  explainedVariance: 0.272,
  precisionAtK: 0.044,
  recallAtK: 0.014,
  ndcgAtK: 0.037,
  map: 0.0035,
  // recommenders' ALS diversity notebook on ML-100k (docs/metrics.md)
  catalogCoverage: 0.374,
  distributionalCoverage: 7.99,
  novelty: 11.74,
  diversity: 0.891,
  serendipity: 0.879,
};

interface QuickstartFlags {
  data?: string;
  json: boolean;
  implicit: boolean;
  rank: number;
  maxIter: number;
  regParam: number;
  alpha: number;
  seed: number;
  k: number;
  samples: number;
  report?: string;
  overwrite: boolean;
}

export function quickstartCommand(io: CliIO): Command {
  const cmd = new Command('quickstart')
    .description("The PySpark ALS workflow on MovieLens 100k: split 75/25, fit, rating and ranking metrics, top-10 per user")
    .option('--data <dir>', 'directory holding u.data and u.item (default: $ALSREC_ML100K, else the download cache)')
    .option('--json', 'print one JSON object (the metric keys of `evaluate --json` plus timings)', false)
    .option('--implicit', 'treat ratings as implicit confidence (Hu et al.) instead of explicit ratings', false)
    .option('--rank <n>', 'latent factors', intFlag(1, 4096), 10)
    .option('--max-iter <n>', 'iterations', intFlag(0, 100000), 15)
    .option('--reg-param <λ>', "regularisation λ, scaled per row by its rating count", floatFlag(0), 0.05)
    .option('--alpha <α>', 'implicit confidence slope', floatFlag(0), 1.0)
    .option('--seed <n>', 'seed of the split and of the factors', intFlag(-2147483648, 2147483647), 42)
    .option('--k <n>', 'recommendations per user and ranking cut-off', intFlag(1), 10)
    .option('--samples <n>', 'users whose recommendations are printed with titles', intFlag(0), 3)
    .option('--report <file.html>', 'also write a self-contained HTML run report (metrics, loss curve, metrics against k, sample lists)')
    .option('--overwrite', 'replace the --report file if it exists', false)
    .addHelpText(
      'after',
      `
The seed notebook, step for step:
  ratings = spark.read... u.data                          alsrec: read u.data
  train, test = ratings.randomSplit([0.75, 0.25], seed=42)        random split, exact sizes
  ALS(rank=10, maxIter=15, regParam=0.05, coldStartStrategy='drop').fit(train)
  RMSE, MAE, R², explained variance on test               evaluate (cold-start pairs dropped)
  recommendForAllUsers(10) minus training items           top-10 excluding seen items
  precision, recall, NDCG, MAP @10                        ranking metrics over test users

Data: pass --data DIR or set ALSREC_ML100K; otherwise the files are downloaded once into
$ALSREC_CACHE (default ~/.cache/alsrec). Offline, the error says where to put them.`,
    )
    .action(async (f: QuickstartFlags) => {
      if (!f.implicit && cmd.getOptionValueSource('alpha') === 'cli') {
        throw new UsageError('quickstart: --alpha sets the confidence of implicit feedback and does nothing without --implicit; add --implicit or drop --alpha');
      }
      const ms: Record<string, number> = {};
      let t = performance.now();
      const lap = (name: string) => {
        const now = performance.now();
        ms[name] = now - t;
        t = now;
      };
      const given = f.data ?? io.env.ALSREC_ML100K;
      await checkOutputs({
        verb: 'quickstart',
        inputs: given ? [{ flag: f.data ? '--data' : '$ALSREC_ML100K', path: given }] : [],
        outputs: f.report ? [{ flag: '--report', path: f.report, kind: 'file', extensions: REPORT_EXTENSIONS }] : [],
        overwrite: f.overwrite,
      });
      const dir = await resolveMovieLens100k(f.data, io.env);
      const ratings = await readMl100k(`${dir}/u.data`);
      lap('read');
      const [train, test] = randomSplit(ratings, [0.75, 0.25], f.seed) as [typeof ratings, typeof ratings];
      lap('split');
      const options: ALSOptions = f.implicit
        ? { rank: f.rank, maxIter: f.maxIter, regParam: f.regParam, implicitPrefs: true, alpha: f.alpha, seed: f.seed, coldStartStrategy: 'drop' }
        : { rank: f.rank, maxIter: f.maxIter, regParam: f.regParam, seed: f.seed, coldStartStrategy: 'drop' };
      const progress = f.json ? null : iterationProgress(io, f.maxIter);
      const model = await new ALS({ ...options, onIteration: progress?.tick }).fit(train);
      progress?.stop();
      lap('fit');
      const rating = evaluateRatings(model, test);
      lap('predict');
      const recs = model.recommendForUserSubset(testUsers(test).sort(byId), f.k, { exclude: train });
      lap('recommend');
      const ranking = evaluateRanking(model, test, { k: f.k, recommendations: recs });
      lap('rankingMetrics');
      const beyond = evaluateBeyondAccuracy(model, train, recs);
      lap('beyondAccuracy');
      const evaluation: Evaluation = { ...rating, ...ranking, ...beyond };
      const total = Object.values(ms).reduce((a, b) => a + b, 0);
      const needTitles = f.samples > 0 || f.report !== undefined;
      const catalog = needTitles ? await readMovieLensItems(`${dir}/u.item`).catch(() => null) : null;
      const titles = new Map<number, string>();
      catalog?.ids.forEach((id, j) => titles.set(id, catalog.titles[j]!));
      if (f.report) {
        const metrics = Object.fromEntries(
          METRIC_LABELS.filter(([key]) => typeof evaluation[key] === 'number').map(([key, label]) => [
            label.replace('@k', `@${f.k}`) + (f.implicit && RATING_METRICS.includes(key) ? ' (not meaningful for implicit feedback)' : ''),
            evaluation[key] as number,
          ]),
        );
        const html = await quickstartReport({
          title: `alsrec quickstart — MovieLens 100k${f.implicit ? ' (implicit)' : ''}`,
          options: { ...options, split: `random [0.75, 0.25], seed ${f.seed}`, k: f.k, data: dir },
          metrics,
          timingsMs: roundAll(ms),
          model,
          recommendations: recs,
          byK: rankingMetricsByK(model, test, recs),
          titles,
          samples: Math.max(f.samples, 5),
          notes: ['Ranking metrics exclude each user’s training items; every test item counts as relevant. Definitions: docs/metrics.md.'],
        });
        const path = f.report;
        await withOutputs((out) => out.write(path, (tmp) => writeFileAtomic(tmp, html)));
      }
      if (f.json) {
        io.stdout(
          JSON.stringify({
            ...evaluation,
            ...(f.implicit ? { ratingMetricsMeaningful: false } : {}),
            options: { ...options, split: 'random 0.75/0.25', k: f.k },
            data: { dir, ratings: size(ratings), train: size(train), test: size(test), users: ratings.userIds.size, items: ratings.itemIds.size },
            timings: { ...roundAll(ms), total: round(total) },
          }) + '\n',
        );
        return;
      }
      const out: string[] = [];
      out.push(`alsrec quickstart — MovieLens 100k, the PySpark ALS workflow\n`);
      out.push(`data   ${dir}: ${size(ratings)} ratings, ${ratings.userIds.size} users, ${ratings.itemIds.size} items\n`);
      out.push(`split  random [0.75, 0.25], seed ${f.seed}: train ${size(train)}, test ${size(test)}\n`);
      out.push(`model  ALS(${Object.entries(options).map(([key, v]) => `${key}=${JSON.stringify(v)}`).join(', ')})\n`);
      out.push(`       final training loss ${model.summary.loss.at(-1)?.toFixed(1) ?? '—'}\n\n`);
      out.push(formatEvaluation(evaluation, f.implicit ? undefined : SPARK_PUBLISHED, { implicit: f.implicit }));
      out.push(`\nwall time (ms): ${Object.entries(ms).map(([key, v]) => `${key} ${v.toFixed(0)}`).join(', ')}; total ${total.toFixed(0)}\n`);
      for (let j = 0; j < Math.min(f.samples, recs.length); j++) {
        const names = Array.from(recs.list(j), (row) => {
          const id = recs.targetIds.toExternal(row);
          return titles.get(Number(id)) ?? `item ${id}`;
        });
        out.push(`\nuser ${recs.queryId(j)}: ${names.join('; ')}`);
      }
      if (f.report) out.push(`\n\nreport written to ${f.report}`);
      io.stdout(out.join('') + (f.samples > 0 || f.report ? '\n' : ''));
    });
  return cmd;
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

function roundAll(o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, round(v)]));
}

function byId(a: number | string, b: number | string): number {
  return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
}
