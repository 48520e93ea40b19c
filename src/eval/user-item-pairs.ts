import { buildCSR, type CSR } from '../data/csr.js';

/**
 * (user, item) pairs as dense indices: pair p is (users[p], items[p]), users in 0 .. numUsers−1,
 * items in 0 .. numItems−1. An `Interactions` with the sizes of its id maps fits as it is.
 * The beyond-accuracy metrics take the training data in this form; its pairs must be distinct
 * (recommenders assumes it; every alsrec duplicate policy guarantees it).
 */
export interface UserItemPairs {
  readonly users: Int32Array;
  readonly items: Int32Array;
  readonly numUsers: number;
  readonly numItems: number;
}

/**
 * Recommendation rows in the dense indices of the training data: row r recommends item items[r]
 * to user users[r]. Each user's rows in rank order (best first) when order matters to the caller;
 * no metric here depends on it. Pairs must be distinct and must not be training pairs.
 */
export interface RecommendationRows {
  readonly users: Int32Array;
  readonly items: Int32Array;
  /**
   * relevance(u, i) of each row, used by serendipity only. Default: 1 on every row, as
   * recommenders does when `col_relevance` is None. `relevanceFromTest` gives 1 for rows that
   * are test pairs and 0 otherwise.
   */
  readonly relevance?: ArrayLike<number>;
}

/** Checked inputs grouped by user, in the form the beyond-accuracy metrics walk. */
export interface GroupedInputs {
  /** Row u lists the training items of user u (in input order). */
  readonly userItems: CSR;
  /** Row u lists the recommendation row numbers of user u, ascending. */
  readonly recoRows: CSR;
}

/**
 * Checks the training pairs and the recommendations against each other and groups both by user,
 * in O(rows + numUsers + numItems). Throws, naming the pair and the fix, when: an index is out of
 * range, column lengths differ, a training pair repeats, a recommendation repeats, a
 * recommendation is a training pair (recommenders raises on that too), or a relevance is not finite.
 */
export function groupInputs(training: UserItemPairs, reco: RecommendationRows, where: string): GroupedInputs {
  checkPairs(training, where);
  const { numUsers, numItems } = training;
  const nReco = reco.users.length;
  if (reco.items.length !== nReco) {
    throw new RangeError(
      `${where}: recommendations have ${nReco} users but ${reco.items.length} items; the columns must align`,
    );
  }
  checkRange(reco.users, numUsers, where, 'recommendation', 'user', 'numUsers');
  checkRange(reco.items, numItems, where, 'recommendation', 'item', 'numItems');
  if (reco.relevance !== undefined) checkRelevance(reco.relevance, nReco, where);

  const zeros = new Float32Array(Math.max(training.users.length, nReco));
  const nTrain = training.users.length;
  const userItems = buildCSR(training.users, training.items, zeros.subarray(0, nTrain), numUsers, numItems);
  const rowNumbers = new Int32Array(nReco);
  for (let r = 0; r < nReco; r++) rowNumbers[r] = r;
  const recoRows = buildCSR(reco.users, rowNumbers, zeros.subarray(0, nReco), numUsers, nReco);

  // Marks hold u + 1 while user u is visited, so no reset is needed between users.
  const trainMark = new Int32Array(numItems);
  const recoMark = new Int32Array(numItems);
  for (let u = 0; u < numUsers; u++) {
    const mark = u + 1;
    for (let p = userItems.indptr[u]!; p < userItems.indptr[u + 1]!; p++) {
      const i = userItems.indices[p]!;
      if (trainMark[i] === mark) {
        throw new Error(
          `${where}: training pair (user ${u}, item ${i}) appears more than once; ` +
            `merge duplicates first (InteractionsBuilder duplicates 'sum', 'last' or 'mean')`,
        );
      }
      trainMark[i] = mark;
    }
    for (let p = recoRows.indptr[u]!; p < recoRows.indptr[u + 1]!; p++) {
      const r = recoRows.indices[p]!;
      const i = reco.items[r]!;
      if (trainMark[i] === mark) {
        throw new Error(
          `${where}: recommendation row ${r} (user ${u}, item ${i}) is a training pair; ` +
            `recommend with the user's training items excluded`,
        );
      }
      if (recoMark[i] === mark) {
        throw new Error(`${where}: recommendation row ${r} repeats (user ${u}, item ${i}); each pair must appear once`);
      }
      recoMark[i] = mark;
    }
  }
  return { userItems, recoRows };
}

/** Throws unless the sizes are counts and every pair is in range. */
export function checkPairs(pairs: UserItemPairs, where: string, what = 'training'): void {
  for (const [name, n] of [['numUsers', pairs.numUsers], ['numItems', pairs.numItems]] as const) {
    if (!Number.isInteger(n) || n < 0) {
      throw new RangeError(`${where}: ${what} ${name} must be a non-negative integer, got ${n}`);
    }
  }
  if (pairs.users.length !== pairs.items.length) {
    throw new RangeError(
      `${where}: ${what} has ${pairs.users.length} users but ${pairs.items.length} items; the columns must align`,
    );
  }
  checkRange(pairs.users, pairs.numUsers, where, what, 'user', 'numUsers');
  checkRange(pairs.items, pairs.numItems, where, what, 'item', 'numItems');
}

function checkRange(ids: Int32Array, n: number, where: string, what: string, kind: string, size: string): void {
  for (let r = 0; r < ids.length; r++) {
    const id = ids[r]!;
    if (id < 0 || id >= n) {
      throw new RangeError(
        `${where}: ${what} row ${r} has ${kind} index ${id}, outside 0..${n - 1} (${size} ${n}); ` +
          `training and recommendations must share one dense ${kind} index`,
      );
    }
  }
}

function checkRelevance(relevance: ArrayLike<number>, n: number, where: string): void {
  if (relevance.length !== n) {
    throw new RangeError(`${where}: relevance has ${relevance.length} values for ${n} recommendation rows`);
  }
  for (let r = 0; r < n; r++) {
    if (!Number.isFinite(relevance[r])) {
      throw new RangeError(`${where}: relevance[${r}] is ${relevance[r]}; relevance must be a finite number (1/0)`);
    }
  }
}
