import { canonicalIds, canonicalTraining, type CanonicalIds, type CanonicalTraining } from './canonical-order.js';
import { consumeRows } from './consume-data.js';
import { collectGarbage, releaseBuffers } from '../data/release-buffers.js';
import { buildCSR } from '../data/csr.js';
import { size, type Interactions } from '../data/interactions.js';
import { gram } from '../kernels/gram.js';
import { updateFactors, type UpdateParams } from '../kernels/update-factors.js';
import { loadWasmKernels, loadedWasmKernels, wasmUnavailableReason } from '../kernels/wasm/load-kernels.js';
import { WasmAls } from '../kernels/wasm/wasm-als.js';
import { DEFAULT_WINDOW_ENTRIES } from '../kernels/wasm/csr-window.js';
import type { WasmMemory, WasmModule } from '../kernels/wasm/wasm-api.js';
import { paddedRank } from '../kernels/wasm/kernel-exports.js';
import { runTaskHere, type ChunkTask } from '../kernels/pool/chunk-task.js';
import { prestartWorkers, withWorkers } from '../kernels/pool/shared-pool.js';
import { WorkerPool } from '../kernels/pool/worker-pool.js';
import { availableCores } from '../kernels/pool/thread-host.js';
import { resolveALSOptions, usesImplicitVariant, type ALSOptions, type ResolvedALSOptions } from './options.js';
import { fitBiased } from './fit-biased.js';
import { fitEnsemble, fitEnsembleSync } from './ensemble.js';
import { implicitVariantLoss } from './loss-implicit-variant.js';
import { startingFactors, type FitOptions } from './warm-start.js';
import { alsLoss } from './loss.js';
import { ALSModel, type TrainingSummary } from './als-model.js';
import { rowsToInteractions } from './row-objects.js';
import { sharedStartingFactors, sharedTrainingSetUp, type CsrPair } from './shared-set-up.js';

/**
 * Alternating Least Squares with Spark's semantics (org.apache.spark.ml.recommendation.ALS):
 *
 *   const model = await new ALS({ rank: 10, maxIter: 15, regParam: 0.05, coldStartStrategy: 'drop' }).fit(train);
 *
 * Each iteration solves every item's factors from the user factors, then every user's from the
 * item factors (see kernels/update-factors.ts for the normal equations). Only users and items that
 * appear in the training rows get factors, as in Spark: the rest are cold-start at prediction.
 * The model depends on the rows and the seed only, not on their order: ids are numbered in
 * canonical order and each initial factor row is drawn from (seed, its id) (canonical-order.ts,
 * init-factors.ts).
 *
 * Two backends, one semantics: the TypeScript reference kernels, and the WASM SIMD kernels
 * (kernels/wasm/WasmAls) on 1..N threads. Every row's solve reads only its own inputs, and the Gram
 * matrices and loss are summed in fixed blocks, so the WASM model has the same bits for any thread
 * count; it agrees with the TypeScript model to float32 rounding (tests/als/conformance.test.ts).
 */
export class ALS {
  readonly options: ResolvedALSOptions;

  constructor(options: ALSOptions = {}) {
    this.options = resolveALSOptions(options);
  }

  /**
   * Trains on `data`: columnar interactions, or row objects keyed by userCol/itemCol/ratingCol.
   * `{ initialModel }` warm-starts from a previous model's factors (als/warm-start.ts).
   */
  async fit(data: Interactions | readonly Record<string, unknown>[], fitOptions: FitOptions = {}): Promise<ALSModel> {
    const o = this.options;
    if (o.ensembleSize > 1) return fitEnsemble(o, fitOptions, (member) => new ALS(member).fit(data));
    // Workers boot while the WASM module loads and the data is prepared, not after (a small fit's
    // set-up tax): the thread count is known before `prepare` unless numThreads is 'auto', whose
    // estimate without the row count is a lower bound (it only grows with rows).
    if (o.kernels === 'wasm' && !o.biases && !usesImplicitVariant(o)) {
      const rows = Array.isArray(data) ? data.length : size(data as Interactions);
      const early = o.numThreads === 'auto' ? autoThreads(availableCores(), rows, 0, o) : o.numThreads;
      prestartWorkers(early - 1);
    }
    const module = o.kernels === 'wasm' ? await loadWasmKernels() : null;
    const train = prepare(data, o, fitOptions);
    if (o.biases) return fitBiased(sortedRows(train), o, module !== null, fitOptions.initialModel);
    if (module && usesImplicitVariant(o)) warnVariant();
    if (!module || usesImplicitVariant(o)) {
      if (o.kernels === 'wasm') warnFallback();
      return fitTs(train, o);
    }
    const threads = o.numThreads === 'auto' ? autoThreads(availableCores(), size(train.train), train.userIds.size + train.itemIds.size, o) : o.numThreads;
    return withWorkers(threads - 1, async (pool) => {
      const workers = pool ? Math.min(pool.size, threads - 1) : 0;
      // The workers attach as soon as the fit's memory exists (before the CSRs are copied in) and
      // join the fit when they are ready: a fresh process's first fit does not wait for their
      // start-up. The memory is fresh, so their ready cells start at 0.
      let attaching: Promise<void> | null = null;
      const onMemory = pool && workers > 0
        ? (memory: WasmMemory, cells: number) => {
            attaching = pool.attachWhenReady(module, memory, cells, workers);
          }
        : undefined;
      let engine: WasmAls;
      try {
        engine = newEngine(module, train, o, 1 + workers, fitOptions, onMemory);
      } catch (e) {
        if (attaching) {
          await (attaching as Promise<void>).catch(() => undefined);
          pool!.detach(workers);
        }
        throw e;
      }
      if (!pool || workers === 0) return runSync(engine, train, o);
      const { i32 } = engine.mem;
      try {
        await attaching; // only the workers that had booted already: a round trip
        const steps = fitSteps(engine, o);
        let s = steps.next();
        for (; !s.done; s = steps.next()) await pool.run(s.value, engine.mem.exports, i32, WorkerPool.ready(i32, engine.readyCells, workers));
        engine.releaseHostCsr(releaseBuffers);
        return model(train, o, engine.userFactors(), engine.itemFactors(), engine.itemCounts(), s.value);
      } finally {
        pool.detach(workers);
      }
    });
  }

  /** `fit` on the calling thread only (WASM kernels if already loaded, else TypeScript). */
  fitSync(data: Interactions | readonly Record<string, unknown>[], fitOptions: FitOptions = {}): ALSModel {
    const o = this.options;
    if (o.ensembleSize > 1) return fitEnsembleSync(o, fitOptions, (member) => new ALS(member).fitSync(data));
    const train = prepare(data, o, fitOptions);
    const module = o.kernels === 'wasm' ? loadedWasmKernels() : null;
    if (o.biases) return fitBiased(sortedRows(train), o, module !== null, fitOptions.initialModel);
    if (module && usesImplicitVariant(o)) warnVariant();
    return module && !usesImplicitVariant(o) ? runSync(newEngine(module, train, o, 1, fitOptions), train, o) : fitTs(train, o);
  }
}

/**
 * Training data with the users and items it holds numbered canonically (the rows themselves stay
 * as given; `userIndex`/`itemIndex` renumber them), with its initial factors.
 */
type Prepared = CanonicalIds & {
  train: Interactions;
  /** Frees columns of `train` (fitOptions.consumeData), else does nothing. */
  release: (columns: readonly ('users' | 'items' | 'ratings')[]) => void;
  /** Initial factors: seeded random rows, or a warm start's. */
  X0: Float32Array;
  Y0: Float32Array;
  /** X0 and Y0 belong to a shared set-up: read them, never write or release them. */
  sharedFactors: boolean;
  /** Both CSRs in canonical order, from a shared set-up (else each fit builds its own). */
  csr?: CsrPair;
};

function prepare(data: Interactions | readonly Record<string, unknown>[], o: ResolvedALSOptions, f: FitOptions): Prepared {
  const train = Array.isArray(data) ? rowsToInteractions(data, o) : (data as Interactions);
  if (size(train) === 0) throw new Error('als: the training data has no rows; pass at least one rating');
  const w = f.csrWindow;
  if (w !== undefined && w !== 'auto' && !(Number.isInteger(w) && w >= 1)) {
    throw new Error(`als: fit option csrWindow must be 'auto' or an integer >= 1 (entries), got ${String(w)}`);
  }
  const release = f.consumeData && !Array.isArray(data) ? (columns: readonly ('users' | 'items' | 'ratings')[]) => consumeRows(train, columns) : () => {};
  // A search's split prepared once for all its fits (shared-set-up.ts): numbering, CSRs, factors.
  const shared = Array.isArray(data) ? undefined : sharedTrainingSetUp(train);
  if (shared) {
    const { userIds, itemIds, userIndex, itemIndex } = shared;
    const initial = o.biases || !f.initialModel;
    const { X, Y } = initial
      ? sharedStartingFactors(shared, o.rank, o.seed, o.initStd)
      : startingFactors(userIds, itemIds, o.rank, o.seed, f.initialModel, o.initStd);
    return { userIds, itemIds, userIndex, itemIndex, train, release, X0: X, Y0: Y, csr: shared.csr, sharedFactors: initial };
  }
  const c = canonicalIds(train.users, train.items, train.userIds, train.itemIds);
  // a biased fit warm-starts in fit-biased.ts (its rows carry the biases)
  const { X, Y } = startingFactors(c.userIds, c.itemIds, o.rank, o.seed, o.biases ? undefined : f.initialModel, o.initStd);
  return { ...c, train, release, X0: X, Y0: Y, sharedFactors: false };
}

function updateParams(o: ResolvedALSOptions): UpdateParams {
  const { rank, regParam, implicitPrefs, alpha, nonnegative, solver, cgSteps, blockSize } = o;
  const p: UpdateParams = { rank, regParam, implicitPrefs, alpha, nonnegative, solver, cgSteps, blockSize };
  if (usesImplicitVariant(o)) Object.assign(p, { unobservedWeight: o.unobservedWeight, regScaling: o.regScaling, regExponent: o.regExponent });
  return p;
}

/** The training rows sorted canonically (the TypeScript fits build their CSRs from them). */
function sortedRows(p: Prepared): CanonicalTraining {
  const { train } = p;
  return canonicalTraining(train.users, train.items, train.ratings, train.userIds, train.itemIds);
}

/** The reference fit: TypeScript kernels, calling thread. */
function fitTs(p: Prepared, o: ResolvedALSOptions): ALSModel {
  const nU = p.userIds.size;
  const nI = p.itemIds.size;
  const c = sortedRows(p);
  const userItems = buildCSR(c.users, c.items, c.ratings, nU, nI);
  const itemUsers = buildCSR(c.items, c.users, c.ratings, nI, nU);
  const k = o.rank;
  const X = p.sharedFactors ? p.X0.slice() : p.X0;
  const Y = p.sharedFactors ? p.Y0.slice() : p.Y0;
  const params = updateParams(o);
  const G = o.implicitPrefs ? new Float64Array(k * k) : null;
  const summary: TrainingSummary = { loss: [], iterationSeconds: [] };
  for (let iter = 1; iter <= o.maxIter; iter++) {
    const t0 = performance.now();
    if (G) gram(X, nU, k, G);
    updateFactors(itemUsers, X, Y, G, params, 0, nI);
    if (G) gram(Y, nI, k, G);
    updateFactors(userItems, Y, X, G, params, 0, nU);
    const loss = o.computeLoss ? (usesImplicitVariant(o) ? implicitVariantLoss(userItems, X, Y, params) : alsLoss(userItems, X, Y, k, o.regParam, o.implicitPrefs, o.alpha)) : null;
    record(summary, o, iter, loss, t0);
  }
  const itemCounts = new Float64Array(nI);
  for (let i = 0; i < nI; i++) itemCounts[i] = itemUsers.indptr[i + 1]! - itemUsers.indptr[i]!;
  return model(p, o, X, Y, itemCounts, summary);
}

function newEngine(
  module: WasmModule, p: Prepared, o: ResolvedALSOptions, threads: number, f: FitOptions, onMemory?: (memory: WasmMemory, readyCells: number) => void,
): WasmAls {
  if (f.consumeData) {
    p.release([]); // timestamps and source lines, never read, go before the CSRs are built
    // and whatever the caller's reading left behind — worth a full collection (~20–30 ms even on
    // a small heap) only when the rows are many (after reading the 25M file: ~100 MB)
    if (size(p.train) >= GC_MIN_ROWS) collectGarbage();
  }
  const engine = new WasmAls(module, {
    numUsers: p.userIds.size,
    numItems: p.itemIds.size,
    users: p.train.users,
    items: p.train.items,
    ratings: p.train.ratings,
    userIndex: p.userIndex,
    itemIndex: p.itemIndex,
    releaseRows: p.release,
    userFactors: p.X0,
    itemFactors: p.Y0,
    params: updateParams(o),
    threads,
    csrWindow: csrWindowEntries(f),
    csr: p.csr,
    onMemory,
  });
  f.onFootprint?.(engine.footprint);
  // The engine holds its own (padded) copy of the initial factors, which are the fit's own arrays
  // (unless a shared set-up keeps them for its next fit).
  if (!p.sharedFactors) releaseBuffers([p.X0.buffer, p.Y0.buffer]);
  return engine;
}

/** Rows from which a consumeData fit runs a full collection before building its CSRs (see newEngine). */
const GC_MIN_ROWS = 1 << 21;

/**
 * Entries of the CSR window (fitOptions.csrWindow): a number as given; 'auto' (the default) lets
 * the engine keep the CSRs in WASM memory when they fit — except with consumeData, whose caller
 * wants the memory back: then they stream from host memory, freed when the fit ends.
 */
function csrWindowEntries(f: FitOptions): number | undefined {
  const w = f.csrWindow ?? 'auto';
  if (w !== 'auto') return w;
  return f.consumeData ? DEFAULT_WINDOW_ENTRIES : undefined;
}

/** The WASM fit on the calling thread. */
function runSync(engine: WasmAls, p: Prepared, o: ResolvedALSOptions): ALSModel {
  const steps = fitSteps(engine, o);
  let s = steps.next();
  for (; !s.done; s = steps.next()) runTaskHere(engine.mem.exports, engine.mem.i32, s.value);
  engine.releaseHostCsr(releaseBuffers);
  return model(p, o, engine.userFactors(), engine.itemFactors(), engine.itemCounts(), s.value);
}

/**
 * The WASM fit loop as a sequence of chunk tasks, whoever runs them: each iteration updates the
 * items, then the users, then (computeLoss) evaluates the objective. Returns the summary.
 */
function* fitSteps(engine: WasmAls, o: ResolvedALSOptions): Generator<ChunkTask, TrainingSummary, void> {
  const summary: TrainingSummary = { loss: [], iterationSeconds: [] };
  for (let iter = 1; iter <= o.maxIter; iter++) {
    const t0 = performance.now();
    yield* engine.halfStep('items');
    yield* engine.halfStep('users');
    let loss: number | null = null;
    if (o.computeLoss) {
      yield* engine.loss();
      loss = engine.lastLoss;
    }
    record(summary, o, iter, loss, t0);
  }
  return summary;
}

function record(summary: TrainingSummary, o: ResolvedALSOptions, iteration: number, loss: number | null, t0: number): void {
  const seconds = (performance.now() - t0) / 1000;
  if (loss !== null) summary.loss.push(loss);
  summary.iterationSeconds.push(seconds);
  o.onIteration?.({ iteration, maxIter: o.maxIter, loss, seconds });
}

function model(p: Prepared, o: ResolvedALSOptions, X: Float32Array, Y: Float32Array, itemCounts: Float64Array, summary: TrainingSummary): ALSModel {
  const { onIteration: _, ...options } = o;
  return new ALSModel({ rank: o.rank, userIds: p.userIds, itemIds: p.itemIds, userFactors: X, itemFactors: Y, options, summary, itemCounts });
}

let warned = false;
let warnedVariant = false;

/** Says once per process that Rendle's implicit variant runs on the TypeScript kernels. */
function warnVariant(): void {
  if (warnedVariant) return;
  warnedVariant = true;
  console.warn("als: unobservedWeight / regScaling 'frequency' run on the TypeScript kernels (no WASM twin yet), ~10× slower than Spark's default implicit ALS");
}

/** Says once per process that kernels 'wasm' fell back to the TypeScript kernels, and why. */
function warnFallback(): void {
  if (warned) return;
  warned = true;
  console.warn(`als: using the TypeScript kernels, ~10× slower: ${wasmUnavailableReason()}`);
}

/** Multiply-adds per second of one core on the WASM kernels: a conservative figure (bench/kernels.ts measures 5–18e9 for k = 10–128). */
const WASM_RATE = 5e9;
/** Below this single-thread estimate, starting workers (measured ~40–70 ms for one or two) costs more than it saves. */
const MIN_PARALLEL_SECONDS = 0.15;

/**
 * numThreads 'auto': all cores, unless the whole fit is estimated to take under
 * MIN_PARALLEL_SECONDS on one thread — then 1 (ML-100k at rank 10 is such a fit). The estimate
 * counts multiply-adds per iteration (nnz ratings, rows users + items): Cholesky nnz·kp² (both sides, triangle) + rows·kp³/6;
 * CG (steps + 1)·(4·nnz·kp + rows·kp²).
 */
function autoThreads(cores: number, nnz: number, rows: number, o: ResolvedALSOptions): number {
  if (cores <= 1) return 1;
  const kp = paddedRank(o.rank);
  const cg = o.implicitPrefs && o.solver === 'cg' && !o.nonnegative;
  const perIter = cg ? (o.cgSteps + 1) * (4 * nnz * kp + rows * kp * kp) : nnz * kp * kp + (rows * kp ** 3) / 6;
  return (o.maxIter * perIter) / WASM_RATE < MIN_PARALLEL_SECONDS ? 1 : cores;
}
