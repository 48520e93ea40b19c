import { IdMap, type ExternalId } from '../data/id-map.js';
import { buildCSR } from '../data/csr.js';
import type { Interactions } from '../data/interactions.js';
import { translateIds } from '../data/id-translation.js';
import { gram } from '../kernels/gram.js';
import { updateFactors, type UpdateParams } from '../kernels/update-factors.js';
import type { ALSModel } from './als-model.js';
import { foldInBiased } from './fold-in-biased.js';
import { loadedWasmKernels } from '../kernels/wasm/load-kernels.js';
import { PreparedSolve } from '../kernels/wasm/fold-in-prepared.js';

/**
 * Factors solved for users (or items) against a model's fixed other side: row r of `factors`
 * (rank wide) belongs to `ids.toExternal(r)`; `counts[r]` is how many of its interactions the
 * model could use (their other side has factors). A row with count 0 is all zeros: nothing to
 * learn from, the caller should fall back (popularity, content).
 */
export interface FoldedFactors {
  side: 'user' | 'item';
  ids: IdMap;
  factors: Float32Array;
  counts: Float64Array;
  rank: number;
}

/**
 * Fold-in: solves the factor of each user (side 'user') or item (side 'item') of `data` from its
 * interactions against the model's fixed factors of the other side — the same normal equations as
 * one half-step of training (kernels/update-factors.ts):
 *
 *   explicit:  (Σ_i y_i y_iᵀ + λ·n_u·I) x_u = Σ_i r_ui y_i                       (ALS-WR)
 *   implicit:  (YᵀY + Σ_i α|r_ui| y_i y_iᵀ + λ·n⁺_u·I) x_u = Σ_{r>0} (1 + α|r_ui|) y_i
 *
 * solved exactly (Cholesky; NNLS for a nonnegative model), whatever solver trained the model:
 * CG's warm start needs a previous factor that a new user has not got. Because a fit solves the
 * users last, folding in every training user against the final item factors gives back the final
 * user factors (tests/als/fold-in.test.ts). Interactions with an item (user) the model does not know
 * are ignored. Users (items) come out in the order of their dense index in `data`.
 */
export function foldIn(model: ALSModel, data: Interactions, side: 'user' | 'item'): FoldedFactors {
  if (model.options.ensembleSize > 1) {
    throw new Error(`fold-in: not available for an ensemble of ${model.options.ensembleSize} seeds (each member would need its own solve); train with ensembleSize 1 to fold in new users or items`);
  }
  if (model.options.biases) return foldInBiased(model, data, side);
  const forUsers = side === 'user';
  const rowCol = forUsers ? data.users : data.items;
  const rowIds = forUsers ? data.userIds : data.itemIds;
  const fixedIds = forUsers ? model.itemIds : model.userIds;
  const fixed = forUsers ? model.itemFactors : model.userFactors;
  const toFixed = translateIds(forUsers ? data.itemIds : data.userIds, fixedIds);
  const otherCol = forUsers ? data.items : data.users;

  // Rows of the result: the ids that occur in data, in dense-index order.
  const present = new Uint8Array(rowIds.size);
  for (let r = 0; r < rowCol.length; r++) present[rowCol[r]!] = 1;
  const ids = new IdMap();
  const rowOf = new Int32Array(rowIds.size).fill(-1);
  for (let i = 0; i < rowIds.size; i++) if (present[i]) rowOf[i] = ids.add(rowIds.toExternal(i));

  let kept = 0;
  for (let r = 0; r < rowCol.length; r++) if (toFixed[otherCol[r]!]! >= 0) kept++;
  const rows = new Int32Array(kept);
  const cols = new Int32Array(kept);
  const values = new Float32Array(kept);
  let m = 0;
  for (let r = 0; r < rowCol.length; r++) {
    const c = toFixed[otherCol[r]!]!;
    if (c < 0) continue;
    rows[m] = rowOf[rowCol[r]!]!;
    cols[m] = c;
    values[m++] = data.ratings[r]!;
  }
  const n = ids.size;
  const k = model.rank;
  const csr = buildCSR(rows, cols, values, n, fixedIds.size);
  const factors = new Float32Array(n * k);
  const counts = new Float64Array(n);
  for (let r = 0; r < n; r++) counts[r] = csr.indptr[r + 1]! - csr.indptr[r]!;
  const params = foldInParams(model);
  const G = model.options.implicitPrefs ? fixedGram(fixed, fixedIds.size, k) : null;
  // One row at a time so that a row with nothing to learn from stays zero instead of failing.
  for (let r = 0; r < n; r++) {
    if (counts[r] === 0) continue;
    try {
      updateFactors(csr, fixed, factors, G, params, r, r + 1);
    } catch (e) {
      throw new Error(`fold-in: ${side} ${JSON.stringify(ids.toExternal(r))}: ${(e as Error).message}`);
    }
  }
  return { side, ids, factors, counts, rank: k };
}

/**
 * The fold-in of one row straight from model rows: the factor of a user (side 'user') whose
 * interactions are the model item rows `cols` (each at most once) with ratings `values` — or of an
 * item from user rows — solved exactly as `foldIn` solves each of its rows. For callers that hold
 * model rows already and fold in one row per request (a service): no id maps, no Interactions.
 * With the WASM kernels loaded (and a model not trained with kernels 'ts') the fixed factors are
 * copied into WASM memory once per model and side, and each call solves there (PreparedSolve:
 * float32 accumulation, as a WASM fit); else the TypeScript kernel, bit for bit `foldIn`.
 * Returns zeros when `cols` is empty. Not for biased models (their rows are augmented: use foldIn).
 */
export function foldInRow(model: ALSModel, side: 'user' | 'item', cols: Int32Array, values: Float32Array): Float32Array {
  if (model.options.biases) throw new Error('foldInRow: not for a biased model; use foldInUsers/foldInItems');
  if (cols.length !== values.length) throw new Error(`foldInRow: cols and values differ in length (${cols.length} vs ${values.length})`);
  const k = model.rank;
  const fixed = side === 'user' ? model.itemFactors : model.userFactors;
  const n = fixed.length / k;
  for (let e = 0; e < cols.length; e++) {
    if (!(cols[e]! >= 0 && cols[e]! < n)) throw new Error(`foldInRow: cols[${e}] = ${cols[e]} is not a model ${side === 'user' ? 'item' : 'user'} row (0..${n - 1})`);
  }
  const out = new Float32Array(k);
  if (cols.length === 0) return out;
  const G = model.options.implicitPrefs ? fixedGram(fixed, n, k) : null;
  try {
    const prepared = preparedSolve(model, side, fixed, G);
    if (prepared) return prepared.solve(cols, values);
    updateFactors({ indptr: Int32Array.of(0, cols.length), indices: cols, values }, fixed, out, G, foldInParams(model), 0, 1);
  } catch (e) {
    throw new Error(`fold-in: ${side} row of ${cols.length} interactions: ${(e as Error).message}`);
  }
  return out;
}

/**
 * foldInRow's WASM solver per model and side, the fixed factors copied into WASM memory on first
 * use (PreparedSolve): when the WASM kernels are loaded and the model was not trained with kernels
 * 'ts' (as for the model's top-K), else null (the TypeScript kernel).
 */
const preparedSolves = new WeakMap<ALSModel, Partial<Record<'user' | 'item', PreparedSolve>>>();

function preparedSolve(model: ALSModel, side: 'user' | 'item', fixed: Float32Array, G: Float64Array | null): PreparedSolve | null {
  const module = model.options.kernels === 'ts' ? null : loadedWasmKernels();
  if (!module) return null;
  let sides = preparedSolves.get(model);
  if (!sides) preparedSolves.set(model, (sides = {}));
  return (sides[side] ??= new PreparedSolve(module, fixed, model.rank, G, foldInParams(model)));
}

function foldInParams(model: ALSModel): UpdateParams {
  const o = model.options;
  return {
    rank: model.rank,
    regParam: o.regParam,
    implicitPrefs: o.implicitPrefs,
    alpha: o.alpha,
    nonnegative: o.nonnegative,
    solver: 'cholesky',
    cgSteps: o.cgSteps,
  };
}

/**
 * YᵀY of a model's fixed factors, computed once per factor array and kept while the array lives:
 * a service folds users in one request at a time, and YᵀY (O(n·k²)) would otherwise dominate each
 * one. Factor arrays of a model are never written after training, so the cache cannot go stale.
 */
const gramCache = new WeakMap<Float32Array, Float64Array>();

function fixedGram(fixed: Float32Array, n: number, k: number): Float64Array {
  let G = gramCache.get(fixed);
  if (!G || G.length !== k * k) {
    G = new Float64Array(k * k);
    gram(fixed, n, k, G);
    gramCache.set(fixed, G);
  }
  return G;
}

/**
 * The rows of `base` (ids × rank) with the folded rows written over (known ids) or appended (new
 * ids), as fresh arrays: the inputs are not changed.
 */
export function mergeFactors(
  baseIds: IdMap,
  base: Float32Array,
  folded: FoldedFactors,
): { ids: IdMap; factors: Float32Array } {
  const k = folded.rank;
  const ids = IdMap.from(baseIds.ids());
  const added: ExternalId[] = [];
  for (let r = 0; r < folded.ids.size; r++) {
    const id = folded.ids.toExternal(r);
    if (!ids.has(id)) added.push(id);
  }
  for (const id of added) ids.add(id);
  const factors = new Float32Array(ids.size * k);
  factors.set(base);
  for (let r = 0; r < folded.ids.size; r++) {
    const row = ids.toIndex(folded.ids.toExternal(r));
    factors.set(folded.factors.subarray(r * k, (r + 1) * k), row * k);
  }
  return { ids, factors };
}
