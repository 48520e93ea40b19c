import { Command } from 'commander';
import { loadALSModel } from '../../io/als-model-dir.js';
import type { Recommendations } from '../../als/recommendations.js';
import type { ExternalId } from '../../data/id-map.js';
import { readMovieLensItems } from '../../io/read-ml-items.js';
import { UsageError, type CliIO } from '../cli-io.js';
import { formatTable } from '../format-table.js';
import { choiceFlag, intFlag } from '../parse-flags.js';
import { savedIndex, type IndexFlag } from '../saved-index.js';
import { parseIds } from './recommend.js';

interface SimilarFlags {
  items?: string;
  users?: string;
  k: number;
  filter?: string;
  exclude?: string;
  titles?: string;
  json: boolean;
  index: IndexFlag;
}

export function similarCommand(io: CliIO): Command {
  return new Command('similar')
    .description('Items most like given items (or users like given users): cosine of the model factors, the query left out')
    .argument('<model-dir>', 'model directory (alsrec or Spark ALSModel)')
    .option('--items <ids>', 'comma-separated item ids to find similar items for')
    .option('--users <ids>', 'comma-separated user ids to find similar users for')
    .option('--k <n>', 'similar ids per query', intFlag(1), 10)
    .option('--filter <ids>', 'comma-separated ids: only these may be listed')
    .option('--exclude <ids>', 'comma-separated ids never to list')
    .option('--titles <path>', 'MovieLens directory or u.item / movies.dat / movies.csv: print item titles')
    .option('--json', 'print one JSON object per query (Spark-like rows with a similarity field)', false)
    .option('--index <mode>', "auto: use the model directory's saved cosine index (alsrec index --metric cosine) when there is one; none: exact", choiceFlag(['auto', 'none'] as const), 'auto')
    .addHelpText(
      'after',
      `
Examples:
  alsrec similar model --items 50,1 --k 5 --titles ml-100k
  alsrec similar model --users 196 --k 3 --json
  alsrec similar model --items 50 --filter 1,2,3,4,5 --k 2`,
    )
    .action(async (modelDir: string, f: SimilarFlags) => {
      if ((f.items === undefined) === (f.users === undefined)) throw new UsageError('similar: give --items or --users (one of them)');
      const model = await loadALSModel(modelDir);
      const side = f.items !== undefined ? 'item' : 'user';
      const idMap = side === 'item' ? model.itemIds : model.userIds;
      const queries = parseIds((f.items ?? f.users)!);
      const unknown = queries.filter((id) => idMap.toIndex(id) < 0);
      if (unknown.length === queries.length) {
        throw new UsageError(`similar: none of the ${side} ids ${queries.join(',')} is in the model (${idMap.size} ${side}s); check the ids`);
      }
      if (unknown.length > 0) io.stderr(`similar: skipping ${side} ids not in the model: ${unknown.join(',')}\n`);
      const opts = {
        filter: f.filter === undefined ? undefined : parseIds(f.filter),
        exclude: f.exclude === undefined ? undefined : parseIds(f.exclude),
        index: await savedIndex(f.index, modelDir, model, side, 'cosine', io),
      };
      const recs = side === 'item' ? model.similarItems(queries, f.k, opts) : model.similarUsers(queries, f.k, opts);
      const titles = f.titles ? await titleLookup(f.titles) : null;
      io.stdout(f.json ? toJson(recs, titles) : toTable(recs, titles));
    });
}

async function titleLookup(path: string): Promise<(id: ExternalId) => string> {
  const cat = await readMovieLensItems(path);
  const byId = new Map<string, string>();
  cat.ids.forEach((id, j) => byId.set(String(id), cat.titles[j]!));
  return (id) => byId.get(String(id)) ?? '';
}

function toTable(recs: Recommendations, title: ((id: ExternalId) => string) | null): string {
  const out: string[] = [];
  for (let j = 0; j < recs.length; j++) {
    const q = recs.queryId(j);
    const list = recs.list(j);
    const rows = Array.from(list, (t, r) => {
      const id = recs.targetIds.toExternal(t);
      const row: (string | number)[] = [r + 1, String(id), recs.scores[j * recs.k + r]!.toFixed(4)];
      if (title) row.push(title(id));
      return row;
    });
    out.push(`${recs.side} ${q}${title ? ` — ${title(q)}` : ''}`);
    out.push(formatTable(['rank', recs.targetCol, 'similarity', ...(title ? ['title'] : [])], rows));
  }
  return out.join('\n');
}

function toJson(recs: Recommendations, title: ((id: ExternalId) => string) | null): string {
  return (
    recs
      .toRows()
      .map((row) => {
        if (!title) return JSON.stringify(row);
        const list = (row.recommendations as Record<string, ExternalId | number>[]).map((r) => ({ ...r, title: title(r[recs.targetCol] as ExternalId) }));
        return JSON.stringify({ ...row, title: title(row[recs.queryCol] as ExternalId), recommendations: list });
      })
      .join('\n') + '\n'
  );
}
