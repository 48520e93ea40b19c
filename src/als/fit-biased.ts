import { buildCSR, type CSR } from '../data/csr.js';
import { updateFactors, type UpdateParams } from '../kernels/update-factors.js';
import { updateFactorsWasm } from '../kernels/wasm/update-factors-wasm.js';
import type { CanonicalTraining } from './canonical-order.js';
import { initFactors } from './init-factors.js';
import { ALSModel, type TrainingSummary } from './als-model.js';
import type { ResolvedALSOptions } from './options.js';

/**
 * Biased explicit ALS (option `biases`): r̂_ui = μ + b_u + b_i + x_uᵀy_i, μ the mean training
 * rating (fixed), b_u and b_i learned with the factors. Minimised (ALS-WR weights, n = ratings):
 *
 *   L = Σ_(u,i) (r_ui − μ − b_u − b_i − x_uᵀy_i)² + λ (Σ_u n_u (‖x_u‖² + b_u²) + Σ_i n_i (‖y_i‖² + b_i²))
 *
 * The augmented-dimension trick: with the item side fixed, a user's unknowns [x_u; b_u] are an
 * ordinary explicit ALS row of rank k + 1 against features ỹ_i = [y_i; 1] and targets
 * r_ui − μ − b_i, so each half-step solves the augmented normal equations
 *
 *   (Σ_i ỹ_i ỹ_iᵀ + λ·n_u·I_{k+1}) [x_u; b_u] = Σ_i (r_ui − μ − b_i) ỹ_i
 *
 * and symmetrically for items ([y_i; b_i] against [x_u; 1], targets r_ui − μ − b_u). These are
 * solved by the existing explicit kernels unchanged (TypeScript `updateFactors`, or its WASM twin
 * on the calling thread), given the (k+1)-wide feature rows and the shifted targets, rebuilt in
 * O(nnz + n·k) before each half-step.
 *
 * The model stores the biases folded into its factor rows, two extra columns:
 *
 *   user row [x_u, μ + b_u, 1],   item row [y_i, 1, b_i]   ⇒   userRowᵀ itemRow = r̂_ui
 *
 * so prediction, top-K and a Spark export (a plain ALSModel of rank k + 2) all need nothing but
 * dot products. `model.rank` is k + 2; `model.options.rank` is k; `model.globalMean` is μ.
 */
export function fitBiased(p: CanonicalTraining, o: ResolvedALSOptions, wasm: boolean, initialModel?: ALSModel): ALSModel {
  const nU = p.userIds.size;
  const nI = p.itemIds.size;
  const k = o.rank;
  const w = k + 2;
  let sum = 0;
  for (let r = 0; r < p.ratings.length; r++) sum += p.ratings[r]!;
  const mu = sum / p.ratings.length;
  const userItems = buildCSR(p.users, p.items, p.ratings, nU, nI);
  const itemUsers = buildCSR(p.items, p.users, p.ratings, nI, nU);
  const X = augment(initFactors(p.userIds, k, o.seed, 0, o.initStd), nU, k, 'user', mu);
  const Y = augment(initFactors(p.itemIds, k, o.seed, 1, o.initStd), nI, k, 'item', mu);
  if (initialModel) warmStart(initialModel, p, X, Y, k, mu);
  const params: UpdateParams = { rank: k + 1, regParam: o.regParam, implicitPrefs: false, alpha: o.alpha, nonnegative: false, solver: 'cholesky', cgSteps: o.cgSteps };
  const solve = wasm ? updateFactorsWasm : updateFactors;
  const summary: TrainingSummary = { loss: [], iterationSeconds: [] };
  for (let iter = 1; iter <= o.maxIter; iter++) {
    const t0 = performance.now();
    biasedHalfStep(itemUsers, X, Y, 'items', k, mu, params, solve);
    biasedHalfStep(userItems, Y, X, 'users', k, mu, params, solve);
    const loss = o.computeLoss ? biasedLoss(userItems, X, Y, k, mu, o.regParam) : null;
    const seconds = (performance.now() - t0) / 1000;
    if (loss !== null) summary.loss.push(loss);
    summary.iterationSeconds.push(seconds);
    o.onIteration?.({ iteration: iter, maxIter: o.maxIter, loss, seconds });
  }
  const itemCounts = new Float64Array(nI);
  for (let i = 0; i < nI; i++) itemCounts[i] = itemUsers.indptr[i + 1]! - itemUsers.indptr[i]!;
  const { onIteration: _, ...options } = o;
  return new ALSModel({ rank: w, userIds: p.userIds, itemIds: p.itemIds, userFactors: X, itemFactors: Y, options, summary, itemCounts, globalMean: mu });
}

/**
 * Warm start (fit's initialModel): the rows of a biased model of the same rank, for the ids it
 * knows. Its user bias column holds μ_old + b_u; the new μ replaces μ_old, b_u is kept.
 */
function warmStart(model: ALSModel, p: CanonicalTraining, X: Float32Array, Y: Float32Array, k: number, mu: number): void {
  const w = k + 2;
  if (!model.options.biases || model.rank !== w) {
    throw new Error(`als: initialModel must be a biased model of rank ${k} (factor rows of ${w} columns) to warm-start a biased fit; got ${model.options.biases ? 'rank ' + model.options.rank : 'a model without biases'}`);
  }
  const oldMu = model.globalMean!;
  for (const [ids, from, fromIds, to, user] of [[p.userIds, model.userFactors, model.userIds, X, true], [p.itemIds, model.itemFactors, model.itemIds, Y, false]] as const) {
    for (let r = 0; r < ids.size; r++) {
      const s = fromIds.toIndex(ids.toExternal(r));
      if (s < 0) continue;
      to.set(from.subarray(s * w, (s + 1) * w), r * w);
      if (user) to[r * w + k] = to[r * w + k]! - oldMu + mu;
    }
  }
}

/** n × k factors as augmented rows with zero biases: user [x, μ, 1], item [y, 1, 0]. */
function augment(F: Float32Array, n: number, k: number, side: 'user' | 'item', mu: number): Float32Array {
  const w = k + 2;
  const out = new Float32Array(n * w);
  for (let r = 0; r < n; r++) {
    out.set(F.subarray(r * k, (r + 1) * k), r * w);
    out[r * w + k] = side === 'user' ? mu : 1;
    out[r * w + k + 1] = side === 'user' ? 1 : 0;
  }
  return out;
}

type Solve = typeof updateFactors;

/**
 * One half-step of biased ALS: solves every row of `dst` (augmented, k + 2 wide) from the fixed
 * augmented rows `src`, through the rank-(k+1) explicit kernel `solve`. `which` names the side
 * being solved: 'users' (dst user rows [x, μ+b, 1], src item rows [y, 1, b]) or 'items'.
 */
export function biasedHalfStep(block: CSR, src: Float32Array, dst: Float32Array, which: 'users' | 'items', k: number, mu: number, params: UpdateParams, solve: Solve): void {
  const w = k + 2;
  const k1 = k + 1;
  const nSrc = src.length / w;
  const nDst = dst.length / w;
  // features [factor, 1] of the fixed side, and its bias: item rows hold b at k+1, user rows μ+b at k
  const F = new Float32Array(nSrc * k1);
  const bias = new Float64Array(nSrc);
  for (let r = 0; r < nSrc; r++) {
    F.set(src.subarray(r * w, r * w + k), r * k1);
    F[r * k1 + k] = 1;
    bias[r] = which === 'users' ? mu + src[r * w + k + 1]! : src[r * w + k]!;
  }
  const targets = new Float32Array(block.values.length);
  for (let e = 0; e < targets.length; e++) targets[e] = block.values[e]! - bias[block.indices[e]!]!;
  const W = new Float32Array(nDst * k1);
  solve({ indptr: block.indptr, indices: block.indices, values: targets }, F, W, null, params, 0, nDst);
  for (let r = 0; r < nDst; r++) {
    // a row without ratings (none in a fit; possible in fold-in) keeps a zero factor and bias
    dst.set(W.subarray(r * k1, r * k1 + k), r * w);
    const b = W[r * k1 + k]!;
    if (which === 'users') {
      dst[r * w + k] = mu + b;
      dst[r * w + k + 1] = 1;
    } else {
      dst[r * w + k] = 1;
      dst[r * w + k + 1] = b;
    }
  }
}

/** The objective L of `fitBiased` at augmented factors X (users), Y (items). O(nnz·k). */
export function biasedLoss(userItems: CSR, X: Float32Array, Y: Float32Array, k: number, mu: number, regParam: number): number {
  const w = k + 2;
  const { indptr, indices, values, numRows } = userItems;
  const itemCounts = new Float64Array(userItems.numCols);
  let data = 0;
  let reg = 0;
  for (let u = 0; u < numRows; u++) {
    const n = indptr[u + 1]! - indptr[u]!;
    for (let e = indptr[u]!; e < indptr[u + 1]!; e++) {
      const i = indices[e]!;
      let s = 0;
      for (let a = 0; a < w; a++) s += X[u * w + a]! * Y[i * w + a]!;
      data += (values[e]! - s) ** 2;
      itemCounts[i]!++;
    }
    reg += n * (sqNorm(X, u * w, k) + (X[u * w + k]! - mu) ** 2);
  }
  for (let i = 0; i < userItems.numCols; i++) reg += itemCounts[i]! * (sqNorm(Y, i * w, k) + Y[i * w + k + 1]! ** 2);
  return data + regParam * reg;
}

function sqNorm(F: Float32Array, off: number, k: number): number {
  let s = 0;
  for (let a = 0; a < k; a++) s += F[off + a]! * F[off + a]!;
  return s;
}
