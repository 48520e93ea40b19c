import { Command } from 'commander';
import type { ALSModel } from '../../als/als-model.js';
import type { Recommendations } from '../../als/recommendations.js';
import type { ExternalId, IdMap } from '../../data/id-map.js';
import { showId } from '../../eval/id-overlap.js';
import { loadModelFor } from '../load-model.js';
import { writeFileAtomic } from '../../io/atomic.js';
import { writeRecommendationsParquet } from '../../io/write-recommendations-parquet.js';
import type { RecommendationList } from '../../io/recommendation-table.js';
import { withOutputs } from '../../io/output-transaction.js';
import { checkOutputs } from '../output-paths.js';
import { plural } from '../format-table.js';
import { UsageError, type CliIO } from '../cli-io.js';
import { addDataFlags, readWithFlags, type DataFlags } from '../data-flags.js';
import { choiceFlag, intFlag } from '../parse-flags.js';
import { savedIndex, type IndexFlag } from '../saved-index.js';
import { addFallbackFlags, fallbackSetup, popularList, recommendForHistories, type FallbackFlags } from '../fallback-flags.js';

interface RecommendFlags extends DataFlags, FallbackFlags {
  k: number;
  users?: string;
  items?: string;
  exclude?: string;
  out?: string;
  flat: boolean;
  overwrite: boolean;
  index: IndexFlag;
}

export function recommendCommand(io: CliIO): Command {
  const cmd = new Command('recommend')
    .description('Top-k recommendations from a saved model, for all users (default), some users, or items')
    .argument('<model-dir>', 'model directory (alsrec or Spark ALSModel)')
    .option('--k <n>', 'recommendations per user (or per item)', intFlag(1), 10)
    .option('--users <ids>', "'all' or comma-separated user ids (unknown ids are skipped and listed on stderr; none known is an error)")
    .option('--items <ids>', "recommend users for items instead: 'all' or comma-separated item ids")
    .option('--exclude <file>', 'interactions never to recommend again (usually the training file)')
    .option('--out <file>', 'write to FILE.csv (user,item,rank,score), FILE.jsonl, FILE.parquet or FILE.arrow (Spark schema); default: CSV on stdout')
    .option('--flat', 'with --out FILE.parquet or FILE.arrow: one row per recommendation (user, item, rank, score) instead of Spark’s nested schema', false)
    .option('--overwrite', 'replace the --out file if it exists', false)
    .option('--index <mode>', "auto: use the model directory's saved index (alsrec index) when there is one; none: exact top-K", choiceFlag(['auto', 'none'] as const), 'auto');
  addDataFlags(addFallbackFlags(cmd)).addHelpText(
    'after',
    `
Examples:
  alsrec recommend model --k 10 --exclude train.csv --out recs.csv
  alsrec recommend model --users 196,186 --k 5
  alsrec recommend model --items 50 --k 3 --out fans.jsonl
  alsrec recommend model --k 10 --exclude train.parquet --out recs.parquet   Spark's schema:
      user, recommendations: array<struct<item, rating>> (--flat: user, item, rank, score)
  alsrec recommend model --fold-in new-users.csv --k 10                 users unseen in training
  alsrec recommend model --fold-in new-users.csv --fallback hybrid --item-features u.item
  alsrec recommend model --users 196,99999 --fallback popularity        unknown ids get the most popular items`,
  );
  return cmd.action(async (modelDir: string, f: RecommendFlags) => {
    if (f.users && f.items) throw new UsageError('recommend: give --users or --items, not both');
    await checkOutputs({
      verb: 'recommend',
      inputs: [{ flag: '<model-dir>', path: modelDir }, ...(f.exclude ? [{ flag: '--exclude', path: f.exclude }] : [])],
      outputs: f.out
        ? [{ flag: '--out', path: f.out, kind: 'file', extensions: { allowed: ['.csv', '.jsonl', '.parquet', '.arrow'], what: 'recommendations are written as CSV, JSON lines, Parquet or Arrow IPC' } }]
        : [],
      overwrite: f.overwrite,
    });
    if (f.foldIn && (f.users || f.items)) throw new UsageError('recommend: give --fold-in or --users/--items, not both');
    const parquet = f.out !== undefined && /\.parquet$/i.test(f.out);
    const arrow = f.out !== undefined && /\.arrow$/i.test(f.out);
    if (f.flat && !parquet && !arrow) throw new UsageError('recommend: --flat applies to --out FILE.parquet or FILE.arrow (CSV is already flat); drop --flat or name a .parquet or .arrow file');
    const { model: loaded } = await loadModelFor(modelDir, 'recommend', io);
    const { model, ranker } = await fallbackSetup(loaded, f);
    const side = f.items !== undefined ? 'item' : 'user';
    const list = f.items ?? f.users;
    const ids = list === undefined || list === 'all' ? null : parseIds(list);
    const withFallback = f.fallback !== undefined && side === 'user';
    if (ids && !withFallback) reportUnknown(ids, side === 'user' ? model.userIds : model.itemIds, side, io);
    const exclude = f.exclude ? await readWithFlags(f.exclude, f, { io }) : undefined;
    const index = await savedIndex(f.index, modelDir, model, f.items !== undefined ? 'user' : 'item', 'ip', io);
    let recs: Recommendations;
    let extra: RecommendationList[] = [];
    if (f.foldIn) {
      const histories = await readWithFlags(f.foldIn, f, { io });
      recs = recommendForHistories(model, ranker, histories, f.k, exclude);
    } else if (side === 'item') {
      recs = ids ? await model.recommendForItemSubsetAsync(ids, f.k, { exclude, index }) : await model.recommendForAllItemsAsync(f.k, { exclude, index });
    } else {
      recs = ids ? await model.recommendForUserSubsetAsync(ids, f.k, { exclude, index }) : await model.recommendForAllUsersAsync(f.k, { exclude, index });
      const unknown = ids ? ids.filter((id) => !model.userIds.has(id)) : [];
      if (withFallback && unknown.length > 0) extra = fallbackLists(model, unknown, f.k);
    }
    if (f.out && (parquet || arrow)) {
      const path = f.out;
      // apache-arrow is loaded only when an .arrow file is written (~0.2 s of start-up otherwise)
      const write = arrow ? (await import('../../io/write-arrow.js')).writeRecommendationsArrow : writeRecommendationsParquet;
      await withOutputs((out) => out.write(path, (tmp) => write(tmp, recs, { flat: f.flat, extra })));
      io.stdout(`${plural(recs.length + extra.length, recs.side)} × top ${f.k} → ${f.out}\n`);
      return;
    }
    const jsonl = f.out !== undefined && /\.jsonl$/i.test(f.out);
    const text = (jsonl ? toJsonl(recs) : toCsv(recs)) + fallbackText(model, extra, jsonl);
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
 * Says on stderr which requested ids the model does not know (count and the first few); throws
 * when it knows none of them, rather than print an empty list.
 */
function reportUnknown(ids: readonly string[], known: IdMap, side: 'user' | 'item', io: CliIO): void {
  const unknown = ids.filter((id) => known.toIndex(id) < 0);
  if (unknown.length === 0) return;
  const first = unknown.slice(0, 5).map((id) => JSON.stringify(id)).join(', ') + (unknown.length > 5 ? ', …' : '');
  const examples = Array.from({ length: Math.min(3, known.size) }, (_, j) => showId(known.toExternal(j))).join(', ');
  if (unknown.length === ids.length) {
    throw new UsageError(
      `recommend: the model knows none of the ${ids.length} requested ${side}${ids.length === 1 ? '' : 's'} (${first}); ` +
        `its ${known.size} ${side}s are ids like ${examples} — check the --${side}s list`,
    );
  }
  io.stderr(`alsrec recommend: warning: ${unknown.length} of ${ids.length} requested ${side}s are unknown to the model and skipped: ${first}\n`);
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

/** Popularity lists for ids the model does not know (written after the others). */
function fallbackLists(model: ALSModel, ids: ExternalId[], k: number): RecommendationList[] {
  const list = popularList(model, k);
  const targets = list.map((x) => model.itemIds.toExternal(x.item));
  const scores = list.map((x) => x.score);
  return ids.map((query) => ({ query, targets, scores }));
}

/** The fallback lists in the CSV or JSON-lines format. */
function fallbackText(model: ALSModel, lists: RecommendationList[], jsonl: boolean): string {
  const { userCol, itemCol } = model.options;
  return lists
    .map(({ query, targets, scores }) =>
      jsonl
        ? JSON.stringify({ [userCol]: query, recommendations: targets.map((t, r) => ({ [itemCol]: t, rating: scores[r] })) }) + '\n'
        : targets.map((t, r) => `${csvField(query)},${csvField(t)},${r + 1},${scores[r]}\n`).join(''),
    )
    .join('');
}

function toJsonl(recs: Recommendations): string {
  if (recs.length === 0) return '';
  return recs.toRows().map((r) => JSON.stringify(r)).join('\n') + '\n';
}
