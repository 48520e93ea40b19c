import type { ExternalId } from '../data/id-map.js';
import type { Interactions } from '../data/interactions.js';
import { translateIds } from '../data/id-translation.js';
import { gram } from '../kernels/gram.js';
import { NormalEquation } from '../kernels/normal-equation.js';
import { choleskySolve } from '../kernels/cholesky.js';
import { nnlsSolve } from '../kernels/nnls.js';
import type { ALSModel } from './als-model.js';

/** Why the model scores `item` for `user`: the score split over the items of the user's history. */
export interface Explanation {
  user: ExternalId;
  item: ExternalId;
  /** x_uᵀ y_i with x_u folded in from the history (the model's own x_u when the history is its training data and the solve exact). */
  score: number;
  /** One entry per history item the model knows, largest contribution first; they sum to `score`. */
  contributions: { item: ExternalId; rating: number; contribution: number }[];
  /** The user's factor solved from the history. */
  userFactor: Float64Array;
}

/**
 * Explains a score as benfred/implicit's `explain`: the user's factor is the solution of
 * A x_u = Σ_j b_j y_j (the normal equations of fold-in, kernels/update-factors.ts), so
 *
 *   score = y_iᵀ x_u = y_iᵀ A⁻¹ Σ_j b_j y_j = Σ_j b_j · (y_iᵀ A⁻¹ y_j)
 *
 * and history item j contributes b_j · y_jᵀ z with A z = y_i — one extra solve. b_j = r_uj for
 * explicit feedback; 1 + α|r_uj| for a positive implicit rating and 0 otherwise (a negative or
 * zero rating still shapes A, but adds no term of its own). For a nonnegative model the NNLS
 * solution is A_FF⁻¹ b_F on its free set F (the factors > 0), and the same split is made there.
 */
export function explain(model: ALSModel, user: ExternalId, item: ExternalId, history: Interactions): Explanation {
  if (model.options.ensembleSize > 1) {
    throw new Error(`explain: not available for an ensemble of ${model.options.ensembleSize} seeds (its score is a mean of several models' solves); train with ensembleSize 1 to explain scores`);
  }
  if (model.options.biases) {
    throw new Error('explain: not available for a biased model yet (its score has a bias part μ + b_u + b_i that no history item explains); train without biases to explain scores');
  }
  const i = model.itemIds.toIndex(item);
  if (i < 0) throw new Error(`explain: item ${JSON.stringify(item)} has no factor in the model; explain an item the model was trained on`);
  const u = history.userIds.toIndex(user);
  const toModel = translateIds(history.itemIds, model.itemIds);
  const rows: number[] = [];
  if (u >= 0) for (let r = 0; r < history.users.length; r++) if (history.users[r] === u && toModel[history.items[r]!]! >= 0) rows.push(r);
  if (rows.length === 0) {
    throw new Error(`explain: user ${JSON.stringify(user)} has no interactions with items the model knows in the history given; pass the user's training rows (--train FILE)`);
  }
  const k = model.rank;
  const o = model.options;
  const Y = model.itemFactors;
  const ne = new NormalEquation(k);
  if (o.implicitPrefs) {
    const G = new Float64Array(k * k);
    gram(Y, model.itemIds.size, k, G);
    ne.merge(G);
  }
  const coef = new Float64Array(rows.length);
  let n = 0;
  rows.forEach((r, j) => {
    const off = toModel[history.items[r]!]! * k;
    const rating = history.ratings[r]!;
    if (o.implicitPrefs) {
      const c1 = o.alpha * Math.abs(rating);
      coef[j] = rating > 0 ? 1 + c1 : 0;
      if (rating > 0) n++;
      ne.add(Y, off, coef[j]!, c1);
    } else {
      coef[j] = rating;
      n++;
      ne.add(Y, off, rating, 1);
    }
  });
  ne.finish(o.regParam * n);
  const A = ne.ata.slice();
  const x = new Float64Array(k);
  // Free set: every coordinate, or for NNLS those left positive.
  let free = Array.from({ length: k }, (_, a) => a);
  if (o.nonnegative) {
    nnlsSolve(ne.ata.slice(), ne.atb.slice(), k, x);
    free = free.filter((a) => x[a]! > 0);
  } else {
    const b = ne.atb.slice();
    if (!choleskySolve(ne.ata.slice(), b, k)) {
      throw new Error(`explain: the normal equations of user ${JSON.stringify(user)} are not positive definite; the model's regParam (${o.regParam}) is too small for ${rows.length} interactions`);
    }
    x.set(b);
  }
  const m = free.length;
  const z = new Float64Array(m);
  if (m > 0) {
    const sub = new Float64Array(m * m);
    for (let p = 0; p < m; p++) {
      z[p] = Y[i * k + free[p]!]!;
      for (let q = 0; q < m; q++) sub[p * m + q] = A[free[p]! * k + free[q]!]!;
    }
    if (!choleskySolve(sub, z, m)) throw new Error(`explain: the normal equations of user ${JSON.stringify(user)} are singular; raise regParam`);
  }
  const contributions = rows.map((r, j) => {
    const off = toModel[history.items[r]!]! * k;
    let s = 0;
    for (let p = 0; p < m; p++) s += Y[off + free[p]!]! * z[p]!;
    return { item: history.itemIds.toExternal(history.items[r]!), rating: history.ratings[r]!, contribution: coef[j]! * s };
  });
  contributions.sort((a, b) => b.contribution - a.contribution);
  let score = 0;
  for (let a = 0; a < k; a++) score += x[a]! * Y[i * k + a]!;
  return { user, item, score, contributions, userFactor: x };
}
