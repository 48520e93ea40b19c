/**
 * Small SIMD helpers over linear memory. Pointers are byte offsets; vectors of length `kp` (the
 * rank rounded up to a multiple of 4) are 16-byte aligned and zero past the rank, so f32x4 loops
 * need no scalar tail.
 */

/** Sum of the four f32 lanes. */
@inline export function hsum(v: v128): f32 {
  const s = f32x4.add(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1);
}

/** Σ a[j] b[j] over kp f32 values (two accumulators), in f32. */
@inline export function dot32(a: usize, b: usize, kp: i32): f32 {
  let s0 = f32x4.splat(0);
  let s1 = f32x4.splat(0);
  const bytes = <usize>kp << 2;
  let o: usize = 0;
  for (; o + 32 <= bytes; o += 32) {
    s0 = f32x4.add(s0, f32x4.mul(v128.load(a + o), v128.load(b + o)));
    s1 = f32x4.add(s1, f32x4.mul(v128.load(a + o, 16), v128.load(b + o, 16)));
  }
  if (o < bytes) s0 = f32x4.add(s0, f32x4.mul(v128.load(a + o), v128.load(b + o)));
  return hsum(f32x4.add(s0, s1));
}

/** out[j] += s · v[j] over kp f32 values. */
@inline export function axpy32(out: usize, s: f32, v: usize, kp: i32): void {
  const sv = f32x4.splat(s);
  const bytes = <usize>kp << 2;
  for (let o: usize = 0; o < bytes; o += 16) v128.store(out + o, f32x4.add(v128.load(out + o), f32x4.mul(sv, v128.load(v + o))));
}

/** Σ_{p<n} a[p] b[p] over f64 values (f64x2, two accumulators). */
@inline export function dot64(a: usize, b: usize, n: i32): f64 {
  let s0 = f64x2.splat(0);
  let s1 = f64x2.splat(0);
  const bytes = <usize>n << 3;
  let o: usize = 0;
  for (; o + 32 <= bytes; o += 32) {
    s0 = f64x2.add(s0, f64x2.mul(v128.load(a + o), v128.load(b + o)));
    s1 = f64x2.add(s1, f64x2.mul(v128.load(a + o, 16), v128.load(b + o, 16)));
  }
  if (o + 16 <= bytes) {
    s0 = f64x2.add(s0, f64x2.mul(v128.load(a + o), v128.load(b + o)));
    o += 16;
  }
  const s = f64x2.add(s0, s1);
  let r = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  if (o < bytes) r += load<f64>(a + o) * load<f64>(b + o);
  return r;
}

/** Address of row `row` of a row-major matrix of `stride` elements of `bytesPerElement` bytes. */
@inline export function rowPtr(base: usize, row: i32, stride: i32, shift: i32): usize {
  return base + ((<usize>row * <usize>stride) << <usize>shift);
}
