import { buildCSR, type CSR } from '../../src/data/csr.js';
import { Random } from '../../src/data/random.js';

/** Random inputs shared by the WASM-vs-TypeScript kernel tests (not a test file). */

/** n × k factors with N(0, scale²) entries. */
export function randomFactors(rng: Random, n: number, k: number, scale = 1): Float32Array {
  return Float32Array.from({ length: n * k }, () => rng.nextGaussian() * scale);
}

/**
 * A sparse rows × cols rating matrix with `nnz` random entries (duplicates allowed, as the kernels
 * must accept any CSR). Ratings are 1..5; with `signed`, 10% are negative and 5% zero, which
 * exercises implicit feedback's p = 0 and c₁ = 0 cases.
 */
export function randomCSR(rng: Random, rows: number, cols: number, nnz: number, signed = false): CSR {
  const r = Int32Array.from({ length: nnz }, () => rng.nextInt(rows));
  const c = Int32Array.from({ length: nnz }, () => rng.nextInt(cols));
  const v = Float32Array.from({ length: nnz }, () => {
    const x = 1 + rng.nextInt(5);
    if (!signed) return x;
    const u = rng.next();
    return u < 0.1 ? -x : u < 0.15 ? 0 : x;
  });
  // every row gets at least one entry, as in a fit
  const rr = Int32Array.from([...r, ...Array.from({ length: rows }, (_, i) => i)]);
  const cc = Int32Array.from([...c, ...Array.from({ length: rows }, () => rng.nextInt(cols))]);
  const vv = Float32Array.from([...v, ...Array.from({ length: rows }, () => 1 + rng.nextInt(5))]);
  return buildCSR(rr, cc, vv, rows, cols);
}

/** max |a − b| over the elements. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** max |a| over the elements. */
export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}
