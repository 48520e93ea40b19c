import { Command } from 'commander';
import { canonicalInt, type ExternalId, type IdMap } from '../../data/id-map.js';
import { loadALSModel } from '../../io/als-model-dir.js';
import { UsageError, type CliIO } from '../cli-io.js';
import { addDataFlags, readWithFlags, type DataFlags } from '../data-flags.js';
import { formatTable } from '../format-table.js';
import { intFlag } from '../parse-flags.js';
import { parseIds } from './recommend.js';

interface ExplainFlags extends DataFlags {
  user: string;
  item: string;
  train: string;
  top: number;
  json: boolean;
}

export function explainCommand(io: CliIO): Command {
  const cmd = new Command('explain')
    .description("Why a model scores an item for a user: the score split over the user's history items")
    .argument('<model-dir>', 'model directory (alsrec or Spark ALSModel)')
    .requiredOption('--user <id>', 'the user (known to the model or not: the factor is folded in from --train)')
    .requiredOption('--item <id>', 'the item to explain (must have a factor)')
    .requiredOption('--train <file>', "interactions holding the user's history (usually the training file)")
    .option('--top <n>', 'contributions to print', intFlag(1), 10)
    .option('--json', 'print the explanation as JSON', false);
  addDataFlags(cmd).addHelpText(
    'after',
    `
score = y_iᵀ x_u with x_u = A⁻¹ Σ_j b_j y_j solved from the history, so item j contributes
b_j · y_jᵀ A⁻¹ y_i and the contributions sum to the score (benfred/implicit's explain).

Example:
  alsrec explain model --user 196 --item 242 --train train.csv --top 5`,
  );
  return cmd.action(async (modelDir: string, f: ExplainFlags) => {
    const model = await loadALSModel(modelDir);
    const history = await readWithFlags(f.train, f);
    // An id is its text; the model's own id (7, not '7') is what explain reports.
    const asIn = (text: string | undefined, ids: IdMap): ExternalId | undefined =>
      text === undefined ? undefined : ids.has(text) ? ids.toExternal(ids.toIndex(text)) : (canonicalInt(text) ?? text);
    const user = asIn(parseIds(f.user)[0], history.userIds);
    const item = asIn(parseIds(f.item)[0], model.itemIds);
    if (user === undefined || item === undefined) throw new UsageError('explain: --user and --item need an id each');
    const e = model.explain(user, item, history);
    if (f.json) {
      io.stdout(JSON.stringify({ user: e.user, item: e.item, score: e.score, contributions: e.contributions }) + '\n');
      return;
    }
    const shown = e.contributions.slice(0, f.top);
    const rest = e.contributions.slice(f.top).reduce((s, c) => s + c.contribution, 0);
    const rows: (string | number)[][] = shown.map((c) => [String(c.item), c.rating, c.contribution]);
    if (e.contributions.length > f.top) rows.push([`(${e.contributions.length - f.top} more)`, '', rest]);
    io.stdout(`user ${e.user}, item ${e.item}: score ${e.score.toFixed(4)} from ${e.contributions.length} history items\n` + formatTable(['history item', 'rating', 'contribution'], rows));
  });
}
