import { axpy32, dot32 } from './vectors';
import { choleskySolve } from './cholesky';
import { symMatVec } from './cg-rows';
import { scrA32, scrA64, scrB32, scrB64, scrGather, scrVec } from './scratch';

/**
 * iALS++ (Rendle et al. 2021): one sweep of subspace block coordinate descent on the implicit
 * normal equations of each row in [bounds[chunk], bounds[chunk+1]) — the twin of
 * src/kernels/ials-plus-plus.ts, in float32 (f32x4) with each block's |B| × |B| system solved in
 * f64 by choleskySolve. Per block B of `blockSize` coordinates:
 *
 *   A_BB = (YᵀY)_BB + Σ_i c₁_i y_i[B] y_i[B]ᵀ + λ·n⁺·I
 *   r_B  = Σ_i ([r_i > 0](1 + c₁_i) − c₁_i ŷ_i) y_i[B] − g_B − λ·n⁺·x_B,     x_B += A_BB⁻¹ r_B
 *
 * with the predictions ŷ_i = y_iᵀx (kept in the scratch's gather area after `gatherCap` rows,
 * `predCap` ≥ the longest row) and g = YᵀY x brought up to date after each block. `YtY32` is the kp × kp Gram matrix in f32.
 * Rows of at most `gatherCap` entries have their y_i copied into the gather area first: each block
 * reads them twice, so 2k/|B| passes over the row run over contiguous memory.
 * Scratch: A32 accumulates A_BB (lower triangle, row stride |B| rounded up to 4), A64 holds it for
 * the solve (stride |B|), b32/b64 the right-hand side, vectors 0–2 x, g and the padded step δ.
 */
export function ialsppChunk(
  chunk: i32, scratch: usize, bounds: usize,
  indptr: usize, indices: usize, values: usize, src: usize, dst: usize, YtY32: usize,
  kp: i32, k: i32, regParam: f64, alpha: f32, blockSize: i32, gatherCap: i32, predCap: i32,
): i32 {
  const x = scrVec(scratch, kp, 0);
  const g = scrVec(scratch, kp, 1);
  const d = scrVec(scratch, kp, 2);
  const A32 = scrA32(scratch, kp);
  const A64 = scrA64(scratch, kp);
  const r32 = scrB32(scratch, kp);
  const r64 = scrB64(scratch, kp);
  const rowBytes = <usize>kp << 2;
  const ys = scrGather(scratch, kp);
  const pred = ys + <usize>gatherCap * rowBytes;
  const b = min(blockSize, k);
  const rowEnd = load<i32>(bounds + (<usize>(chunk + 1) << 2));
  for (let row = load<i32>(bounds + (<usize>chunk << 2)); row < rowEnd; row++) {
    const start = load<i32>(indptr + (<usize>row << 2));
    const end = load<i32>(indptr + (<usize>(row + 1) << 2));
    if (end - start > predCap) unreachable();
    let positives = 0;
    for (let e = start; e < end; e++) positives += i32(load<f32>(values + (<usize>e << 2)) > 0);
    const lambda = <f32>(regParam * <f64>positives);
    const out = dst + <usize>row * rowBytes;
    memory.copy(x, out, rowBytes);
    const gathered = end - start <= gatherCap;
    for (let e = start; e < end; e++) {
      let y = src + <usize>load<i32>(indices + (<usize>e << 2)) * rowBytes;
      if (gathered) {
        const to = ys + <usize>(e - start) * rowBytes;
        memory.copy(to, y, rowBytes);
        y = to;
      }
      store<f32>(pred + (<usize>(e - start) << 2), dot32(y, x, kp));
    }
    symMatVec(YtY32, x, g, kp);
    for (let j0 = 0; j0 < k; j0 += b) {
      const bs = min(b, k - j0);
      const bp = (bs + 3) & ~3;
      const bpBytes = <usize>bp << 2;
      const jb = <usize>j0 << 2;
      memory.fill(A32, 0, <usize>(bs * bp) << 2);
      memory.fill(r32, 0, bpBytes);
      for (let e = start; e < end; e++) {
        const q = <usize>e << 2;
        const rating = load<f32>(values + q);
        const c1 = alpha * abs<f32>(rating);
        const w = (rating > 0 ? c1 + 1 : <f32>0) - c1 * load<f32>(pred + (<usize>(e - start) << 2));
        const y = (gathered ? ys + <usize>(e - start) * rowBytes : src + <usize>load<i32>(indices + q) * rowBytes) + jb;
        // lanes past |B| take other coordinates' values: they land in entries never read
        const wv = f32x4.splat(w);
        for (let o: usize = 0; o < bpBytes; o += 16) v128.store(r32 + o, f32x4.add(v128.load(r32 + o), f32x4.mul(wv, v128.load(y + o))));
        if (c1 == 0) continue;
        let a = A32;
        for (let p = 0; p < bs; p++) {
          const yp = f32x4.splat(c1 * load<f32>(y + (<usize>p << 2)));
          const lim = <usize>((p >> 2) + 1) << 4;
          for (let o: usize = 0; o < lim; o += 16) v128.store(a + o, f32x4.add(v128.load(a + o), f32x4.mul(yp, v128.load(y + o))));
          a += bpBytes;
        }
      }
      for (let p = 0; p < bs; p++) {
        const gRow = YtY32 + <usize>(j0 + p) * rowBytes + jb;
        for (let qq = 0; qq <= p; qq++) {
          let v = <f64>load<f32>(gRow + (<usize>qq << 2)) + <f64>load<f32>(A32 + (<usize>(p * bp + qq) << 2));
          if (qq == p) v += <f64>lambda;
          store<f64>(A64 + (<usize>(p * bs + qq) << 3), v);
        }
        const xp = load<f32>(x + jb + (<usize>p << 2));
        store<f64>(r64 + (<usize>p << 3), <f64>load<f32>(r32 + (<usize>p << 2)) - <f64>load<f32>(g + jb + (<usize>p << 2)) - <f64>(lambda * xp));
      }
      if (!choleskySolve(A64, r64, bs, bs)) return row;
      memory.fill(d, 0, bpBytes);
      for (let p = 0; p < bs; p++) {
        const delta = <f32>load<f64>(r64 + (<usize>p << 3));
        store<f32>(d + (<usize>p << 2), delta);
        const xp = x + jb + (<usize>p << 2);
        store<f32>(xp, load<f32>(xp) + delta);
        axpy32(g, delta, YtY32 + <usize>(j0 + p) * rowBytes, kp);
      }
      // ŷ_i += y_i[B]ᵀδ: four lanes at a time, the tail (|B| not a multiple of 4) one by one
      const full = <usize>(bs & ~3) << 2;
      for (let e = start; e < end; e++) {
        const y = (gathered ? ys + <usize>(e - start) * rowBytes : src + <usize>load<i32>(indices + (<usize>e << 2)) * rowBytes) + jb;
        let acc = f32x4.splat(0);
        for (let o: usize = 0; o < full; o += 16) acc = f32x4.add(acc, f32x4.mul(v128.load(y + o), v128.load(d + o)));
        let s = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
        for (let o = full; o < (<usize>bs << 2); o += 4) s += load<f32>(y + o) * load<f32>(d + o);
        const pp = pred + (<usize>(e - start) << 2);
        store<f32>(pp, load<f32>(pp) + s);
      }
    }
    memory.copy(out, x, rowBytes);
  }
  return -1;
}
