import { ALSModel, type TrainingSummary } from './als-model.js';
import { factorColumns, type ResolvedALSOptions } from './options.js';
import type { FitOptions } from './warm-start.js';

/**
 * The option `ensembleSize` n > 1: fits n members with seeds seed, seed + 1, …, seed + n − 1
 * (`fitOne` fits one member, with ensembleSize 1), one after the other, and averages them with
 * `averageMembers`. Progress counts iterations over all members (maxIter·n in all).
 */
export async function fitEnsemble(o: ResolvedALSOptions, f: FitOptions, fitOne: (member: ResolvedALSOptions) => Promise<ALSModel> | ALSModel): Promise<ALSModel> {
  if (f.initialModel) {
    throw new Error(`als: ensembleSize ${o.ensembleSize} cannot warm-start from an initialModel (each member starts from its own seed); drop initialModel or set ensembleSize 1`);
  }
  const members: ALSModel[] = [];
  for (let j = 0; j < o.ensembleSize; j++) members.push(await fitOne(memberOptions(o, j)));
  return averageMembers(members, o);
}

/** The synchronous twin of fitEnsemble (ALS.fitSync). */
export function fitEnsembleSync(o: ResolvedALSOptions, f: FitOptions, fitOne: (member: ResolvedALSOptions) => ALSModel): ALSModel {
  if (f.initialModel) {
    throw new Error(`als: ensembleSize ${o.ensembleSize} cannot warm-start from an initialModel (each member starts from its own seed); drop initialModel or set ensembleSize 1`);
  }
  const members: ALSModel[] = [];
  for (let j = 0; j < o.ensembleSize; j++) members.push(fitOne(memberOptions(o, j)));
  return averageMembers(members, o);
}

/** Member j's options: seed + j, a single fit, and progress numbered over the whole ensemble. */
function memberOptions(o: ResolvedALSOptions, j: number): ResolvedALSOptions {
  const total = o.maxIter * o.ensembleSize;
  const report = o.onIteration;
  return {
    ...o,
    ensembleSize: 1,
    seed: (o.seed + j) | 0,
    onIteration: report && ((info) => report({ ...info, iteration: j * o.maxIter + info.iteration, maxIter: total })),
  };
}

/**
 * One model predicting the mean of the members' predictions. Members fitted on the same rows share
 * their id maps (ids are numbered canonically, als/canonical-order.ts). With n members of rank k:
 *
 *   user row [x⁽¹⁾, …, x⁽ⁿ⁾] / √n,  item row [y⁽¹⁾, …, y⁽ⁿ⁾] / √n
 *   ⇒ user rowᵀ item row = (1/n) Σ_j x⁽ʲ⁾ᵀ y⁽ʲ⁾
 *
 * and with biases (member rows [x, μ + b_u, 1] and [y, 1, b_i]) two more columns
 * [μ + mean_j b_u⁽ʲ⁾, 1] and [1, mean_j b_i⁽ʲ⁾], adding μ + mean b_u + mean b_i: the mean of the
 * members' biased predictions. The summary holds the members' mean loss per iteration and their
 * summed iteration times.
 */
export function averageMembers(members: readonly ALSModel[], o: ResolvedALSOptions): ALSModel {
  const n = members.length;
  const first = members[0]!;
  const k = o.rank;
  const w = factorColumns({ rank: k, biases: o.biases, ensembleSize: n });
  const memberWidth = first.rank;
  const scale = 1 / Math.sqrt(n);
  const stack = (pick: (m: ALSModel) => Float32Array, rows: number): Float32Array => {
    const out = new Float32Array(rows * w);
    members.forEach((m, j) => {
      if (m.rank !== memberWidth || m.userIds.size !== first.userIds.size || m.itemIds.size !== first.itemIds.size) {
        throw new Error('als: ensemble members differ in shape; they must be fitted on the same rows with the same rank');
      }
      const F = pick(m);
      for (let r = 0; r < rows; r++) {
        for (let a = 0; a < k; a++) out[r * w + j * k + a] = F[r * memberWidth + a]! * scale;
        if (o.biases) {
          out[r * w + n * k] = out[r * w + n * k]! + F[r * memberWidth + k]! / n;
          out[r * w + n * k + 1] = out[r * w + n * k + 1]! + F[r * memberWidth + k + 1]! / n;
        }
      }
    });
    return out;
  };
  const summary: TrainingSummary = { loss: [], iterationSeconds: [] };
  for (let t = 0; t < first.summary.iterationSeconds.length; t++) {
    summary.iterationSeconds.push(members.reduce((s, m) => s + (m.summary.iterationSeconds[t] ?? 0), 0));
    if (first.summary.loss.length > t) summary.loss.push(members.reduce((s, m) => s + (m.summary.loss[t] ?? NaN), 0) / n);
  }
  const { onIteration: _, ...options } = o;
  return new ALSModel({
    rank: w,
    userIds: first.userIds,
    itemIds: first.itemIds,
    userFactors: stack((m) => m.userFactors, first.userIds.size),
    itemFactors: stack((m) => m.itemFactors, first.itemIds.size),
    options,
    summary,
    itemCounts: first.itemCounts,
    globalMean: first.globalMean,
  });
}
