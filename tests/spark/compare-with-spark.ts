import type { ALSModel } from '../../src/als/als-model.js';
import type { ExternalId } from '../../src/data/id-map.js';
import { size, type Interactions } from '../../src/data/interactions.js';
import type { AppliedModel } from './spark-driver.js';

/** The (user, item) external ids of every row, in row order: what the driver's transform gets. */
export function pairsOf(data: Interactions): [ExternalId, ExternalId][] {
  const out: [ExternalId, ExternalId][] = [];
  for (let r = 0; r < size(data); r++) out.push([data.userIds.toExternal(data.users[r]!), data.itemIds.toExternal(data.items[r]!)]);
  return out;
}

export interface Agreement {
  /** Largest |alsrec − Spark| over the predictions both made. */
  maxDelta: number;
  /** Pairs predicted (by both), and how many were NaN in both. */
  predicted: number;
  nanBoth: number;
  /** Users with lists in both; lists with the same items in the same order. */
  users: number;
  identicalLists: number;
  /** Lists that differ only by swapping items whose scores are within `tol` (ties). */
  tiedLists: number;
  /** Largest alsrec score gap between the items swapped in those lists (0 when they tie exactly). */
  largestTieGap: number;
  /** Human-readable problems; empty when the two agree. */
  problems: string[];
}

/**
 * Compares alsrec's `transform(data)` and `recommendForAllUsers(k)` with what Spark returned for the
 * same pairs and model. Predictions agree when |Δ| ≤ tol (or both NaN; Spark's null is NaN), and
 * the same rows are kept. Two top-k lists agree when they are identical, or when at every position
 * the scores are within tol and every item Spark put there scores, in alsrec, within tol of
 * alsrec's score at that position: a tie broken the other way.
 */
export function compareWithSpark(model: ALSModel, data: Interactions, spark: AppliedModel, k: number, tol = 1e-5): Agreement {
  const problems: string[] = [];
  const ours = model.transform(data);
  const theirs = new Map(spark.predictions.map(([i, p]) => [i, p]));
  if (theirs.size !== ours.rows.length) problems.push(`alsrec kept ${ours.rows.length} rows, Spark ${theirs.size}`);
  let maxDelta = 0;
  let nanBoth = 0;
  for (let j = 0; j < ours.rows.length; j++) {
    const row = ours.rows[j]!;
    const a = ours.prediction[j]!;
    if (!theirs.has(row)) {
      problems.push(`row ${row} kept by alsrec, dropped by Spark`);
      continue;
    }
    const s = theirs.get(row);
    if (Number.isNaN(a) || s === null) {
      if (Number.isNaN(a) && s === null) nanBoth++;
      else problems.push(`row ${row}: alsrec ${a}, Spark ${s}`);
      continue;
    }
    maxDelta = Math.max(maxDelta, Math.abs(a - s!));
  }
  if (maxDelta > tol) problems.push(`largest |Δ| ${maxDelta} > ${tol}`);

  const recs = model.recommendForAllUsers(k);
  const sparkLists = new Map<ExternalId, [ExternalId, number][]>(spark.recs.map(([u, list]) => [u, list]));
  if (sparkLists.size !== recs.length) problems.push(`alsrec has lists for ${recs.length} users, Spark for ${sparkLists.size}`);
  let identicalLists = 0;
  let tiedLists = 0;
  let largestTieGap = 0;
  for (let j = 0; j < recs.length; j++) {
    const user = recs.queryId(j);
    const theirList = sparkLists.get(user);
    if (!theirList) {
      problems.push(`user ${user}: no Spark list`);
      continue;
    }
    const ourRows = Array.from(recs.list(j));
    const ourScores = Array.from(recs.scores.subarray(j * k, j * k + ourRows.length));
    if (ourRows.length !== theirList.length) {
      problems.push(`user ${user}: ${ourRows.length} items from alsrec, ${theirList.length} from Spark`);
      continue;
    }
    const ourItems = ourRows.map((i) => model.itemIds.toExternal(i));
    if (ourItems.every((item, p) => item === theirList[p]![0])) {
      identicalLists++;
      continue;
    }
    const u = model.userIds.toIndex(user);
    let gap = 0;
    const tie = theirList.every(([item, score], p) => {
      const i = model.itemIds.toIndex(item);
      if (i < 0) return false;
      gap = Math.max(gap, Math.abs(model.score(u, i) - ourScores[p]!));
      return Math.abs(score - ourScores[p]!) <= tol && Math.abs(model.score(u, i) - ourScores[p]!) <= tol;
    });
    if (tie) {
      tiedLists++;
      largestTieGap = Math.max(largestTieGap, gap);
    }
    else problems.push(`user ${user}: alsrec [${ourItems.join(',')}] vs Spark [${theirList.map((x) => x[0]).join(',')}]`);
  }
  return { maxDelta, predicted: ours.rows.length, nanBoth, users: recs.length, identicalLists, tiedLists, largestTieGap, problems: problems.slice(0, 20) };
}
