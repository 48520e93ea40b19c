import { IdMap } from '../data/id-map.js';
import type { Interactions } from '../data/interactions.js';
import { translateIds } from '../data/id-translation.js';
import { ALSModel } from './als-model.js';
import { foldIn, type FoldedFactors } from './fold-in.js';

/**
 * Fold-in for a biased model (options.biases; rows user [x_u, μ + b_u, 1], item [y_i, 1, b_i]):
 * the half-step of training (als/fit-biased.ts) for the rows of `data` against the model's fixed
 * other side. A user's [x_u; b_u] solves
 *
 *   (Σ_i ỹ_i ỹ_iᵀ + λ·n_u·I) [x_u; b_u] = Σ_i (r_ui − μ − b_i) ỹ_i,   ỹ_i = [y_i; 1]
 *
 * which is plain explicit fold-in (fold-in.ts) at rank k + 1 against the features [y_i, 1] with the
 * targets shifted by μ + b_i; items likewise against [x_u, 1], shifted by μ + b_u. The result has
 * the model's augmented rows. A row with nothing to learn from gets zero factors and zero bias
 * (user [0, μ, 1]), so its predictions are the bias baseline μ + b_i, not 0.
 */
export function foldInBiased(model: ALSModel, data: Interactions, side: 'user' | 'item'): FoldedFactors {
  const forUsers = side === 'user';
  const w = model.rank;
  const k = w - 2;
  const mu = model.globalMean!;
  const fixedIds = forUsers ? model.itemIds : model.userIds;
  const fixed = forUsers ? model.itemFactors : model.userFactors;
  const n = fixedIds.size;
  // features [factor, 1] and the shift (μ + the fixed row's bias) of every fixed row
  const features = new Float32Array(n * (k + 1));
  const shift = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    features.set(fixed.subarray(r * w, r * w + k), r * (k + 1));
    features[r * (k + 1) + k] = 1;
    shift[r] = forUsers ? mu + fixed[r * w + k + 1]! : fixed[r * w + k]!;
  }
  const toFixed = translateIds(forUsers ? data.itemIds : data.userIds, fixedIds);
  const otherCol = forUsers ? data.items : data.users;
  const ratings = new Float32Array(data.ratings.length);
  for (let r = 0; r < ratings.length; r++) {
    const c = toFixed[otherCol[r]!]!;
    ratings[r] = c >= 0 ? data.ratings[r]! - shift[c]! : data.ratings[r]!;
  }
  const plain = new ALSModel({
    rank: k + 1,
    userIds: forUsers ? new IdMap() : model.userIds,
    itemIds: forUsers ? model.itemIds : new IdMap(),
    userFactors: forUsers ? new Float32Array(0) : features,
    itemFactors: forUsers ? features : new Float32Array(0),
    options: { ...model.options, rank: k + 1, biases: false },
  });
  const solved = foldIn(plain, { ...data, ratings }, side);
  const rows = solved.ids.size;
  const factors = new Float32Array(rows * w);
  for (let r = 0; r < rows; r++) {
    factors.set(solved.factors.subarray(r * (k + 1), r * (k + 1) + k), r * w);
    const b = solved.factors[r * (k + 1) + k]!;
    factors[r * w + k] = forUsers ? mu + b : 1;
    factors[r * w + k + 1] = forUsers ? 1 : b;
  }
  return { side, ids: solved.ids, factors, counts: solved.counts, rank: w };
}
