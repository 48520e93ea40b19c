import { Random } from '../data/random.js';

/** k-means parameters (defaults in brackets). */
export interface KMeansOptions {
  /** Clusters L (at most the number of rows). */
  clusters: number;
  /** Lloyd iterations on the sample [10]. */
  iterations?: number;
  /** Rows the centroids are trained on [64·L, at most all]; every row is then assigned. */
  sampleSize?: number;
  /** Seed of the sample and of the initial centroids [1]. */
  seed?: number;
}

/**
 * The nearest centroid (Euclidean) of each of the `points` (n × rank): a list index per point.
 * Injected so that the WASM top-K can do it (see nearestCentroidWasm in ivf-index.ts); the
 * reference is `nearestCentroid` below.
 */
export type NearestCentroid = (points: Float32Array, centroids: Float32Array, rank: number) => Promise<Int32Array>;

/**
 * Nearest centroid by brute force, the reference: argmin ‖x − c‖² = argmax xᵀc − ‖c‖²/2 (float64),
 * ties to the lower centroid; a point with a NaN coordinate goes to centroid 0.
 */
export async function nearestCentroid(points: Float32Array, centroids: Float32Array, rank: number): Promise<Int32Array> {
  const n = points.length / rank;
  const L = centroids.length / rank;
  const half = new Float64Array(L);
  for (let c = 0; c < L; c++) {
    let s = 0;
    for (let a = 0; a < rank; a++) s += centroids[c * rank + a]! ** 2;
    half[c] = s / 2;
  }
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestScore = -Infinity;
    for (let c = 0; c < L; c++) {
      let d = 0;
      for (let a = 0; a < rank; a++) d += points[i * rank + a]! * centroids[c * rank + a]!;
      const s = d - half[c]!;
      if (s > bestScore) {
        bestScore = s;
        best = c;
      }
    }
    out[i] = best;
  }
  return out;
}

/**
 * Lloyd's k-means: L centroids trained on a sample of the rows (seeded by k-means++ on the first
 * 8·L sampled rows; an emptied cluster restarts at a random sampled row), then every row assigned
 * to its nearest. Returns the assignment and the mean of each cluster's rows over the whole table (a
 * cluster no row chose keeps its trained centroid). Deterministic for a seed and a `nearest`.
 */
export async function kmeans(
  rows: Float32Array,
  rank: number,
  options: KMeansOptions,
  nearest: NearestCentroid = nearestCentroid,
): Promise<{ lists: Int32Array; centroids: Float32Array; numLists: number }> {
  if (!(Number.isInteger(options.clusters) && options.clusters >= 1)) {
    throw new Error(`k-means: the number of clusters must be an integer ≥ 1, got ${options.clusters}`);
  }
  const n = rows.length / rank;
  const L = Math.min(options.clusters, n);
  if (n === 0) return { lists: new Int32Array(0), centroids: new Float32Array(0), numLists: 0 };
  const iterations = options.iterations ?? 10;
  const m = Math.min(n, Math.max(L, options.sampleSize ?? 64 * L));
  const rng = new Random(options.seed ?? 1);
  // a uniform sample of m distinct rows (partial Fisher–Yates), in random order
  const pick = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < m; i++) {
    const j = i + rng.nextInt(n - i);
    const t = pick[i]!;
    pick[i] = pick[j]!;
    pick[j] = t;
  }
  const sample = new Float32Array(m * rank);
  for (let i = 0; i < m; i++) sample.set(rows.subarray(pick[i]! * rank, pick[i]! * rank + rank), i * rank);
  const centroids = seedCentroids(sample, rank, L, rng);
  for (let it = 0; it < iterations; it++) {
    const assign = await nearest(sample, centroids, rank);
    const moved = means(sample, rank, assign, L, centroids);
    for (let c = 0; c < L; c++) {
      if (moved.counts[c]! > 0) continue;
      const r = rng.nextInt(m);
      centroids.set(sample.subarray(r * rank, r * rank + rank), c * rank);
    }
  }
  const lists = await nearest(rows, centroids, rank);
  means(rows, rank, lists, L, centroids);
  return { lists, centroids, numLists: L };
}

/** Overwrites each centroid that has rows with the mean of its rows (float64 sums); returns the counts. */
function means(rows: Float32Array, rank: number, assign: Int32Array, L: number, centroids: Float32Array): { counts: Int32Array } {
  const sums = new Float64Array(L * rank);
  const counts = new Int32Array(L);
  for (let i = 0; i < assign.length; i++) {
    let finite = true;
    for (let a = 0; a < rank; a++) finite &&= Number.isFinite(rows[i * rank + a]!);
    if (!finite) continue; // a row of NaN or ±∞ would spoil its cluster's mean
    const c = assign[i]!;
    counts[c]!++;
    for (let a = 0; a < rank; a++) sums[c * rank + a]! += rows[i * rank + a]!;
  }
  for (let c = 0; c < L; c++) {
    if (counts[c] === 0) continue;
    for (let a = 0; a < rank; a++) centroids[c * rank + a] = sums[c * rank + a]! / counts[c]!;
  }
  return { counts };
}

/**
 * k-means++ seeding (Arthur & Vassilvitskii 2007) on the first min(m, 8·L) rows of the (already
 * random) sample: the first centroid a uniform row, each next one a row drawn with probability
 * ∝ its squared distance to the nearest centroid so far, so a cluster no centroid covers yet is
 * the likeliest to get the next. O(8·L²·rank): the cost stays below the Lloyd iterations'.
 */
function seedCentroids(sample: Float32Array, rank: number, L: number, rng: Random): Float32Array {
  const m = Math.min(sample.length / rank, 8 * L);
  const centroids = new Float32Array(L * rank);
  const d2 = new Float64Array(m).fill(Infinity);
  let pick = rng.nextInt(m);
  for (let c = 0; c < L; c++) {
    centroids.set(sample.subarray(pick * rank, pick * rank + rank), c * rank);
    let total = 0;
    for (let i = 0; i < m; i++) {
      let d = 0;
      for (let a = 0; a < rank; a++) d += (sample[i * rank + a]! - centroids[c * rank + a]!) ** 2;
      if (d < d2[i]!) d2[i] = d;
      if (Number.isFinite(d2[i]!)) total += d2[i]!;
    }
    if (c + 1 === L) break;
    let u = rng.next() * total;
    pick = -1;
    for (let i = 0; i < m && pick < 0; i++) {
      if (!Number.isFinite(d2[i]!)) continue;
      u -= d2[i]!;
      if (u < 0 && d2[i]! > 0) pick = i;
    }
    // every row already a centroid (total 0), or rounding at the end: a uniform row
    if (pick < 0) pick = rng.nextInt(m);
  }
  return centroids;
}
