import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import type { ALSModel } from '../als/als-model.js';
import { checkIndex } from '../als/top-k-request.js';
import { seenRows } from '../als/seen-rows.js';
import type { Interactions } from '../data/interactions.js';
import type { ExternalId } from '../data/id-map.js';
import type { RetrievalIndex } from '../retrieval/retrieval-index.js';
import type { SeenRows } from '../kernels/top-k.js';
import { buildIndex } from './node-build-index.js';

export interface StreamRecommendationsOptions {
  /** Index of the item factors by 'ip' [an exact index, built here]. */
  index?: RetrievalIndex;
  /** Interactions never to recommend again (usually the training data). */
  exclude?: Interactions;
  /** The same as seen-lists per user row of the model (takes the place of `exclude`). */
  seen?: SeenRows;
  /** Users per batch [10,000]: memory holds one batch's lists, never all users × k. */
  batch?: number;
  numThreads?: number;
  /** Called after each batch with the users done so far and the total. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * recommendForAllUsers streamed to a CSV file (`user,item,rank,score`, best first per user):
 * users go through the index in batches and each batch's rows are written before the next is
 * searched, so memory stays O(batch × k) whatever the number of users (two batches: the next is
 * already being searched — on the index's threads — while this one's rows are formatted and
 * written). The file appears whole or not at all (written beside, then renamed).
 */
export async function streamRecommendations(
  model: ALSModel,
  path: string,
  k: number,
  opts: StreamRecommendationsOptions = {},
): Promise<{ users: number; rows: number }> {
  if (!(Number.isInteger(k) && k >= 1)) throw new Error(`recommend: k must be an integer >= 1, got ${k}`);
  const batch = opts.batch ?? 10_000;
  if (!(Number.isInteger(batch) && batch >= 1)) throw new Error(`recommend: batch must be an integer >= 1, got ${batch}`);
  const index = opts.index ?? (await buildIndex(model, { method: 'exact', numThreads: opts.numThreads }));
  const numUsers = model.userIds.size;
  const input = {
    queries: model.userFactors,
    targets: model.itemFactors,
    rank: model.rank,
    k,
    seen: opts.seen ?? (opts.exclude ? seenRows(opts.exclude, model.userIds, model.itemIds, 'user') : undefined),
  };
  checkIndex(index, 'user', 'ip', input);
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
  const out = createWriteStream(tmp);
  const ids = (map: ALSModel['userIds'], row: number) => csvField(map.toExternal(row));
  let rows = 0;
  try {
    out.write(`${model.options.userCol},${model.options.itemCol},rank,score\n`);
    const search = (u0: number) => {
      const queryRows = Int32Array.from({ length: Math.min(batch, numUsers - u0) }, (_, j) => u0 + j);
      return index.searchAsync({ queries: input.queries, queryRows, k, seen: input.seen }, opts.numThreads).then((result) => ({ queryRows, result }));
    };
    let next = numUsers > 0 ? search(0) : null;
    for (let u0 = 0; next; u0 += batch) {
      const { queryRows, result } = await next;
      next = u0 + batch < numUsers ? search(u0 + batch) : null;
      next?.catch(() => undefined); // awaited on the next turn; a failure there is thrown there
      const lines: string[] = [];
      for (let j = 0; j < queryRows.length; j++) {
        const user = ids(model.userIds, queryRows[j]!);
        for (let r = 0; r < k; r++) {
          const t = result.indices[j * k + r]!;
          if (t < 0) break;
          lines.push(`${user},${ids(model.itemIds, t)},${r + 1},${result.scores[j * k + r]}`);
        }
      }
      rows += lines.length;
      if (!out.write(lines.join('\n') + '\n')) await once(out, 'drain');
      opts.onProgress?.(u0 + queryRows.length, numUsers);
    }
    out.end();
    await once(out, 'finish');
    await rename(tmp, path);
  } catch (e) {
    out.destroy();
    await rm(tmp, { force: true });
    throw e;
  }
  return { users: numUsers, rows };
}

function csvField(v: ExternalId): string {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
