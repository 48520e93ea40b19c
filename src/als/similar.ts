import type { ExternalId, IdMap } from '../data/id-map.js';
import { topK, type SeenRows, type TopKInput, type TopKResult } from '../kernels/top-k.js';
import { cachedUnitRows } from '../kernels/unit-rows.js';
import { loadedWasmKernels } from '../kernels/wasm/load-kernels.js';
import { topKWasm } from '../kernels/wasm/top-k-wasm.js';
import type { ALSModel } from './als-model.js';
import { Recommendations } from './recommendations.js';
import { checkIndex } from './top-k-request.js';
import type { RetrievalIndex } from '../retrieval/retrieval-index.js';

/** Options of `similarItems` / `similarUsers`. */
export interface SimilarOptions {
  /**
   * Only these ids may appear in the lists (a whitelist, implicit's `items`), e.g. the items in
   * stock. Unknown ids are ignored. Default: every item (user) with factors.
   */
  filter?: readonly ExternalId[];
  /** Ids never listed (implicit's `filter_items`). Each query id is always left out of its own list. */
  exclude?: readonly ExternalId[];
  /**
   * A cosine index of the same side (`buildIndex(model, { metric: 'cosine', side })`): faster at
   * large catalogues, approximate for 'lsh'/'hnsw'. Ignored when `filter` is given (a whitelist is
   * served exactly). Default: the exact top-K.
   */
  index?: RetrievalIndex;
}

/**
 * The `k` items (or users) most similar to each of `ids` by cosine similarity of their factors,
 * cos(i, j) = y_iᵀy_j / (‖y_i‖‖y_j‖), as implicit's `similar_items`: the factors are scaled to unit
 * length once per model (cached), then scored by the same blocked top-K as recommendations (WASM
 * SIMD when loaded, else the TypeScript kernel). The query itself is excluded. Unknown query ids
 * are skipped and repeats kept once, as in `recommendForItemSubset`. Lists are best first, ties to
 * the lower model row; `scores` hold the cosines (`toRows` names them 'similarity').
 */
export function similar(
  model: ALSModel,
  side: 'item' | 'user',
  ids: readonly ExternalId[],
  k: number,
  opts: SimilarOptions = {},
): Recommendations {
  if (!(Number.isInteger(k) && k >= 1)) throw new Error(`similar: k must be an integer >= 1, got ${k}`);
  if (model.options.ensembleSize > 1) {
    throw new Error(`similar: not available for an ensemble of ${model.options.ensembleSize} seeds (its rows are several models side by side); train with ensembleSize 1 for similar items`);
  }
  if (model.options.biases) {
    throw new Error('similar: not available for a biased model yet (its factor rows carry the biases, which are not part of the taste vectors); train without biases for similar items');
  }
  const idMap = side === 'item' ? model.itemIds : model.userIds;
  const factors = side === 'item' ? model.itemFactors : model.userFactors;
  const rank = model.rank;
  const queryRows = knownRows(ids, idMap);
  const unit = cachedUnitRows(factors, rank);
  // candidates: all rows, or the filter's rows (target position p is model row allowed[p])
  const allowed = opts.filter ? Int32Array.from(knownRows(opts.filter, idMap)).sort() : null;
  const targets = allowed ? gatherRows(unit, allowed, rank) : unit;
  const position = allowed ? positionsOf(allowed, idMap.size) : null;
  const excluded = opts.exclude ? knownRows(opts.exclude, idMap) : new Int32Array(0);
  const input: TopKInput = {
    queries: unit,
    queryRows,
    targets,
    rank,
    k,
    seen: selfAndExcluded(queryRows, excluded, idMap.size, position),
  };
  const useWasm = model.options.kernels !== 'ts' && loadedWasmKernels() !== null;
  const result: TopKResult =
    targets.length === 0
      ? empty(queryRows.length, k)
      : opts.index && !allowed
        ? checkIndex(opts.index, side === 'item' ? 'user' : 'item', 'cosine', input).search(input)
        : useWasm
          ? topKWasm(input)
          : topK(input);
  if (allowed) for (let j = 0; j < result.indices.length; j++) if (result.indices[j]! >= 0) result.indices[j] = allowed[result.indices[j]!]!;
  const col = side === 'item' ? model.options.itemCol : model.options.userCol;
  return new Recommendations({
    side,
    queryIds: idMap,
    targetIds: idMap,
    queryRows,
    indices: result.indices,
    scores: result.scores,
    k,
    queryCol: col,
    targetCol: col,
    scoreCol: 'similarity',
  });
}

/** Model rows of the known ids, in order, each once. */
function knownRows(ids: readonly ExternalId[], idMap: IdMap): Int32Array {
  const rows: number[] = [];
  const taken = new Set<number>();
  for (const id of ids) {
    const r = idMap.toIndex(id);
    if (r >= 0 && !taken.has(r)) {
      taken.add(r);
      rows.push(r);
    }
  }
  return Int32Array.from(rows);
}

function gatherRows(F: Float32Array, rows: Int32Array, rank: number): Float32Array {
  const out = new Float32Array(rows.length * rank);
  rows.forEach((r, p) => out.set(F.subarray(r * rank, r * rank + rank), p * rank));
  return out;
}

/** position[row] = index of `row` in `allowed`, or −1. */
function positionsOf(allowed: Int32Array, n: number): Int32Array {
  const position = new Int32Array(n).fill(-1);
  allowed.forEach((r, p) => (position[r] = p));
  return position;
}

/**
 * Seen lists for the top-K kernel: each query row lists itself and the excluded rows, as target
 * positions (rows not among the candidates dropped), sorted. Rows that are not queries list nothing.
 */
function selfAndExcluded(queryRows: Int32Array, excluded: Int32Array, n: number, position: Int32Array | null): SeenRows {
  const pos = (r: number) => (position ? position[r]! : r);
  const shared = Array.from(excluded, pos).filter((p) => p >= 0);
  const sharedSet = new Set(shared);
  const lists = new Map<number, number[]>();
  for (const q of queryRows) {
    const self = pos(q);
    const list = self >= 0 && !sharedSet.has(self) ? [...shared, self] : [...shared];
    lists.set(q, list.sort((a, b) => a - b));
  }
  // counts of the query rows only, then one prefix sum (no per-row map lookup: n can be large)
  const indptr = new Int32Array(n + 1);
  for (const [r, list] of lists) indptr[r + 1] = list.length;
  for (let r = 0; r < n; r++) indptr[r + 1]! += indptr[r]!;
  const indices = new Int32Array(indptr[n]!);
  for (const [r, list] of lists) indices.set(list, indptr[r]!);
  return { indptr, indices };
}

function empty(n: number, k: number): TopKResult {
  return { indices: new Int32Array(n * k).fill(-1), scores: new Float32Array(n * k).fill(NaN), k };
}
