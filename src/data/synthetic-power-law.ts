import { IdMap } from './id-map.js';
import type { Interactions } from './interactions.js';
import { Random } from './random.js';

export interface PowerLawOptions {
  numUsers: number;
  numItems: number;
  /** Target number of interactions (rows). Must lie in [minPerUser·numUsers, numItems·numUsers]. */
  nnz: number;
  seed?: number;
  /** Fewest distinct items per user, as in MovieLens. Default 20. */
  minPerUser?: number;
  /** σ of the log-normal tail of per-user counts. Default 1.15 (fitted to ML-100k, see below). */
  sigma?: number;
  /**
   * Exponent of item popularity, (r + 100)^−exponent. Default 1.5 (MovieLens's head-heavy shape).
   * Lower it (e.g. 1.0, Zipf) for catalogues where the tail must be reached: at 1.5 a 1M-item
   * catalogue with 20M rows leaves ~62 % of the items without a single interaction, at 1.0 ~3 %.
   */
  popularityExponent?: number;
}

/** Rank offset and exponent of item popularity: weight of the item at rank r is (r + 100)^−1.5. */
const POP_OFFSET = 100;
const POP_EXPONENT = 1.5;

/** ML-100k's share of each rating 1…5 (6110, 11370, 27145, 34174, 21201 of 100000 ratings). */
export const ML100K_RATING_SHARES = [0.0611, 0.1137, 0.27145, 0.34174, 0.21201] as const;

/**
 * Seeded synthetic interactions with MovieLens's shape at any size, for benchmarks:
 *
 * - Items: a seeded random permutation assigns each item a popularity rank r = 1…numItems; a draw
 *   picks the item at rank r with probability ∝ (r + 100)^−1.5 (`popularityExponent`).
 * - Users: user u has n_u = min(numItems, m + s·L_u) distinct items (m = minPerUser), where
 *   L_u = exp(σ·Z_u), Z_u ~ N(0, 1) (a log-normal tail over the minimum) and the scale s > 0 is
 *   found by bisection so that Σ_u n_u = nnz. The real-valued counts are rounded by cumulative
 *   rounding, n_u = round(C_u) − round(C_{u−1}) with C_u the running sum, which keeps every n_u
 *   within [⌊·⌋, ⌈·⌉] of its real value (so ≥ m and ≤ numItems) and the total exactly round(nnz).
 *   σ = 1.15: in ML-100k the excess over 20 has mean 86 and median 44, and a log-normal has
 *   mean/median = exp(σ²/2), so σ = √(2·ln(86/44)) ≈ 1.16.
 * - Each user's items are a weighted sample without replacement (successive sampling: each next
 *   item with probability ∝ its weight among those not yet taken). Light users draw from an alias
 *   table and reject repeats (a marker per item, stamped with the user); users taking more than an
 *   eighth of the catalogue, where rejections would pile up, use the equivalent exponential race
 *   (key_i = −ln(U_i)/w_i, keep the n_u smallest; memorylessness makes the order of arrival
 *   successive sampling).
 * - Ratings are drawn independently from ML-100k's marginal shares of 1…5.
 *
 * Rows come grouped by user. User u has external id u + 1, item i has i + 1. Memory: the three
 * output columns (12 bytes a row) plus O(numUsers + numItems).
 */
export function syntheticPowerLaw(opts: PowerLawOptions): Interactions {
  const { numUsers, numItems, nnz } = opts;
  const minPerUser = opts.minPerUser ?? 20;
  const sigma = opts.sigma ?? 1.15;
  checkOptions(numUsers, numItems, nnz, minPerUser, sigma);
  const exponent = opts.popularityExponent ?? POP_EXPONENT;
  if (!(Number.isFinite(exponent) && exponent > 0)) throw new Error(`syntheticPowerLaw: popularityExponent must be a number > 0, got ${exponent}`);
  const rng = new Random(opts.seed ?? 1);
  const weights = itemWeights(numItems, exponent, rng);
  const counts = userCounts(numUsers, numItems, Math.round(nnz), minPerUser, sigma, rng);
  const total = counts.reduce((s, c) => s + c, 0);
  const users = new Int32Array(total);
  const items = new Int32Array(total);
  const ratings = new Float32Array(total);
  const alias = aliasTable(weights);
  const stamp = new Int32Array(numItems); // stamp[i] = u + 1 when user u already has item i
  const keys = new Float64Array(numItems);
  const ratingCdf = cumulative(ML100K_RATING_SHARES);
  let row = 0;
  for (let u = 0; u < numUsers; u++) {
    const n = counts[u]!;
    const start = row;
    if (n * 8 <= numItems) {
      const mark = u + 1;
      while (row - start < n) {
        const i = alias.draw(rng);
        if (stamp[i] === mark) continue;
        stamp[i] = mark;
        items[row++] = i;
      }
    } else {
      row = exponentialRace(weights, n, rng, keys, items, row);
    }
    for (let r = start; r < row; r++) {
      users[r] = u;
      ratings[r] = drawRating(ratingCdf, rng.next());
    }
  }
  return {
    users,
    items,
    ratings,
    userIds: IdMap.from(Array.from({ length: numUsers }, (_, u) => u + 1)),
    itemIds: IdMap.from(Array.from({ length: numItems }, (_, i) => i + 1)),
  };
}

function checkOptions(numUsers: number, numItems: number, nnz: number, minPerUser: number, sigma: number): void {
  for (const [name, v] of [['numUsers', numUsers], ['numItems', numItems], ['minPerUser', minPerUser]] as const) {
    if (!(Number.isInteger(v) && v >= 1)) throw new Error(`syntheticPowerLaw: ${name} must be an integer >= 1, got ${v}`);
  }
  if (minPerUser > numItems) {
    throw new Error(`syntheticPowerLaw: minPerUser ${minPerUser} exceeds numItems ${numItems}; lower minPerUser or add items`);
  }
  const lo = minPerUser * numUsers;
  const hi = numItems * numUsers;
  if (!(Number.isFinite(nnz) && nnz >= lo && nnz <= hi)) {
    throw new Error(
      `syntheticPowerLaw: nnz ${nnz} is outside [${lo}, ${hi}] (minPerUser·numUsers … numItems·numUsers); ` +
        'change nnz or the number of users',
    );
  }
  if (!(Number.isFinite(sigma) && sigma >= 0)) throw new Error(`syntheticPowerLaw: sigma must be >= 0, got ${sigma}`);
}

/** weights[item] = (rank + 100)^−1.5 with ranks 1…n dealt to items by a seeded shuffle. */
function itemWeights(numItems: number, exponent: number, rng: Random): Float64Array {
  const rankOf = rng.shuffle(Int32Array.from({ length: numItems }, (_, i) => i + 1));
  const w = new Float64Array(numItems);
  for (let i = 0; i < numItems; i++) w[i] = Math.pow(rankOf[i]! + POP_OFFSET, -exponent);
  return w;
}

/** Per-user counts: min(numItems, m + s·exp(σZ)), s by bisection, cumulative rounding to sum nnz. */
function userCounts(numUsers: number, numItems: number, nnz: number, m: number, sigma: number, rng: Random): Int32Array {
  const tail = new Float64Array(numUsers);
  for (let u = 0; u < numUsers; u++) tail[u] = Math.exp(sigma * rng.nextGaussian());
  const real = (s: number, u: number): number => Math.min(numItems, m + s * tail[u]!);
  const sum = (s: number): number => {
    let t = 0;
    for (let u = 0; u < numUsers; u++) t += real(s, u);
    return t;
  };
  let lo = 0;
  let hi = 1;
  while (sum(hi) < nnz && hi < 1e300) hi *= 2;
  for (let step = 0; step < 200 && hi - lo > hi * 1e-15; step++) {
    const mid = (lo + hi) / 2;
    if (sum(mid) < nnz) lo = mid;
    else hi = mid;
  }
  const counts = new Int32Array(numUsers);
  let running = 0;
  let prev = 0;
  for (let u = 0; u < numUsers; u++) {
    running += real(hi, u);
    const rounded = Math.round(running);
    counts[u] = rounded - prev;
    prev = rounded;
  }
  return counts;
}

/**
 * Walker's alias table: column j = ⌊x⌋ and fraction f = x − j of one uniform x in [0, n) choose j
 * when f < prob[j], else alias[j]; each item then comes out with probability w_i / Σw.
 */
function aliasTable(w: Float64Array): { draw(rng: Random): number } {
  const n = w.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += w[i]!;
  const prob = new Float64Array(n);
  const alias = new Int32Array(n);
  const small = new Int32Array(n);
  const large = new Int32Array(n);
  let ns = 0;
  let nl = 0;
  for (let i = 0; i < n; i++) {
    prob[i] = (w[i]! * n) / total;
    if (prob[i]! < 1) small[ns++] = i;
    else large[nl++] = i;
  }
  while (ns > 0 && nl > 0) {
    const s = small[--ns]!;
    const l = large[nl - 1]!;
    alias[s] = l;
    prob[l] = prob[l]! + prob[s]! - 1;
    if (prob[l]! < 1) {
      nl--;
      small[ns++] = l;
    }
  }
  // Left-overs are 1 up to rounding: they always keep their own column.
  while (nl > 0) prob[large[--nl]!] = 1;
  while (ns > 0) prob[small[--ns]!] = 1;
  return {
    draw(rng: Random): number {
      const x = rng.next() * n;
      const j = Math.floor(x);
      return x - j < prob[j]! ? j : alias[j]!;
    },
  };
}

/** Writes the n items with the smallest keys −ln(U)/w into out[row…]; returns the next row. */
function exponentialRace(w: Float64Array, n: number, rng: Random, keys: Float64Array, out: Int32Array, row: number): number {
  const numItems = w.length;
  for (let i = 0; i < numItems; i++) keys[i] = -Math.log(1 - rng.next()) / w[i]!;
  const threshold = n >= numItems ? Infinity : keys.slice().sort()[n - 1]!;
  let taken = 0;
  for (let i = 0; i < numItems && taken < n; i++) {
    if (keys[i]! <= threshold) {
      out[row++] = i;
      taken++;
    }
  }
  return row;
}

function cumulative(shares: readonly number[]): Float64Array {
  const cdf = new Float64Array(shares.length);
  let s = 0;
  for (let j = 0; j < shares.length; j++) cdf[j] = s += shares[j]!;
  return cdf;
}

/** Rating 1…5 for a uniform x in [0, 1): the first j with x < cdf[j], plus one. */
function drawRating(cdf: Float64Array, x: number): number {
  const total = cdf[cdf.length - 1]!;
  for (let j = 0; j < cdf.length; j++) if (x * total < cdf[j]!) return j + 1;
  return cdf.length;
}
