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

/**
 * outV = M v and outW = M w together: each v128 of M is loaded once and multiplied into both
 * products' accumulators (4 + 4 registers), halving the loads of M, which bound symMatVec at rank
 * 128 (M is 64 KB there, past L1). Each product is summed over j in the same order and with the
 * same operations as symMatVec's, so outV and outW are bit-identical to two symMatVec calls.
 */
export function symMatVec2(M: usize, v: usize, w: usize, outV: usize, outW: usize, kp: i32): void {
  const rowBytes = <usize>kp << 2;
  let o: usize = 0;
  for (; o + 64 <= rowBytes; o += 64) {
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
    let b0 = f32x4.splat(0), b1 = f32x4.splat(0), b2 = f32x4.splat(0), b3 = f32x4.splat(0);
    let m = M + o;
    for (let j = 0; j < kp; j++) {
      const s = v128.load32_splat(v + (<usize>j << 2));
      const t = v128.load32_splat(w + (<usize>j << 2));
      const m0 = v128.load(m);
      a0 = f32x4.add(a0, f32x4.mul(s, m0));
      b0 = f32x4.add(b0, f32x4.mul(t, m0));
      const m1 = v128.load(m, 16);
      a1 = f32x4.add(a1, f32x4.mul(s, m1));
      b1 = f32x4.add(b1, f32x4.mul(t, m1));
      const m2 = v128.load(m, 32);
      a2 = f32x4.add(a2, f32x4.mul(s, m2));
      b2 = f32x4.add(b2, f32x4.mul(t, m2));
      const m3 = v128.load(m, 48);
      a3 = f32x4.add(a3, f32x4.mul(s, m3));
      b3 = f32x4.add(b3, f32x4.mul(t, m3));
      m += rowBytes;
    }
    v128.store(outV + o, a0);
    v128.store(outV + o, a1, 16);
    v128.store(outV + o, a2, 32);
    v128.store(outV + o, a3, 48);
    v128.store(outW + o, b0);
    v128.store(outW + o, b1, 16);
    v128.store(outW + o, b2, 32);
    v128.store(outW + o, b3, 48);
  }
  for (; o < rowBytes; o += 16) {
    let a = f32x4.splat(0), b = f32x4.splat(0);
    let m = M + o;
    for (let j = 0; j < kp; j++) {
      const mj = v128.load(m);
      a = f32x4.add(a, f32x4.mul(v128.load32_splat(v + (<usize>j << 2)), mj));
      b = f32x4.add(b, f32x4.mul(v128.load32_splat(w + (<usize>j << 2)), mj));
      m += rowBytes;
    }
    v128.store(outV + o, a);
    v128.store(outW + o, b);
  }
}
