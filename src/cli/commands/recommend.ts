import { Command } from 'commander';
import type { Recommendations } from '../../als/recommendations.js';
import type { ExternalId } from '../../data/id-map.js';
import { loadALSModel } from '../../io/als-model-dir.js';
import { writeFileAtomic } from '../../io/atomic.js';
import { withOutputs } from '../../io/output-transaction.js';
import { checkOutputs } from '../output-paths.js';
import { plural } from '../format-table.js';
import { UsageError, type CliIO } from '../cli-io.js';
import { addDataFlags, readWithFlags, type DataFlags } from '../data-flags.js';
import { choiceFlag, intFlag } from '../parse-flags.js';
import { savedIndex, type IndexFlag } from '../saved-index.js';

interface RecommendFlags extends DataFlags {
  k: number;
  users?: string;
  items?: string;
  exclude?: string;
  out?: string;
  overwrite: boolean;
  index: IndexFlag;
}

export function recommendCommand(io: CliIO): Command {
  const cmd = new Command('recommend')
    .description('Top-k recommendations from a saved model, for all users (default), some users, or items')
    .argument('<model-dir>', 'model directory (alsrec or Spark ALSModel)')
    .option('--k <n>', 'recommendations per user (or per item)', intFlag(1), 10)
    .option('--users <ids>', "'all' or comma-separated user ids (unknown ids are skipped, as Spark does)")
    .option('--items <ids>', "recommend users for items instead: 'all' or comma-separated item ids")
    .option('--exclude <file>', 'interactions never to recommend again (usually the training file)')
    .option('--out <file>', 'write to FILE.csv (user,item,rank,score) or FILE.jsonl (Spark schema); default: CSV on stdout')
    .option('--overwrite', 'replace the --out file if it exists', false)
    .option('--index <mode>', "auto: use the model directory's saved index (alsrec index) when there is one; none: exact top-K", choiceFlag(['auto', 'none'] as const), 'auto');
  addDataFlags(cmd).addHelpText(
    'after',
    `
Examples:
  alsrec recommend model --k 10 --exclude train.csv --out recs.csv
  alsrec recommend model --users 196,186 --k 5
  alsrec recommend model --items 50 --k 3 --out fans.jsonl`,
  );
  return cmd.action(async (modelDir: string, f: RecommendFlags) => {
    if (f.users && f.items) throw new UsageError('recommend: give --users or --items, not both');
    await checkOutputs({
      verb: 'recommend',
      inputs: [{ flag: '<model-dir>', path: modelDir }, ...(f.exclude ? [{ flag: '--exclude', path: f.exclude }] : [])],
      outputs: f.out
        ? [{ flag: '--out', path: f.out, kind: 'file', extensions: { allowed: ['.csv', '.jsonl'], what: 'recommendations are written as CSV or JSON lines' } }]
        : [],
      overwrite: f.overwrite,
    });
    const model = await loadALSModel(modelDir);
    const exclude = f.exclude ? await readWithFlags(f.exclude, f, { io }) : undefined;
    const index = await savedIndex(f.index, modelDir, model, f.items !== undefined ? 'user' : 'item', 'ip', io);
    let recs: Recommendations;
    if (f.items !== undefined) {
      recs =
        f.items === 'all'
          ? await model.recommendForAllItemsAsync(f.k, { exclude, index })
          : await model.recommendForItemSubsetAsync(parseIds(f.items), f.k, { exclude, index });
    } else if (f.users === undefined || f.users === 'all') {
      recs = await model.recommendForAllUsersAsync(f.k, { exclude, index });
    } else {
      recs = await model.recommendForUserSubsetAsync(parseIds(f.users), f.k, { exclude, index });
    }
    const text = f.out && /\.jsonl$/i.test(f.out) ? toJsonl(recs) : toCsv(recs);
    if (f.out) {
      const path = f.out;
      await withOutputs((out) => out.write(path, (tmp) => writeFileAtomic(tmp, text)));
      io.stdout(`${plural(recs.length, recs.side)} × top ${f.k} → ${f.out}\n`);
    } else {
      io.stdout(text);
    }
  });
}

/**
 * "196,186" → the ids as text (spaces around commas dropped). An id is its text: '196' finds the
 * int id 196, while '0196' or '+196' are other ids (see data/id-map.ts).
 */
export function parseIds(list: string): string[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function csvField(v: ExternalId): string {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function toCsv(recs: Recommendations): string {
  const lines = [`${recs.queryCol},${recs.targetCol},rank,score`];
  for (const r of recs.flat()) lines.push(`${csvField(r.query)},${csvField(r.target)},${r.rank},${r.score}`);
  return lines.join('\n') + '\n';
}

function toJsonl(recs: Recommendations): string {
  return recs.toRows().map((r) => JSON.stringify(r)).join('\n') + '\n';
}
