import { FLUSH_EVERY, addBlock, addRhs, flushMatrix, flushVector, gatherEntry, gatherRow } from './normal-equation';
import { choleskySolve, choleskySolvePair } from './cholesky';
import { nnlsSolve } from './nnls';
import { scrA32, scrA64, scrB32, scrB64, scrNnls, scrVec, scrWb, scrYb } from './scratch';

/**
 * One ALS half-step for the rows [bounds[chunk], bounds[chunk+1]) — the twin of the Cholesky and
 * NNLS paths of src/kernels/update-factors.ts. Row r's entries are indices/values[indptr[r] ..
 * indptr[r+1]) over the fixed side `src` (n × kp f32); its solution x_r goes to row r of `dst`:
 *
 *   explicit:  (Σ_i y_i y_iᵀ + λ·n_r·I) x_r = Σ_i r_ri y_i                      (ALS-WR)
 *   implicit:  (YᵀY + Σ_i c₁ y_i y_iᵀ + λ·n⁺_r·I) x_r = Σ_{r_ri>0} (1 + c₁) y_i,  c₁ = α|r_ri|
 *
 * `YtY64` (kp × kp f64, lower triangle) is read for implicit only. Accumulation: blocks of entries
 * as float32 GEMMs flushed to float64 (normal-equation.ts); solve: f64 Cholesky, or NNLS when `nonnegative`.
 * Returns −1, or the first row of the chunk whose system is not positive definite.
 */
export function solveChunk(
  chunk: i32, scratch: usize, bounds: usize,
  indptr: usize, indices: usize, values: usize, src: usize, dst: usize, YtY64: usize,
  kp: i32, k: i32, regParam: f64, alpha: f32, implicit: i32, nonnegative: i32,
): i32 {
  const A64 = scrA64(scratch, kp);
  const A32 = scrA32(scratch, kp);
  const b64 = scrB64(scratch, kp);
  const b32 = scrB32(scratch, kp);
  const Yb = scrYb(scratch, kp);
  const Wb = scrWb(scratch, kp);
  // A second system (A64, b64 of the next row) for choleskySolvePair, in the NNLS work space,
  // which the Cholesky path does not use.
  const A64b = scrNnls(scratch, kp);
  const b64b = A64b + (<usize>(kp * kp) << 3);
  const rowBytes = <usize>kp << 2;
  memory.fill(A32, 0, <usize>(kp * kp) << 2);
  memory.fill(b32, 0, rowBytes);
  // Rows are solved two at a time (choleskySolvePair: the same bits as one at a time): a row
  // whose system is ready waits in (A64, b64) until the next one is ready in (A64b, b64b).
  let waiting = -1;
  const rowEnd = load<i32>(bounds + (<usize>(chunk + 1) << 2));
  for (let r = load<i32>(bounds + (<usize>chunk << 2)); r < rowEnd; r++) {
    const A = waiting >= 0 ? A64b : A64;
    const bv = waiting >= 0 ? b64b : b64;
    const end = load<i32>(indptr + (<usize>(r + 1) << 2));
    let count = 0;
    let e = load<i32>(indptr + (<usize>r << 2));
    if (e == end) {
      // no ratings (never in a fit): A = YᵀY or 0, b = 0
      if (implicit) memory.copy(A, YtY64, <usize>(kp * kp) << 3);
      else memory.fill(A, 0, <usize>(kp * kp) << 3);
      memory.fill(bv, 0, <usize>kp << 3);
    }
    while (e < end) {
      const stop = min(end, e + FLUSH_EVERY);
      const B = stop - e;
      if (implicit) {
        for (let q = 0; q < B; q++, e++) {
          const rating = load<f32>(values + (<usize>e << 2));
          const y = src + <usize>load<i32>(indices + (<usize>e << 2)) * rowBytes;
          const c = weight(rating, alpha, implicit);
          count += i32(rating > 0);
          gatherEntry(Yb + <usize>q * rowBytes, Wb + <usize>q * rowBytes, b32, y, c, target(rating, c, implicit), kp);
        }
        addBlock(A32, Wb, Yb, B, kp, k);
      } else {
        // explicit: c = 1, so the weighted rows are Yb itself, and b += Σ r·y over the block
        for (let q = 0; q < B; q++) gatherRow(Yb + <usize>q * rowBytes, src + <usize>load<i32>(indices + (<usize>(e + q) << 2)) * rowBytes, kp);
        addRhs(b32, Yb, values + (<usize>e << 2), B, kp);
        addBlock(A32, Yb, Yb, B, kp, k);
        count += B;
        e += B;
      }
      const first = stop - B == load<i32>(indptr + (<usize>r << 2));
      flushMatrix(A32, A, first ? (implicit ? YtY64 : 0) : A, kp, k);
      flushVector(b32, bv, kp, first);
    }
    const lambda = regParam * <f64>count;
    for (let a = 0; a < k; a++) {
      const p = A + (<usize>(a * kp + a) << 3);
      store<f64>(p, load<f64>(p) + lambda);
    }
    const out = dst + <usize>r * rowBytes;
    if (nonnegative) {
      symmetrize(A64, kp, k);
      const x = scrVec(scratch, kp, 0);
      if (!nnlsSolve(A64, b64, k, kp, x, scrNnls(scratch, kp), kp)) return r;
      writeRow(out, x, kp, k);
      continue;
    }
    if (waiting < 0) {
      waiting = r;
      continue;
    }
    const failed = choleskySolvePair(A64, b64, A64b, b64b, k, kp);
    if (failed & 1) return waiting;
    writeRow(dst + <usize>waiting * rowBytes, b64, kp, k);
    if (failed & 2) return r;
    writeRow(out, b64b, kp, k);
    waiting = -1;
  }
  if (waiting >= 0) {
    if (!choleskySolve(A64, b64, k, kp)) return waiting;
    writeRow(dst + <usize>waiting * rowBytes, b64, kp, k);
  }
  return -1;
}

/** Weight of y yᵀ: 1 (explicit), or c₁ = α|r| (implicit: confidence − 1). */
@inline function weight(r: f32, alpha: f32, implicit: i32): f32 {
  return implicit ? alpha * abs<f32>(r) : <f32>1;
}

/** Weight of y in b: r (explicit), or the confidence 1 + c₁ when r > 0 and 0 otherwise (implicit). */
@inline function target(r: f32, c1: f32, implicit: i32): f32 {
  return implicit ? (r > 0 ? c1 + 1 : <f32>0) : r;
}

/** Copies the lower triangle of the k × k block to the upper one. */
function symmetrize(A: usize, kp: i32, k: i32): void {
  for (let a = 0; a < k; a++) {
    for (let j = 0; j < a; j++) store<f64>(A + (<usize>(j * kp + a) << 3), load<f64>(A + (<usize>(a * kp + j) << 3)));
  }
}

/** out[0..k) = f32(x), out[k..kp) = 0. */
function writeRow(out: usize, x: usize, kp: i32, k: i32): void {
  for (let a = 0; a < k; a++) store<f32>(out + (<usize>a << 2), <f32>load<f64>(x + (<usize>a << 3)));
  for (let a = k; a < kp; a++) store<f32>(out + (<usize>a << 2), 0);
}
