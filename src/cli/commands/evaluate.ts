import { Command } from 'commander';
import { evaluateModel, type Evaluation } from '../../eval/evaluate.js';
import { fewOverlapWarning, idOverlap, noOverlapError } from '../../eval/id-overlap.js';
import { UsageError, type CliIO } from '../cli-io.js';
import { loadModelFor } from '../load-model.js';
import { addColdFlags, runColdProtocols, type ColdFlags } from '../cold-start-flags.js';
import { addDataFlags, readWithFlags, type DataFlags } from '../data-flags.js';
import { formatTable, plural } from '../format-table.js';
import { intFlag } from '../parse-flags.js';

interface EvaluateFlags extends DataFlags, ColdFlags {
  test?: string;
  train?: string;
  k: number;
  json: boolean;
}

export const METRIC_LABELS: [keyof Evaluation, string][] = [
  ['rmse', 'RMSE'],
  ['mae', 'MAE'],
  ['rsquared', 'R²'],
  ['explainedVariance', 'explained variance'],
  ['precisionAtK', 'precision@k'],
  ['recallAtK', 'recall@k'],
  ['ndcgAtK', 'NDCG@k'],
  ['map', 'MAP (÷|G|)'],
  ['mapAtK', 'MAP@k (÷min(|G|,k))'],
  ['catalogCoverage', 'catalog coverage'],
  ['distributionalCoverage', 'distributional coverage'],
  ['novelty', 'novelty'],
  ['diversity', 'diversity'],
  ['serendipity', 'serendipity'],
];

export function evaluateCommand(io: CliIO): Command {
  const cmd = new Command('evaluate')
    .description('Score a saved model on held-out interactions: rating metrics and ranking metrics at k')
    .argument('<model-dir>', 'model directory (alsrec or Spark ALSModel)')
    .option('--test <file>', 'held-out interactions (or the cold-start protocol: --cold-users / --cold-items)')
    .option('--train <file>', 'training interactions: excluded from each user’s ranking (recommended)')
    .option('--k <n>', 'cut-off of the ranking metrics', intFlag(1), 10)
    .option('--json', 'print one JSON object with every metric', false);
  addColdFlags(cmd);
  addDataFlags(cmd).addHelpText(
    'after',
    `
Rating metrics use the test pairs the model can score (cold-start pairs are dropped, as with
coldStartStrategy='drop'). Ranking metrics: each test user's top k over all items, training items
excluded when --train is given; every test item is relevant. With --train, the beyond-accuracy
metrics of those lists too: catalog and distributional coverage, novelty, diversity, serendipity.
Definitions: docs/metrics.md.

Cold start (the model directory gives the ALS options; the protocol refits on --data without the
held-out users or items): hold out a share of the users, reveal each one's first N interactions,
rank the rest with popularity, fold-in and hybrids (and content with --item-features); or hold out
items and compare content-regressed factors with random ones.

Examples:
  alsrec evaluate model --test test.csv --train train.csv --k 10 --json
  alsrec evaluate model --data u.data --cold-users 0.1 --reveal 1,3,5,10 --item-features u.item
  alsrec evaluate model --data u.data --cold-items 0.1 --item-features u.item`,
  );
  return cmd.action(async (modelDir: string, f: EvaluateFlags) => {
    if (f.coldUsers !== undefined || f.coldItems !== undefined) {
      await runColdProtocols(io, modelDir, f);
      return;
    }
    if (!f.test) throw new UsageError('evaluate: give --test FILE (held-out interactions), or --cold-users / --cold-items with --data FILE');
    const { model, sparkOnly } = await loadModelFor(modelDir, 'evaluate', io);
    const test = await readWithFlags(f.test, f, { io });
    const overlap = idOverlap(model, test);
    const mismatch = noOverlapError(overlap, `${f.test} against ${modelDir}`);
    if (mismatch) {
      const spark = sparkOnly ? ` (${modelDir} has no alsrec.json, so its ids are Spark's integer ids)` : '';
      throw new UsageError(mismatch.message + spark);
    }
    const warning = fewOverlapWarning(overlap, `warning: ${f.test}`);
    if (warning) io.stderr(`alsrec evaluate: ${warning}\n`);
    const train = f.train ? await readWithFlags(f.train, f, { io }) : undefined;
    const result = evaluateModel(model, test, { k: f.k, train });
    const implicit = model.options.implicitPrefs === true;
    if (f.json) {
      io.stdout(JSON.stringify(implicit ? { ...result, ratingMetricsMeaningful: false } : result) + '\n');
      return;
    }
    io.stdout(formatEvaluation(result, undefined, { implicit }));
  });
}

/** The metrics that compare predicted with actual ratings. */
export const RATING_METRICS: readonly (keyof Evaluation)[] = ['rmse', 'mae', 'rsquared', 'explainedVariance'];

/** Heading of the rating metrics of an implicit model. */
export const NOT_MEANINGFUL = 'not meaningful for implicit feedback (predictions are preferences in [0, 1], not ratings)';

/**
 * The metrics table. For an implicit model (`implicit`) the rating metrics move to a table of their
 * own under the heading NOT_MEANINGFUL; undefined values (NaN) print as n/a.
 */
export function formatEvaluation(e: Evaluation, reference?: Partial<Record<keyof Evaluation, number>>, opts: { implicit?: boolean } = {}): string {
  const rowsOf = (labels: typeof METRIC_LABELS) =>
    labels.filter(([key]) => e[key] !== undefined).map(([key, label]) => {
      const row: (string | number)[] = [label.replace('@k', `@${e.k}`), e[key] as number];
      if (reference) row.push(reference[key] ?? '—');
      return row;
    });
  const header = reference ? ['metric', 'alsrec', 'Spark (published)'] : ['metric', 'value'];
  const rating = METRIC_LABELS.filter(([key]) => RATING_METRICS.includes(key));
  const tables = opts.implicit
    ? formatTable(header, rowsOf(METRIC_LABELS.filter(([key]) => !RATING_METRICS.includes(key)))) +
      `\nrating metrics — ${NOT_MEANINGFUL}:\n` +
      formatTable(['metric', 'value'], rowsOf(rating).map((r) => r.slice(0, 2)))
    : formatTable(header, rowsOf(METRIC_LABELS));
  return (
    tables +
    `\n${plural(e.ratedPairs, 'test pair')} scored${e.coldStartPairs ? `, ${plural(e.coldStartPairs, 'cold-start pair')} dropped` : ''}; ${plural(e.users, 'user')} ranked\n`
  );
}
