import { dot64 } from './vectors';

/**
 * Solves A x = b for symmetric positive definite A (k × k inside a row-major f64 matrix of row
 * stride `stride`, lower triangle read) by A = L Lᵀ, L z = b, Lᵀ x = z — the twin of
 * src/kernels/cholesky.ts. A's lower triangle becomes L; b becomes x. Returns false when a pivot
 * is ≤ 0 (A not positive definite).
 *
 * Left-looking like the reference, L_ij = (A_ij − Σ_{p<j} L_ip L_jp) / L_jj, but two columns and
 * four (then two, then one) rows at a time: the inner products of rows i..i+3 with rows j, j+1
 * share their loads (f64x2, eight accumulators), which cuts the memory traffic and the loop
 * overhead per multiply-add; divisions by a pivot become multiplications by its reciprocal. The sums run in another order than the
 * reference's, so results agree to ~1e-15 relative, not bit for bit.
 */
export function choleskySolve(A: usize, b: usize, k: i32, stride: i32): bool {
  const rowBytes = <usize>stride << 3;
  let j = 0;
  for (; j + 2 <= k; j += 2) {
    if (!pivotPair(A, j, rowBytes)) return false;
    rowsBelowPair(A, j, k, rowBytes);
  }
  if (j < k && !lastPivot(A, j, rowBytes)) return false;
  for (let i = 0; i < k; i++) forwardStep(A, b, i, rowBytes);
  for (let i = k - 1; i >= 0; i--) backStep(A, b, i, rowBytes);
  return true;
}

/**
 * choleskySolve on two independent systems at once, (A, b) and (A2, b2), both k × k of row stride
 * `stride`: each step of the one is followed by the same step of the other, so that the two chains
 * of dependent square roots and divisions — which bound a small system's solve (k ≤ ~32: latency,
 * not arithmetic) — overlap in the processor. Each system gets exactly the operations of
 * choleskySolve, so the results are its results, bit for bit. Returns a bit mask of the systems
 * that are not positive definite (1: the first, 2: the second; 0: both solved); a failed
 * system's A and b hold garbage, as after a failed choleskySolve.
 */
export function choleskySolvePair(A: usize, b: usize, A2: usize, b2: usize, k: i32, stride: i32): i32 {
  const rowBytes = <usize>stride << 3;
  let ok1 = true;
  let ok2 = true;
  let j = 0;
  for (; j + 2 <= k; j += 2) {
    ok1 = pivotPair(A, j, rowBytes) && ok1;
    ok2 = pivotPair(A2, j, rowBytes) && ok2;
    rowsBelowPair(A, j, k, rowBytes);
    rowsBelowPair(A2, j, k, rowBytes);
  }
  if (j < k) {
    ok1 = lastPivot(A, j, rowBytes) && ok1;
    ok2 = lastPivot(A2, j, rowBytes) && ok2;
  }
  for (let i = 0; i < k; i++) {
    forwardStep(A, b, i, rowBytes);
    forwardStep(A2, b2, i, rowBytes);
  }
  for (let i = k - 1; i >= 0; i--) {
    backStep(A, b, i, rowBytes);
    backStep(A2, b2, i, rowBytes);
  }
  return (ok1 ? 0 : 1) | (ok2 ? 0 : 2);
}

/** The 2 × 2 diagonal block of columns j, j+1: L_jj, L_j+1,j, L_j+1,j+1 (false: a pivot ≤ 0). */
@inline function pivotPair(A: usize, j: i32, rowBytes: usize): bool {
  const rj0 = A + <usize>j * rowBytes;
  const rj1 = rj0 + rowBytes;
  const jo = <usize>j << 3;
  let d00 = f64x2.splat(0), d10 = f64x2.splat(0), d11 = f64x2.splat(0);
  for (let o: usize = 0; o < jo; o += 16) {
    const u = v128.load(rj0 + o);
    const v = v128.load(rj1 + o);
    d00 = f64x2.add(d00, f64x2.mul(u, u));
    d10 = f64x2.add(d10, f64x2.mul(v, u));
    d11 = f64x2.add(d11, f64x2.mul(v, v));
  }
  const a00 = load<f64>(rj0 + jo) - lanes(d00);
  if (!(a00 > 0)) return false;
  const l00 = sqrt<f64>(a00);
  const l10 = (load<f64>(rj1 + jo) - lanes(d10)) / l00;
  const a11 = load<f64>(rj1 + jo + 8) - lanes(d11) - l10 * l10;
  if (!(a11 > 0)) return false;
  const l11 = sqrt<f64>(a11);
  store<f64>(rj0 + jo, l00);
  store<f64>(rj1 + jo, l10);
  store<f64>(rj1 + jo + 8, l11);
  return true;
}

/** Rows j+2 … k−1 of columns j, j+1 (after pivotPair): four rows at a time, then two, then one. */
@inline function rowsBelowPair(A: usize, j: i32, k: i32, rowBytes: usize): void {
  const rj0 = A + <usize>j * rowBytes;
  const rj1 = rj0 + rowBytes;
  const jo = <usize>j << 3;
  const l10 = load<f64>(rj1 + jo);
  const r00 = 1 / load<f64>(rj0 + jo);
  const r11 = 1 / load<f64>(rj1 + jo + 8);
  // the rows below, four at a time, then two, then one
  let i = j + 2;
  for (; i + 4 <= k; i += 4) {
    const ri0 = A + <usize>i * rowBytes;
    const ri1 = ri0 + rowBytes;
    const ri2 = ri1 + rowBytes;
    const ri3 = ri2 + rowBytes;
    let s00 = f64x2.splat(0), s01 = f64x2.splat(0), s10 = f64x2.splat(0), s11 = f64x2.splat(0);
    let s20 = f64x2.splat(0), s21 = f64x2.splat(0), s30 = f64x2.splat(0), s31 = f64x2.splat(0);
    for (let o: usize = 0; o < jo; o += 16) {
      const u0 = v128.load(rj0 + o);
      const u1 = v128.load(rj1 + o);
      const v0 = v128.load(ri0 + o);
      s00 = f64x2.add(s00, f64x2.mul(v0, u0));
      s01 = f64x2.add(s01, f64x2.mul(v0, u1));
      const v1 = v128.load(ri1 + o);
      s10 = f64x2.add(s10, f64x2.mul(v1, u0));
      s11 = f64x2.add(s11, f64x2.mul(v1, u1));
      const v2 = v128.load(ri2 + o);
      s20 = f64x2.add(s20, f64x2.mul(v2, u0));
      s21 = f64x2.add(s21, f64x2.mul(v2, u1));
      const v3 = v128.load(ri3 + o);
      s30 = f64x2.add(s30, f64x2.mul(v3, u0));
      s31 = f64x2.add(s31, f64x2.mul(v3, u1));
    }
    finishPair(ri0 + jo, lanes(s00), lanes(s01), r00, l10, r11);
    finishPair(ri1 + jo, lanes(s10), lanes(s11), r00, l10, r11);
    finishPair(ri2 + jo, lanes(s20), lanes(s21), r00, l10, r11);
    finishPair(ri3 + jo, lanes(s30), lanes(s31), r00, l10, r11);
  }
  for (; i + 2 <= k; i += 2) {
    const ri0 = A + <usize>i * rowBytes;
    const ri1 = ri0 + rowBytes;
    // two sets of four accumulators (p ≡ 0, 1 mod 2 in pairs), so the adds do not wait on each other
    let s00 = f64x2.splat(0), s01 = f64x2.splat(0), s10 = f64x2.splat(0), s11 = f64x2.splat(0);
    let t00 = f64x2.splat(0), t01 = f64x2.splat(0), t10 = f64x2.splat(0), t11 = f64x2.splat(0);
    let o: usize = 0;
    for (; o + 32 <= jo; o += 32) {
      const u0 = v128.load(rj0 + o);
      const u1 = v128.load(rj1 + o);
      const v0 = v128.load(ri0 + o);
      const v1 = v128.load(ri1 + o);
      s00 = f64x2.add(s00, f64x2.mul(v0, u0));
      s01 = f64x2.add(s01, f64x2.mul(v0, u1));
      s10 = f64x2.add(s10, f64x2.mul(v1, u0));
      s11 = f64x2.add(s11, f64x2.mul(v1, u1));
      const w0 = v128.load(rj0 + o, 16);
      const w1 = v128.load(rj1 + o, 16);
      const z0 = v128.load(ri0 + o, 16);
      const z1 = v128.load(ri1 + o, 16);
      t00 = f64x2.add(t00, f64x2.mul(z0, w0));
      t01 = f64x2.add(t01, f64x2.mul(z0, w1));
      t10 = f64x2.add(t10, f64x2.mul(z1, w0));
      t11 = f64x2.add(t11, f64x2.mul(z1, w1));
    }
    if (o < jo) {
      const u0 = v128.load(rj0 + o);
      const u1 = v128.load(rj1 + o);
      const v0 = v128.load(ri0 + o);
      const v1 = v128.load(ri1 + o);
      s00 = f64x2.add(s00, f64x2.mul(v0, u0));
      s01 = f64x2.add(s01, f64x2.mul(v0, u1));
      s10 = f64x2.add(s10, f64x2.mul(v1, u0));
      s11 = f64x2.add(s11, f64x2.mul(v1, u1));
    }
    finishPair(ri0 + jo, lanes(f64x2.add(s00, t00)), lanes(f64x2.add(s01, t01)), r00, l10, r11);
    finishPair(ri1 + jo, lanes(f64x2.add(s10, t10)), lanes(f64x2.add(s11, t11)), r00, l10, r11);
  }
  if (i < k) {
    const ri = A + <usize>i * rowBytes;
    let s0 = f64x2.splat(0), s1 = f64x2.splat(0);
    for (let o: usize = 0; o < jo; o += 16) {
      const v = v128.load(ri + o);
      s0 = f64x2.add(s0, f64x2.mul(v, v128.load(rj0 + o)));
      s1 = f64x2.add(s1, f64x2.mul(v, v128.load(rj1 + o)));
    }
    const x = (load<f64>(ri + jo) - lanes(s0)) * r00;
    store<f64>(ri + jo, x);
    store<f64>(ri + jo + 8, (load<f64>(ri + jo + 8) - lanes(s1) - x * l10) * r11);
  }
}

/** The last pivot of an odd k (false: ≤ 0). */
@inline function lastPivot(A: usize, j: i32, rowBytes: usize): bool {
  const rj = A + <usize>j * rowBytes;
  const d = load<f64>(rj + (<usize>j << 3)) - dot64(rj, rj, j);
  if (!(d > 0)) return false;
  store<f64>(rj + (<usize>j << 3), sqrt<f64>(d));
  return true;
}

/** Forward substitution, row i: z_i = (b_i − Σ_{p<i} L_ip z_p) / L_ii. */
@inline function forwardStep(A: usize, b: usize, i: i32, rowBytes: usize): void {
  const ri = A + <usize>i * rowBytes;
  const bi = b + (<usize>i << 3);
  store<f64>(bi, (load<f64>(bi) - dot64(ri, b, i)) / load<f64>(ri + (<usize>i << 3)));
}

/** Back substitution, column-oriented so that L is read by rows: x_i = z_i / L_ii, then z_p −= L_ip x_i for p < i. */
@inline function backStep(A: usize, b: usize, i: i32, rowBytes: usize): void {
  const ri = A + <usize>i * rowBytes;
  const bi = b + (<usize>i << 3);
  const xi = load<f64>(bi) / load<f64>(ri + (<usize>i << 3));
  store<f64>(bi, xi);
  const xv = f64x2.splat(xi);
  let p = 0;
  for (; p + 2 <= i; p += 2) {
    const o = <usize>p << 3;
    v128.store(b + o, f64x2.sub(v128.load(b + o), f64x2.mul(xv, v128.load(ri + o))));
  }
  if (p < i) store<f64>(b + (<usize>p << 3), load<f64>(b + (<usize>p << 3)) - xi * load<f64>(ri + (<usize>p << 3)));
}

/**
 * Row i's entries in the column pair (j, j+1), at p: L_ij = (A_ij − s0)/L_jj and
 * L_i,j+1 = (A_i,j+1 − s1 − L_ij·L_j+1,j)/L_j+1,j+1, with the reciprocals of the pivots given.
 */
@inline function finishPair(p: usize, s0: f64, s1: f64, r00: f64, l10: f64, r11: f64): void {
  const x = (load<f64>(p) - s0) * r00;
  store<f64>(p, x);
  store<f64>(p, (load<f64>(p, 8) - s1 - x * l10) * r11, 8);
}

/** Sum of the two f64 lanes. */
@inline function lanes(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}
