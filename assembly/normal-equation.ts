/**
 * Accumulating the normal equations of one row, A = Σ_e c_e y_e y_eᵀ and b = Σ_e d_e y_e
 * (see src/kernels/normal-equation.ts for what c and d are in explicit and implicit ALS), and the
 * Gram matrix YᵀY, which is the same sum with c = 1.
 *
 * Entries go in blocks of up to FLUSH_EVERY: their rows are gathered into Yb and their weighted
 * rows c_e·y_e into Wb (FLUSH_EVERY × kp each), and the block is added as one small GEMM,
 * A += Wbᵀ Yb, by a 4 × 8 register tile: each tile of A is loaded once per block and each entry
 * costs it 2 vector loads and 4 splats for 32 multiply-adds. Only the lower triangle is computed
 * (row block a0..a0+3 covers columns [0, tileWidth(a0)), the upper part of its diagonal tile being
 * harmless: nothing reads it).
 *
 * Precision: products and sums in f32x4 into a float32 accumulator A32, added to the float64
 * matrix and cleared after every block. A float32 sum of m terms carries a relative error of order
 * m·2⁻²⁴ at worst; flushing bounds m by FLUSH_EVERY, so rows with thousands of entries are summed as
 * accurately as rows with fifty — at twice the speed of f64x2 accumulation (measured at k = 64 on
 * one core: ~19 vs ~9 GFLOP/s for rank-4 updates; the tiled GEMM is faster again).
 */

/** Entries per block: summed in float32 before a flush into float64. */
export const FLUSH_EVERY: i32 = 64;

/**
 * Columns of A computed for the row block starting at a0 (a multiple of 4): [0, a0 + 4), the
 * block's part of the lower triangle, within kp — 8-wide tiles, then a 4-wide one where a0 + 4 is
 * not a multiple of 8 (was: rounded up to 8, which computed 4 columns of the upper triangle for
 * every other row block: at k = 10–20 a seventh of the multiply-adds, for nothing).
 */
@inline export function tileWidth(a0: i32, kp: i32): i32 {
  return min(kp, a0 + 4);
}

/**
 * A32 (kp-stride f32, rows a < k) += Σ_{e<B} Wb[e][a] · Yb[e][j] over the lower-triangle tiles,
 * with Wb and Yb B × kp row-major (stride kp).
 */
export function addBlock(A: usize, Wb: usize, Yb: usize, B: i32, kp: i32, k: i32): void {
  const rowBytes = <usize>kp << 2;
  for (let a0 = 0; a0 < k; a0 += 4) {
    const width = tileWidth(a0, kp);
    const r0 = A + <usize>a0 * rowBytes;
    const r1 = r0 + rowBytes;
    const r2 = r1 + rowBytes;
    const r3 = r2 + rowBytes;
    const wa = Wb + (<usize>a0 << 2);
    let j = 0;
    for (; j + 8 <= width; j += 8) {
      const jo = <usize>j << 2;
      let c00 = v128.load(r0 + jo), c01 = v128.load(r0 + jo, 16);
      let c10 = v128.load(r1 + jo), c11 = v128.load(r1 + jo, 16);
      let c20 = v128.load(r2 + jo), c21 = v128.load(r2 + jo, 16);
      let c30 = v128.load(r3 + jo), c31 = v128.load(r3 + jo, 16);
      let w = wa;
      let y = Yb + jo;
      for (let e = 0; e < B; e++) {
        const y0 = v128.load(y);
        const y1 = v128.load(y, 16);
        const s0 = v128.load32_splat(w);
        c00 = f32x4.add(c00, f32x4.mul(s0, y0));
        c01 = f32x4.add(c01, f32x4.mul(s0, y1));
        const s1 = v128.load32_splat(w, 4);
        c10 = f32x4.add(c10, f32x4.mul(s1, y0));
        c11 = f32x4.add(c11, f32x4.mul(s1, y1));
        const s2 = v128.load32_splat(w, 8);
        c20 = f32x4.add(c20, f32x4.mul(s2, y0));
        c21 = f32x4.add(c21, f32x4.mul(s2, y1));
        const s3 = v128.load32_splat(w, 12);
        c30 = f32x4.add(c30, f32x4.mul(s3, y0));
        c31 = f32x4.add(c31, f32x4.mul(s3, y1));
        w += rowBytes;
        y += rowBytes;
      }
      v128.store(r0 + jo, c00);
      v128.store(r0 + jo, c01, 16);
      v128.store(r1 + jo, c10);
      v128.store(r1 + jo, c11, 16);
      v128.store(r2 + jo, c20);
      v128.store(r2 + jo, c21, 16);
      v128.store(r3 + jo, c30);
      v128.store(r3 + jo, c31, 16);
    }
    if (j < width) {
      // a last tile 4 wide, where a0 + 4 is not a multiple of 8
      const jo = <usize>j << 2;
      let c0 = v128.load(r0 + jo), c1 = v128.load(r1 + jo), c2 = v128.load(r2 + jo), c3 = v128.load(r3 + jo);
      let w = wa;
      let y = Yb + jo;
      for (let e = 0; e < B; e++) {
        const y0 = v128.load(y);
        c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(w), y0));
        c1 = f32x4.add(c1, f32x4.mul(v128.load32_splat(w, 4), y0));
        c2 = f32x4.add(c2, f32x4.mul(v128.load32_splat(w, 8), y0));
        c3 = f32x4.add(c3, f32x4.mul(v128.load32_splat(w, 12), y0));
        w += rowBytes;
        y += rowBytes;
      }
      v128.store(r0 + jo, c0);
      v128.store(r1 + jo, c1);
      v128.store(r2 + jo, c2);
      v128.store(r3 + jo, c3);
    }
  }
}

/** out[0..kp) = y (f32, kp values): the gather of explicit ALS, whose weighted rows c·y (c = 1) are the rows themselves. */
@inline export function gatherRow(out: usize, y: usize, kp: i32): void {
  const end = <usize>kp << 2;
  for (let o: usize = 0; o < end; o += 16) v128.store(out + o, v128.load(y + o));
}

/**
 * b += Σ_{e<B} d[e]·Yb[e] (f32; d: B f32 values, Yb: B × kp, stride kp), entry after entry for
 * each element — the sums gatherEntry's `b += d·y` makes, in the same order, so the same bits —
 * but with the partial sums of eight columns held in registers across the block instead of
 * stored and reloaded after every entry (a chain through memory per entry).
 */
export function addRhs(b: usize, Yb: usize, d: usize, B: i32, kp: i32): void {
  const rowBytes = <usize>kp << 2;
  const end = <usize>kp << 2;
  let o: usize = 0;
  for (; o + 32 <= end; o += 32) {
    let s0 = v128.load(b + o);
    let s1 = v128.load(b + o, 16);
    let y = Yb + o;
    for (let e = 0; e < B; e++) {
      const dv = v128.load32_splat(d + (<usize>e << 2));
      s0 = f32x4.add(s0, f32x4.mul(dv, v128.load(y)));
      s1 = f32x4.add(s1, f32x4.mul(dv, v128.load(y, 16)));
      y += rowBytes;
    }
    v128.store(b + o, s0);
    v128.store(b + o, s1, 16);
  }
  if (o < end) {
    let s0 = v128.load(b + o);
    let y = Yb + o;
    for (let e = 0; e < B; e++) {
      s0 = f32x4.add(s0, f32x4.mul(v128.load32_splat(d + (<usize>e << 2)), v128.load(y)));
      y += rowBytes;
    }
    v128.store(b + o, s0);
  }
}

/** out[0..kp) = y and w[0..kp) = c·y; b += d·y (all f32, kp values). */
@inline export function gatherEntry(out: usize, w: usize, b: usize, y: usize, c: f32, d: f32, kp: i32): void {
  const cv = f32x4.splat(c);
  const dv = f32x4.splat(d);
  const end = <usize>kp << 2;
  for (let o: usize = 0; o < end; o += 16) {
    const v = v128.load(y + o);
    v128.store(out + o, v);
    v128.store(w + o, f32x4.mul(cv, v));
    v128.store(b + o, f32x4.add(v128.load(b + o), f32x4.mul(dv, v)));
  }
}

/**
 * A64 = base + A32 over the computed lower-triangle tiles, then A32 = 0 there. `base` is A64 itself
 * (adding a block), another matrix (the first block of an implicit row starts from YᵀY), or 0 for
 * zero (the first block of an explicit row) — so A64 never needs clearing or copying beforehand.
 */
export function flushMatrix(A32: usize, A64: usize, base: usize, kp: i32, k: i32): void {
  const zero = f32x4.splat(0);
  for (let a = 0; a < k; a++) {
    const r32 = A32 + (<usize>(a * kp) << 2);
    const r64 = A64 + (<usize>(a * kp) << 3);
    const b64 = base + (<usize>(a * kp) << 3);
    const end = <usize>tileWidth(a & ~3, kp);
    for (let j: usize = 0; j < end; j += 4) {
      const v = v128.load(r32 + (j << 2));
      const p = r64 + (j << 3);
      const lo = f64x2.promote_low_f32x4(v);
      const hi = f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
      if (base) {
        const q = b64 + (j << 3);
        v128.store(p, f64x2.add(v128.load(q), lo));
        v128.store(p, f64x2.add(v128.load(q, 16), hi), 16);
      } else {
        v128.store(p, lo);
        v128.store(p, hi, 16);
      }
      v128.store(r32 + (j << 2), zero);
    }
  }
}

/** b64 = (first ? 0 : b64) + b32 over kp values, then b32 = 0. */
export function flushVector(b32: usize, b64: usize, kp: i32, first: bool): void {
  const zero = f32x4.splat(0);
  for (let j: usize = 0; j < <usize>kp; j += 4) {
    const v = v128.load(b32 + (j << 2));
    const p = b64 + (j << 3);
    const lo = f64x2.promote_low_f32x4(v);
    const hi = f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
    v128.store(p, first ? lo : f64x2.add(v128.load(p), lo));
    v128.store(p, first ? hi : f64x2.add(v128.load(p, 16), hi), 16);
    v128.store(b32 + (j << 2), zero);
  }
}
