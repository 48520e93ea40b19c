import { Command } from 'commander';
import { loadALSModel } from '../../io/als-model-dir.js';
import { evaluateModel, type Evaluation } from '../../eval/evaluate.js';
import type { CliIO } from '../cli-io.js';
import { addDataFlags, readWithFlags, type DataFlags } from '../data-flags.js';
import { formatTable } from '../format-table.js';
import { intFlag } from '../parse-flags.js';

interface EvaluateFlags extends DataFlags {
  test: string;
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
    .requiredOption('--test <file>', 'held-out interactions')
    .option('--train <file>', 'training interactions: excluded from each user’s ranking (recommended)')
    .option('--k <n>', 'cut-off of the ranking metrics', intFlag(1), 10)
    .option('--json', 'print one JSON object with every metric', false);
  addDataFlags(cmd).addHelpText(
    'after',
    `
Rating metrics use the test pairs the model can score (cold-start pairs are dropped, as with
coldStartStrategy='drop'). Ranking metrics: each test user's top k over all items, training items
excluded when --train is given; every test item is relevant. With --train, the beyond-accuracy
metrics of those lists too: catalog and distributional coverage, novelty, diversity, serendipity.
Definitions: docs/metrics.md.

Example:
  alsrec evaluate model --test test.csv --train train.csv --k 10 --json`,
  );
  return cmd.action(async (modelDir: string, f: EvaluateFlags) => {
    const model = await loadALSModel(modelDir);
    const test = await readWithFlags(f.test, f, { io });
    const train = f.train ? await readWithFlags(f.train, f, { io }) : undefined;
    const result = evaluateModel(model, test, { k: f.k, train });
    if (f.json) {
      io.stdout(JSON.stringify(result) + '\n');
      return;
    }
    io.stdout(formatEvaluation(result));
  });
}

export function formatEvaluation(e: Evaluation, reference?: Partial<Record<keyof Evaluation, number>>): string {
  const rows = METRIC_LABELS.filter(([key]) => e[key] !== undefined).map(([key, label]) => {
    const row: (string | number)[] = [label.replace('@k', `@${e.k}`), e[key] as number];
    if (reference) row.push(reference[key] ?? '—');
    return row;
  });
  const header = reference ? ['metric', 'alsrec', 'Spark (published)'] : ['metric', 'value'];
  return (
    formatTable(header, rows) +
    `\n${e.ratedPairs} test pairs scored${e.coldStartPairs ? `, ${e.coldStartPairs} cold-start pairs dropped` : ''}; ${e.users} users ranked\n`
  );
}
