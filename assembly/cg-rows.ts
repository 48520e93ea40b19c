import { axpy32, dot32, hsum } from './vectors';
import { scrGather, scrVec } from './scratch';

/**
 * Conjugate-gradient steps on the implicit normal equations of the rows [bounds[chunk],
 * bounds[chunk+1]) — the twin of src/kernels/conjugate-gradient.ts, in float32 (f32x4), as
 * benfred/implicit does it. Without forming the k × k matrix:
 *
 *   A x = YᵀY x + Σ_i c₁_i (y_iᵀx) y_i + λ·n⁺·x,   b = Σ_{r_i>0} (1 + c₁_i) y_i,   c₁_i = α|r_i|
 *
 * Starts from the current row of `dst` (warm start), takes `steps` steps, writes the row back.
 * `YtY32` is the full symmetric kp × kp Gram matrix in f32 (zero past the rank). Rows of at most
 * `gatherCap` entries have their y_i copied into the scratch's gather buffer first (scratch.ts).
 */
export function cgChunk(
  chunk: i32, scratch: usize, bounds: usize,
  indptr: usize, indices: usize, values: usize, src: usize, dst: usize, YtY32: usize,
  kp: i32, k: i32, regParam: f64, alpha: f32, steps: i32, gatherCap: i32,
): i32 {
  const x = scrVec(scratch, kp, 0);
  const r = scrVec(scratch, kp, 1);
  const p = scrVec(scratch, kp, 2);
  const Ap = scrVec(scratch, kp, 3);
  const rowBytes = <usize>kp << 2;
  const rowEnd = load<i32>(bounds + (<usize>(chunk + 1) << 2));
  for (let row = load<i32>(bounds + (<usize>chunk << 2)); row < rowEnd; row++) {
    const start = load<i32>(indptr + (<usize>row << 2));
    const end = load<i32>(indptr + (<usize>(row + 1) << 2));
    let positives = 0;
    for (let e = start; e < end; e++) positives += i32(load<f32>(values + (<usize>e << 2)) > 0);
    const lambda = <f32>(regParam * <f64>positives);
    const out = dst + <usize>row * rowBytes;
    // the row's y_i, gathered once into contiguous memory when they fit: the 1 + steps matvecs read
    // them twice each, and sequential reads beat scattered ones (1.65× on the item side of 10M)
    const gathered = end - start <= gatherCap;
    let ys = src;
    if (gathered) {
      ys = scrGather(scratch, kp);
      for (let e = start; e < end; e++) {
        memory.copy(ys + <usize>(e - start) * rowBytes, src + <usize>load<i32>(indices + (<usize>e << 2)) * rowBytes, rowBytes);
      }
    }
    memory.copy(x, out, rowBytes);
    // r = b − A x
    symMatVec(YtY32, x, r, kp);
    axpy32(r, lambda, x, kp);
    scale(r, -1, kp);
    addSparse(r, x, start, end, indices, values, ys, kp, alpha, true, gathered);
    memory.copy(p, r, rowBytes);
    let rsold = dot32(r, r, kp);
    for (let s = 0; s < steps && <f64>rsold > 1e-20; s++) {
      // Ap = A p
      symMatVec(YtY32, p, Ap, kp);
      axpy32(Ap, lambda, p, kp);
      addSparse(Ap, p, start, end, indices, values, ys, kp, alpha, false, gathered);
      const pAp = dot32(p, Ap, kp);
      if (!(pAp > 0)) break;
      const step = rsold / pAp;
      axpy32(x, step, p, kp);
      axpy32(r, -step, Ap, kp);
      const rsnew = dot32(r, r, kp);
      // p = r + β p
      scale(p, rsnew / rsold, kp);
      axpy32(p, 1, r, kp);
      rsold = rsnew;
    }
    memory.copy(out, x, rowBytes);
  }
  return -1;
}

/**
 * The rating terms of A v, four entries at a time (their dot products share the loads of v, their
 * updates the loads and stores of out): with c₁ = α|r| and y the entry's row of `src`,
 *   withTarget false:  out += Σ_e c₁ (yᵀv) y                 (the Σ c₁ y yᵀ v part of A v)
 *   withTarget true:   out += Σ_e (d − c₁ (yᵀv)) y,  d = [r > 0](1 + c₁)   (b − that part, for r = b − A x)
 */
function addSparse(
  out: usize, v: usize, start: i32, end: i32, indices: usize, values: usize, src: usize, kp: i32, alpha: f32, withTarget: bool,
  gathered: bool,
): void {
  const rowBytes = <usize>kp << 2;
  let e = start;
  for (; e + 4 <= end; e += 4) {
    const q = <usize>e << 2;
    const y0 = gathered ? src + <usize>(e - start) * rowBytes : src + <usize>load<i32>(indices + q) * rowBytes;
    const y1 = gathered ? y0 + rowBytes : src + <usize>load<i32>(indices + q, 4) * rowBytes;
    const y2 = gathered ? y1 + rowBytes : src + <usize>load<i32>(indices + q, 8) * rowBytes;
    const y3 = gathered ? y2 + rowBytes : src + <usize>load<i32>(indices + q, 12) * rowBytes;
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
    for (let o: usize = 0; o < rowBytes; o += 16) {
      const vv = v128.load(v + o);
      s0 = f32x4.add(s0, f32x4.mul(v128.load(y0 + o), vv));
      s1 = f32x4.add(s1, f32x4.mul(v128.load(y1 + o), vv));
      s2 = f32x4.add(s2, f32x4.mul(v128.load(y2 + o), vv));
      s3 = f32x4.add(s3, f32x4.mul(v128.load(y3 + o), vv));
    }
    const w0 = f32x4.splat(coefficient(load<f32>(values + q), alpha, hsum(s0), withTarget));
    const w1 = f32x4.splat(coefficient(load<f32>(values + q, 4), alpha, hsum(s1), withTarget));
    const w2 = f32x4.splat(coefficient(load<f32>(values + q, 8), alpha, hsum(s2), withTarget));
    const w3 = f32x4.splat(coefficient(load<f32>(values + q, 12), alpha, hsum(s3), withTarget));
    for (let o: usize = 0; o < rowBytes; o += 16) {
      let acc = v128.load(out + o);
      acc = f32x4.add(acc, f32x4.mul(w0, v128.load(y0 + o)));
      acc = f32x4.add(acc, f32x4.mul(w1, v128.load(y1 + o)));
      acc = f32x4.add(acc, f32x4.mul(w2, v128.load(y2 + o)));
      acc = f32x4.add(acc, f32x4.mul(w3, v128.load(y3 + o)));
      v128.store(out + o, acc);
    }
  }
  for (; e < end; e++) {
    const y = gathered ? src + <usize>(e - start) * rowBytes : src + <usize>load<i32>(indices + (<usize>e << 2)) * rowBytes;
    const w = coefficient(load<f32>(values + (<usize>e << 2)), alpha, dot32(y, v, kp), withTarget);
    if (w != 0) axpy32(out, w, y, kp);
  }
}

/** c₁·dot, or d − c₁·dot with d = [r > 0](1 + c₁), for rating r and c₁ = α|r|. */
@inline function coefficient(rating: f32, alpha: f32, dot: f32, withTarget: bool): f32 {
  const c1 = alpha * abs<f32>(rating);
  if (!withTarget) return c1 * dot;
  return (rating > 0 ? c1 + 1 : <f32>0) - c1 * dot;
}

/**
 * out = M v for symmetric M (kp × kp f32, zero past the rank) = Σ_j v_j M_j (rows for columns):
 * out is built 16 floats at a time in four registers over all j, so each element of M is loaded
 * once and out is stored once (1.6× faster than updating out in memory row by row, at k = 64).
 */
export function symMatVec(M: usize, v: usize, out: usize, kp: i32): void {
  const rowBytes = <usize>kp << 2;
  let o: usize = 0;
  for (; o + 64 <= rowBytes; o += 64) {
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
    let m = M + o;
    for (let j = 0; j < kp; j++) {
      const s = v128.load32_splat(v + (<usize>j << 2));
      a0 = f32x4.add(a0, f32x4.mul(s, v128.load(m)));
      a1 = f32x4.add(a1, f32x4.mul(s, v128.load(m, 16)));
      a2 = f32x4.add(a2, f32x4.mul(s, v128.load(m, 32)));
      a3 = f32x4.add(a3, f32x4.mul(s, v128.load(m, 48)));
      m += rowBytes;
    }
    v128.store(out + o, a0);
    v128.store(out + o, a1, 16);
    v128.store(out + o, a2, 32);
    v128.store(out + o, a3, 48);
  }
  for (; o < rowBytes; o += 16) {
    let a = f32x4.splat(0);
    let m = M + o;
    for (let j = 0; j < kp; j++) {
      a = f32x4.add(a, f32x4.mul(v128.load32_splat(v + (<usize>j << 2)), v128.load(m)));
      m += rowBytes;
    }
    v128.store(out + o, a);
  }
}

/** v *= s over kp values. */
function scale(v: usize, s: f32, kp: i32): void {
  const sv = f32x4.splat(s);
  for (let o: usize = 0; o < (<usize>kp << 2); o += 16) v128.store(v + o, f32x4.mul(sv, v128.load(v + o)));
}
