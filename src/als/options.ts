/**
 * Options of the ALS estimator, with Spark's names and defaults (pyspark.ml.recommendation.ALS).
 * Validated once at the boundary by `resolveALSOptions`, which both documents and checks them.
 */
export interface ALSOptions {
  /** Number of latent factors. Default 10. */
  rank?: number;
  /** Number of iterations (each updates items, then users). Default 10. */
  maxIter?: number;
  /** λ ≥ 0; scaled per row by its number of ratings (ALS-WR). Default 0.1. */
  regParam?: number;
  /** Implicit feedback (Hu, Koren, Volinsky 2008) instead of explicit ratings. Default false. */
  implicitPrefs?: boolean;
  /** Confidence slope for implicit feedback: c = 1 + alpha·|r|. Default 1.0. */
  alpha?: number;
  /** Constrain factors to be ≥ 0 (NNLS). Default false. */
  nonnegative?: boolean;
  /** What `transform` does with users or items unseen in training: NaN prediction or drop the row. Default 'nan'. */
  coldStartStrategy?: 'nan' | 'drop';
  /** Seed of the factor initialisation. Default 0 (Spark's default seed is a hash of the class name; any fixed value serves). */
  seed?: number;
  /** Column names, for row-object inputs and outputs. Defaults 'user', 'item', 'rating', 'prediction'. */
  userCol?: string;
  itemCol?: string;
  ratingCol?: string;
  predictionCol?: string;
  /**
   * Linear solver: 'cholesky' (exact), 'cg' (conjugate gradient, implicit only, warm-started,
   * `cgSteps` steps) or 'ials++' (block coordinate descent, implicit only, see `blockSize`).
   * Default: 'cg' for implicit feedback — chosen by measurement, a departure from Spark's exact
   * solve: on ML-100k at ranks 10–128 it gave the same precision@10 and a training loss within 0.3%
   * of Cholesky's, 1.3–5× faster (the gap grows with rank) — and 'cholesky' otherwise
   * (explicit feedback; NNLS when nonnegative, which forms the same normal equations).
   */
  solver?: 'cholesky' | 'cg' | 'ials++';
  /** Conjugate-gradient steps per row and half-iteration when solver is 'cg'. Default 3. */
  cgSteps?: number;
  /**
   * Block size of solver 'ials++' (implicit only: Rendle et al. 2021's subspace block coordinate
   * descent, one sweep over the rank in blocks of this many coordinates per row and half-iteration;
   * kernels/ials-plus-plus.ts). blockSize >= rank is the exact solve. Default 32. Measured
   * (docs/benchmarks.md): at ranks 128 and 256 on 10M 'cg' reached every loss of the curves
   * sooner, at every block size (8–32); 16 came first of the 'ials++' blocks at 128, 32
   * closest at 256.
   */
  blockSize?: number;
  /**
   * Kernels: 'wasm' (AssemblyScript compiled to WASM SIMD, default) or 'ts' (the plain TypeScript
   * reference). 'wasm' falls back to 'ts' where WebAssembly SIMD, shared memory or the built kernels
   * are missing, and `fitSync` uses it only once loaded (by a `fit` or `await loadWasmKernels()`).
   */
  kernels?: 'wasm' | 'ts';
  /**
   * Threads of `fit` on the WASM kernels, the calling thread included: an integer >= 1, or 'auto'
   * (default) = the machine's cores, or 1 when the fit is too small to repay starting workers
   * (see als.ts `autoThreads`). The model is the same, bit for bit, for any number. `fitSync` uses one.
   */
  numThreads?: number | 'auto';
  /**
   * Explicit feedback only: learn a global mean μ (the mean training rating, fixed) and a bias per
   * user and per item alongside the factors, r̂_ui = μ + b_u + b_i + x_uᵀy_i (biased MF). Off by
   * default, as Spark has no biases. The biases are regularised like the factors (λ·n per row), and
   * learned in the same alternating solves (see als/fit-biased.ts for the augmented normal
   * equations). The model's factor rows then carry the biases as two extra columns
   * (user [x_u, μ + b_u, 1], item [y_i, 1, b_i]), so `model.rank` is rank + 2 and any dot product
   * of its factors — Spark's included — is the biased prediction. Default false.
   */
  biases?: boolean;
  /**
   * Implicit feedback only: the regulariser of each row. 'spark' (default): λ·n⁺ (ALS-WR, n⁺ the
   * row's positive entries). 'frequency': Rendle et al. 2021 ("Revisiting the performance of iALS
   * on item recommendation benchmarks"), λ·(n⁺ + α₀·N)^ν with N the number of columns (items for a
   * user row, users for an item row), α₀ = unobservedWeight, ν = regExponent.
   */
  regScaling?: 'spark' | 'frequency';
  /**
   * Implicit feedback only: the weight α₀ > 0 of every unobserved pair in the objective, instead of
   * Spark's 1 (observed pairs keep their confidence c = 1 + α|r|). Minimised:
   *   Σ_observed c_ui (p_ui − x_uᵀy_i)² + α₀ Σ_unobserved (x_uᵀy_i)² + Σ_rows λ_r ‖x_r‖².
   * Default 1 (Spark). Any other value runs on the TypeScript kernels (see als.ts).
   */
  unobservedWeight?: number;
  /** ν ≥ 0 of regScaling 'frequency'. Default 1. */
  regExponent?: number;
  /**
   * Standard deviation of the initial factor entries: 0 (default) = Spark's rows drawn N(0, I) and
   * scaled to unit length; s > 0 = every entry N(0, s²), unscaled (Rendle et al. use small ones,
   * e.g. 0.1/√rank).
   */
  initStd?: number;
  /**
   * Averaging of several seeds (not in Spark): n ≥ 1 fits of the same options with seeds seed,
   * seed + 1, …, seed + n − 1, each minimising the same objective; the model predicts the mean of
   * their predictions, (1/n) Σ_j x_u⁽ʲ⁾ᵀy_i⁽ʲ⁾ (plus the mean biases with `biases`). It is stored as
   * one model whose factor rows are the members' rows side by side, each scaled by 1/√n (so every
   * dot product — top-K, serve, Spark's own — is that mean): `model.rank` is n·rank (+ 2 with
   * biases). Costs n fits; fold-in, warm starts, explain and similar refuse such a model.
   * Default 1 (a single fit, as Spark).
   */
  ensembleSize?: number;
  /** Record the training loss after each iteration (costs one pass over the ratings). Default true. */
  computeLoss?: boolean;
  /** Called after each iteration, e.g. for a progress bar. */
  onIteration?: (info: { iteration: number; maxIter: number; loss: number | null; seconds: number }) => void;
}

export type ResolvedALSOptions = Required<Omit<ALSOptions, 'onIteration'>> & Pick<ALSOptions, 'onIteration'>;

export const ALS_DEFAULTS: Omit<ResolvedALSOptions, 'onIteration'> = {
  rank: 10,
  maxIter: 10,
  regParam: 0.1,
  implicitPrefs: false,
  alpha: 1.0,
  nonnegative: false,
  coldStartStrategy: 'nan',
  seed: 0,
  userCol: 'user',
  itemCol: 'item',
  ratingCol: 'rating',
  predictionCol: 'prediction',
  solver: 'cholesky',
  cgSteps: 3,
  blockSize: 32,
  kernels: 'wasm',
  numThreads: 'auto',
  computeLoss: true,
  biases: false,
  regScaling: 'spark',
  unobservedWeight: 1,
  regExponent: 1,
  initStd: 0,
  ensembleSize: 1,
};

/**
 * Columns of a model's factor rows: rank per member, ensembleSize members side by side, and the
 * two bias columns of a biased model (als/fit-biased.ts).
 */
export function factorColumns(o: { rank: number; biases: boolean; ensembleSize?: number }): number {
  return o.rank * (o.ensembleSize ?? 1) + (o.biases ? 2 : 0);
}

/** Fills defaults and checks every value; errors name the option, the value and the valid range. */
export function resolveALSOptions(opts: ALSOptions = {}): ResolvedALSOptions {
  const known = new Set([...Object.keys(ALS_DEFAULTS), 'onIteration']);
  for (const key of Object.keys(opts)) {
    if (!known.has(key)) throw new Error(`als: unknown option '${key}'; known options: ${[...known].join(', ')}`);
  }
  const given = stripUndefined(opts);
  const o = { ...ALS_DEFAULTS, ...given } as ResolvedALSOptions;
  if (given.solver === undefined) o.solver = o.implicitPrefs && !o.nonnegative ? 'cg' : 'cholesky';
  for (const flag of ['implicitPrefs', 'nonnegative', 'computeLoss', 'biases'] as const) {
    if (typeof o[flag] !== 'boolean') throw new Error(`als: ${flag} must be true or false, got ${JSON.stringify(o[flag])}`);
  }
  if (o.onIteration !== undefined && typeof o.onIteration !== 'function') {
    throw new Error(`als: onIteration must be a function, got ${JSON.stringify(o.onIteration)}`);
  }
  positiveInt('rank', o.rank);
  nonNegativeInt('maxIter', o.maxIter);
  if (!(Number.isFinite(o.regParam) && o.regParam >= 0)) throw new Error(`als: regParam must be >= 0, got ${o.regParam}`);
  if (!(Number.isFinite(o.alpha) && o.alpha >= 0)) throw new Error(`als: alpha must be >= 0, got ${o.alpha}`);
  oneOf('coldStartStrategy', o.coldStartStrategy, ['nan', 'drop']);
  oneOf('solver', o.solver, ['cholesky', 'cg', 'ials++']);
  if ((o.solver === 'cg' || o.solver === 'ials++') && !o.implicitPrefs) {
    throw new Error(`als: solver '${o.solver}' is for implicit feedback; use solver 'cholesky' or set implicitPrefs true`);
  }
  if (o.solver === 'ials++' && o.nonnegative) {
    throw new Error("als: solver 'ials++' does not take nonnegative; use solver 'cholesky' (NNLS) or set nonnegative false");
  }
  positiveInt('blockSize', o.blockSize);
  positiveInt('ensembleSize', o.ensembleSize);
  if (o.solver === 'ials++' && o.implicitPrefs && (o.regScaling !== 'spark' || o.unobservedWeight !== 1)) {
    throw new Error("als: solver 'ials++' solves Spark's implicit objective only; drop unobservedWeight and regScaling, or use solver 'cg' or 'cholesky'");
  }
  positiveInt('cgSteps', o.cgSteps);
  oneOf('kernels', o.kernels, ['wasm', 'ts']);
  if (o.numThreads !== 'auto' && !(Number.isInteger(o.numThreads) && o.numThreads >= 1)) {
    throw new Error(`als: numThreads must be an integer >= 1 or 'auto', got ${JSON.stringify(o.numThreads)}`);
  }
  checkVariants(o, given);
  if (!Number.isInteger(o.seed)) throw new Error(`als: seed must be an integer, got ${o.seed}`);
  for (const col of ['userCol', 'itemCol', 'ratingCol', 'predictionCol'] as const) {
    if (typeof o[col] !== 'string' || o[col] === '') throw new Error(`als: ${col} must be a non-empty string, got ${JSON.stringify(o[col])}`);
  }
  return o;
}

/** The biased and Rendle variants: ranges, and the feedback kind each belongs to. */
function checkVariants(o: ResolvedALSOptions, given: Partial<ALSOptions>): void {
  oneOf('regScaling', o.regScaling, ['spark', 'frequency']);
  if (!(Number.isFinite(o.unobservedWeight) && o.unobservedWeight > 0)) throw new Error(`als: unobservedWeight must be > 0, got ${o.unobservedWeight}`);
  if (!(Number.isFinite(o.regExponent) && o.regExponent >= 0)) throw new Error(`als: regExponent must be >= 0, got ${o.regExponent}`);
  if (!(Number.isFinite(o.initStd) && o.initStd >= 0)) throw new Error(`als: initStd must be >= 0 (0 = Spark's unit-length rows), got ${o.initStd}`);
  if (o.biases && o.implicitPrefs) {
    throw new Error('als: biases is for explicit ratings; drop biases, or set implicitPrefs false (implicit ALS has no bias terms)');
  }
  if (o.biases && o.nonnegative) {
    throw new Error('als: biases cannot be combined with nonnegative (the biases may be negative); drop one of them');
  }
  if (!o.implicitPrefs) {
    for (const name of ['regScaling', 'unobservedWeight', 'regExponent'] as const) {
      if (given[name] !== undefined && given[name] !== ALS_DEFAULTS[name]) {
        throw new Error(`als: ${name} is an option of implicit feedback, got ${JSON.stringify(given[name])} with implicitPrefs false; set implicitPrefs true or drop ${name}`);
      }
    }
  }
}

/** True when the options ask for Rendle's implicit variant (unobserved weight or frequency scaling), which only the TypeScript kernels carry. */
export function usesImplicitVariant(o: Pick<ResolvedALSOptions, 'implicitPrefs' | 'regScaling' | 'unobservedWeight'>): boolean {
  return o.implicitPrefs && (o.regScaling !== 'spark' || o.unobservedWeight !== 1);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function positiveInt(name: string, v: number): void {
  if (!(Number.isInteger(v) && v >= 1)) throw new Error(`als: ${name} must be an integer >= 1, got ${v}`);
}

function nonNegativeInt(name: string, v: number): void {
  if (!(Number.isInteger(v) && v >= 0)) throw new Error(`als: ${name} must be an integer >= 0, got ${v}`);
}

function oneOf(name: string, v: unknown, allowed: string[]): void {
  if (!allowed.includes(v as string)) {
    throw new Error(`als: ${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${JSON.stringify(v)}`);
  }
}
