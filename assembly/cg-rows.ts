import { axpy32, dot32, hsum } from './vectors';
import { scrGather, scrVec } from './scratch';
import { symMatVec, symMatVec2 } from './sym-mat-vec';

/**
 * Conjugate-gradient steps on the implicit normal equations of the rows [bounds[chunk],
 * bounds[chunk+1]) — the twin of src/kernels/conjugate-gradient.ts, in float32 (f32x4), as
 * benfred/implicit does it. Without forming the k × k matrix:
 *
 *   A x = YᵀY x + Σ_i c₁_i (y_iᵀx) y_i + λ·n⁺·x,   b = Σ_{r_i>0} (1 + c₁_i) y_i,   c₁_i = α|r_i|
 *
 * Starts from the current row of `dst` (warm start), takes `steps` steps, writes the row back.
 * `YtY32` is the full symmetric kp × kp Gram matrix in f32 (zero past the rank).
 *
 * Rows go two at a time (cgRows), their CG in lockstep so that the YᵀY x and YᵀY p products of
 * both read YᵀY once (symMatVec2); each row's arithmetic is the single row's, so a row's result
 * does not depend on whether or with which row it was paired.
 */
export function cgChunk(
  chunk: i32, scratch: usize, bounds: usize,
  indptr: usize, indices: usize, values: usize, src: usize, dst: usize, YtY32: usize,
  kp: i32, k: i32, regParam: f64, alpha: f32, steps: i32, gatherCap: i32,
): i32 {
  const rowEnd = load<i32>(bounds + (<usize>(chunk + 1) << 2));
  let row = load<i32>(bounds + (<usize>chunk << 2));
  for (; row + 1 < rowEnd; row += 2) cgRows(row, row + 1, scratch, indptr, indices, values, src, dst, YtY32, kp, regParam, alpha, steps, gatherCap);
  if (row < rowEnd) cgRows(row, -1, scratch, indptr, indices, values, src, dst, YtY32, kp, regParam, alpha, steps, gatherCap);
  return -1;
}

/**
 * CG on row `a` and, when `b` ≥ 0, row `b` in lockstep (scratch vectors 0–3 and 4–7: x, r, p, Ap).
 * Each row keeps its own stopping rules (rsold > 1e-20, pAp > 0); once one stops, the other goes
 * on alone with symMatVec. The rows' y_i are gathered into the scratch's gather buffer
 * (`gatherCap` entries, shared by the pair) while they fit: the 1 + steps products read them twice
 * each, and sequential reads beat scattered ones (1.65× on the item side of 10M).
 */
function cgRows(
  a: i32, b: i32, scratch: usize, indptr: usize, indices: usize, values: usize, src: usize, dst: usize, M: usize,
  kp: i32, regParam: f64, alpha: f32, steps: i32, gatherCap: i32,
): void {
  const rowBytes = <usize>kp << 2;
  const xa = scrVec(scratch, kp, 0), ra = scrVec(scratch, kp, 1), pa = scrVec(scratch, kp, 2), Apa = scrVec(scratch, kp, 3);
  const xb = scrVec(scratch, kp, 4), rb = scrVec(scratch, kp, 5), pb = scrVec(scratch, kp, 6), Apb = scrVec(scratch, kp, 7);
  const pair = b >= 0;
  const sa = load<i32>(indptr + (<usize>a << 2)), ea = load<i32>(indptr + (<usize>(a + 1) << 2));
  const sb = pair ? load<i32>(indptr + (<usize>b << 2)) : 0, eb = pair ? load<i32>(indptr + (<usize>(b + 1) << 2)) : 0;
  const la = <f32>(regParam * <f64>positives(values, sa, ea));
  const lb = <f32>(regParam * <f64>positives(values, sb, eb));
  const buf = scrGather(scratch, kp);
  const ga = ea - sa <= gatherCap;
  if (ga) gather(buf, sa, ea, indices, src, rowBytes);
  const ysa = ga ? buf : src;
  const used = ga ? ea - sa : 0;
  const gb = pair && used + (eb - sb) <= gatherCap;
  const ysb = gb ? buf + <usize>used * rowBytes : src;
  if (gb) gather(ysb, sb, eb, indices, src, rowBytes);
  memory.copy(xa, dst + <usize>a * rowBytes, rowBytes);
  if (pair) {
    memory.copy(xb, dst + <usize>b * rowBytes, rowBytes);
    symMatVec2(M, xa, xb, ra, rb, kp);
  } else {
    symMatVec(M, xa, ra, kp);
  }
  let rsa = residual(xa, ra, pa, la, sa, ea, indices, values, ysa, kp, alpha, ga);
  let rsb: f32 = pair ? residual(xb, rb, pb, lb, sb, eb, indices, values, ysb, kp, alpha, gb) : 0;
  let onA = <f64>rsa > 1e-20;
  let onB = pair && <f64>rsb > 1e-20;
  for (let s = 0; s < steps && (onA || onB); s++) {
    // Ap = YᵀY p, for both rows from one pass over YᵀY while both go on
    if (onA && onB) symMatVec2(M, pa, pb, Apa, Apb, kp);
    else if (onA) symMatVec(M, pa, Apa, kp);
    else symMatVec(M, pb, Apb, kp);
    if (onA) {
      rsa = step(xa, ra, pa, Apa, rsa, la, sa, ea, indices, values, ysa, kp, alpha, ga);
      onA = <f64>rsa > 1e-20;
    }
    if (onB) {
      rsb = step(xb, rb, pb, Apb, rsb, lb, sb, eb, indices, values, ysb, kp, alpha, gb);
      onB = <f64>rsb > 1e-20;
    }
  }
  memory.copy(dst + <usize>a * rowBytes, xa, rowBytes);
  if (pair) memory.copy(dst + <usize>b * rowBytes, xb, rowBytes);
}

/** Ratings > 0 among entries [start, end). */
function positives(values: usize, start: i32, end: i32): i32 {
  let n = 0;
  for (let e = start; e < end; e++) n += i32(load<f32>(values + (<usize>e << 2)) > 0);
  return n;
}

/** Copies the y_i of entries [start, end) to `to`, one after another. */
function gather(to: usize, start: i32, end: i32, indices: usize, src: usize, rowBytes: usize): void {
  for (let e = start; e < end; e++) {
    memory.copy(to + <usize>(e - start) * rowBytes, src + <usize>load<i32>(indices + (<usize>e << 2)) * rowBytes, rowBytes);
  }
}

/** r = b − A x from r = YᵀY x (already there); p = r; returns rᵀr. */
function residual(
  x: usize, r: usize, p: usize, lambda: f32, start: i32, end: i32, indices: usize, values: usize, ys: usize, kp: i32, alpha: f32,
  gathered: bool,
): f32 {
  axpy32(r, lambda, x, kp);
  scale(r, -1, kp);
  addSparse(r, x, start, end, indices, values, ys, kp, alpha, true, gathered);
  memory.copy(p, r, <usize>kp << 2);
  return dot32(r, r, kp);
}

/**
 * One CG step from Ap = YᵀY p (already there): completes Ap = A p, moves x and r, p = r + β p.
 * Returns rᵀr, or −1 when pᵀAp is not positive (the row stops, x unchanged).
 */
function step(
  x: usize, r: usize, p: usize, Ap: usize, rsold: f32, lambda: f32, start: i32, end: i32, indices: usize, values: usize, ys: usize,
  kp: i32, alpha: f32, gathered: bool,
): f32 {
  axpy32(Ap, lambda, p, kp);
  addSparse(Ap, p, start, end, indices, values, ys, kp, alpha, false, gathered);
  const pAp = dot32(p, Ap, kp);
  if (!(pAp > 0)) return -1;
  const t = rsold / pAp;
  axpy32(x, t, p, kp);
  axpy32(r, -t, Ap, kp);
  const rsnew = dot32(r, r, kp);
  scale(p, rsnew / rsold, kp);
  axpy32(p, 1, r, kp);
  return rsnew;
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

/** v *= s over kp values. */
function scale(v: usize, s: f32, kp: i32): void {
  const sv = f32x4.splat(s);
  for (let o: usize = 0; o < (<usize>kp << 2); o += 16) v128.store(v + o, f32x4.mul(sv, v128.load(v + o)));
}
