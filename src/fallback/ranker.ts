import { IdMap } from '../data/id-map.js';
import type { Interactions } from '../data/interactions.js';
import { translateIds } from '../data/id-translation.js';
import { Recommendations } from '../als/recommendations.js';

/**
 * One ranking interface for every way of scoring a catalogue for a user: collaborative filtering
 * (fold-in), popularity / trending, item content similarity, and hybrids of them. A ranker scores
 * every item of its catalogue `itemIds` for each user of a batch of histories; `recommendWith`
 * turns the scores into top-k lists (the same `Recommendations` as ALSModel's).
 */
export interface Ranker {
  /** What the ranker is, for tables: 'popularity', 'content', 'fold-in', 'hybrid(fold-in, content)'. */
  readonly name: string;
  /** The catalogue: score column j belongs to itemIds.toExternal(j). */
  readonly itemIds: IdMap;
  /** Scores of every catalogue item for each user of `histories` (users as `historyUsers` orders them). */
  scoreUsers(histories: Interactions): UserScores;
}

/** users.size × itemIds.size scores, row-major; `counts[u]` = the user's interactions the ranker could use. */
export interface UserScores {
  users: IdMap;
  scores: Float32Array;
  counts: Float64Array;
}

/** The users of `data` that have rows, in dense-index order (the order fold-in uses too), and each data user's row (−1: none). */
export function historyUsers(data: Interactions): { users: IdMap; rowOf: Int32Array } {
  const present = new Uint8Array(data.userIds.size);
  for (let r = 0; r < data.users.length; r++) present[data.users[r]!] = 1;
  const users = new IdMap();
  const rowOf = new Int32Array(data.userIds.size).fill(-1);
  for (let u = 0; u < data.userIds.size; u++) if (present[u]) rowOf[u] = users.add(data.userIds.toExternal(u));
  return { users, rowOf };
}

export interface RecommendWithOptions {
  /** Pairs never to recommend: 'input' (default: the histories), 'none', or other interactions. */
  exclude?: Interactions | 'input' | 'none';
  /** Column names of the result rows. Defaults 'user', 'item'. */
  userCol?: string;
  itemCol?: string;
}

/** Top `k` catalogue items for each user of `histories` by `ranker`'s scores, ties to the lower catalogue index. */
export function recommendWith(ranker: Ranker, histories: Interactions, k: number, opts: RecommendWithOptions = {}): Recommendations {
  if (!(Number.isInteger(k) && k >= 1)) throw new Error(`recommendWith: k must be an integer >= 1, got ${k}`);
  const { users, scores } = ranker.scoreUsers(histories);
  const n = ranker.itemIds.size;
  const exclude = opts.exclude === undefined || opts.exclude === 'input' ? histories : opts.exclude === 'none' ? null : opts.exclude;
  if (exclude) {
    const userRow = translateIds(exclude.userIds, users);
    const itemCol = translateIds(exclude.itemIds, ranker.itemIds);
    for (let r = 0; r < exclude.users.length; r++) {
      const u = userRow[exclude.users[r]!]!;
      const i = itemCol[exclude.items[r]!]!;
      if (u >= 0 && i >= 0) scores[u * n + i] = NaN;
    }
  }
  const indices = new Int32Array(users.size * k).fill(-1);
  const best = new Float32Array(users.size * k).fill(NaN);
  for (let u = 0; u < users.size; u++) topOfRow(scores, u * n, n, k, indices, best, u * k);
  return new Recommendations({
    side: 'user',
    queryIds: users,
    targetIds: ranker.itemIds,
    queryRows: Int32Array.from({ length: users.size }, (_, i) => i),
    indices,
    scores: best,
    k,
    queryCol: opts.userCol ?? 'user',
    targetCol: opts.itemCol ?? 'item',
  });
}

/** The k best (largest, NaN skipped) of scores[off .. off+n), by insertion into a sorted list of k. */
function topOfRow(scores: Float32Array, off: number, n: number, k: number, idx: Int32Array, out: Float32Array, o: number): void {
  let len = 0;
  for (let j = 0; j < n; j++) {
    const s = scores[off + j]!;
    if (s !== s) continue;
    if (len === k && !(s > out[o + k - 1]!)) continue;
    let p = len < k ? len++ : k - 1;
    while (p > 0 && s > out[o + p - 1]!) {
      out[o + p] = out[o + p - 1]!;
      idx[o + p] = idx[o + p - 1]!;
      p--;
    }
    out[o + p] = s;
    idx[o + p] = j;
  }
}

/** Each row of a users × n score matrix standardised to mean 0, variance 1 (a constant row becomes 0). */
export function standardizeRows(scores: Float32Array, rows: number, n: number): void {
  for (let u = 0; u < rows; u++) {
    const o = u * n;
    let mean = 0;
    for (let j = 0; j < n; j++) mean += scores[o + j]!;
    mean /= n;
    let v = 0;
    for (let j = 0; j < n; j++) v += (scores[o + j]! - mean) ** 2;
    const sd = Math.sqrt(v / n);
    for (let j = 0; j < n; j++) scores[o + j] = sd > 1e-12 ? (scores[o + j]! - mean) / sd : 0;
  }
}
