import { axpy32, dot32 } from './vectors';
import { choleskySolve } from './cholesky';
import { symMatVec } from './sym-mat-vec';
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
 * `predCap` ≥ the longest row; then c₁ per entry, `predCap` more floats) and g = YᵀY x brought up to date after each block. `YtY32` is the kp × kp Gram matrix in f32.
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
  const cs = pred + (<usize>predCap << 2);
  const b = min(blockSize, k);
  const rowEnd = load<i32>(bounds + (<usize>(chunk + 1) << 2));
  for (let row = load<i32>(bounds + (<usize>chunk << 2)); row < rowEnd; row++) {
    const start = load<i32>(indptr + (<usize>row << 2));
    const end = load<i32>(indptr + (<usize>(row + 1) << 2));
    if (end - start > predCap) unreachable();
    // c₁ = α|r| per entry, once per row: every tile and pass of every block reads it
    let positives = 0;
    for (let e = start; e < end; e++) {
      const rating = load<f32>(values + (<usize>e << 2));
      positives += i32(rating > 0);
      store<f32>(cs + (<usize>(e - start) << 2), alpha * abs<f32>(rating));
    }
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
      // A_BB's rating part, Σ c₁ y[B] y[B]ᵀ, in register tiles of 4 rows × 8 (or 4) columns of its
      // lower triangle, each tile one pass over the row's entries; then r_B the same way
      // Entries go in runs of ENTRY_RUN, all tiles per run, so a long row's block slices are read
      // from cache by every tile instead of streamed from memory once per tile.
      memory.fill(A32, 0, <usize>bp * bpBytes);
      for (let e0 = start; e0 < end; e0 += ENTRY_RUN) {
        const e1 = min(end, e0 + ENTRY_RUN);
        for (let p0 = 0; p0 < bp; p0 += 4) {
          let q0 = 0;
          for (; q0 + 8 <= p0 + 4; q0 += 8) tile4x8(A32, bpBytes, p0, q0, start, e0, e1, indices, cs, gathered ? ys : src, rowBytes, jb, gathered);
          if (q0 < p0 + 4) tile4x4(A32, bpBytes, p0, q0, start, e0, e1, indices, cs, gathered ? ys : src, rowBytes, jb, gathered);
        }
      }
      rhsBlock(r32, bpBytes, start, end, indices, values, pred, cs, gathered ? ys : src, rowBytes, jb, gathered);
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

/** Entries per run of the block Gram accumulation: 128 block slices of ≤ 64 floats stay in L1/L2. */
const ENTRY_RUN = 128;

/** Where entry e's y_i[B] starts: in the gather area (contiguous) or in the factor matrix. */
@inline function entryRow(e: i32, start: i32, indices: usize, base: usize, rowBytes: usize, jb: usize, gathered: bool): usize {
  return (gathered ? base + <usize>(e - start) * rowBytes : base + <usize>load<i32>(indices + (<usize>e << 2)) * rowBytes) + jb;
}

/**
 * A[p0..p0+4) × [q0..q0+8) += Σ_{e ∈ [e0, e1)} c₁_e y_e[p] y_e[q] (row stride `aBytes`; c₁ from
 * the row's `cs`), eight f32x4 sums held in registers over the run: two loads and four splats per
 * entry for 32 multiply-adds. Gathered rows are walked by a pointer, one row stride per entry.
 */
function tile4x8(
  A: usize, aBytes: usize, p0: i32, q0: i32, start: i32, e0: i32, e1: i32, indices: usize, cs: usize, base: usize, rowBytes: usize, jb: usize,
  gathered: bool,
): void {
  const po = <usize>p0 << 2;
  const qo = <usize>q0 << 2;
  const a = A + <usize>p0 * aBytes + qo;
  let a00 = v128.load(a), a01 = v128.load(a, 16), a10 = v128.load(a + aBytes), a11 = v128.load(a + aBytes, 16);
  let a20 = v128.load(a + 2 * aBytes), a21 = v128.load(a + 2 * aBytes, 16), a30 = v128.load(a + 3 * aBytes), a31 = v128.load(a + 3 * aBytes, 16);
  let g = base + <usize>(e0 - start) * rowBytes + jb;
  let cp = cs + (<usize>(e0 - start) << 2);
  for (let e = e0; e < e1; e++) {
    const y = gathered ? g : base + <usize>load<i32>(indices + (<usize>e << 2)) * rowBytes + jb;
    g += rowBytes;
    const c = v128.load32_splat(cp);
    cp += 4;
    const y0 = f32x4.mul(c, v128.load(y + qo));
    const y1 = f32x4.mul(c, v128.load(y + qo, 16));
    const s0 = v128.load32_splat(y + po);
    const s1 = v128.load32_splat(y + po, 4);
    const s2 = v128.load32_splat(y + po, 8);
    const s3 = v128.load32_splat(y + po, 12);
    a00 = f32x4.add(a00, f32x4.mul(s0, y0));
    a01 = f32x4.add(a01, f32x4.mul(s0, y1));
    a10 = f32x4.add(a10, f32x4.mul(s1, y0));
    a11 = f32x4.add(a11, f32x4.mul(s1, y1));
    a20 = f32x4.add(a20, f32x4.mul(s2, y0));
    a21 = f32x4.add(a21, f32x4.mul(s2, y1));
    a30 = f32x4.add(a30, f32x4.mul(s3, y0));
    a31 = f32x4.add(a31, f32x4.mul(s3, y1));
  }
  v128.store(a, a00);
  v128.store(a, a01, 16);
  v128.store(a + aBytes, a10);
  v128.store(a + aBytes, a11, 16);
  v128.store(a + 2 * aBytes, a20);
  v128.store(a + 2 * aBytes, a21, 16);
  v128.store(a + 3 * aBytes, a30);
  v128.store(a + 3 * aBytes, a31, 16);
}

/** tile4x8 for the last four columns of a row band (q0 + 4 = p0 + 4: the diagonal 4 × 4). */
function tile4x4(
  A: usize, aBytes: usize, p0: i32, q0: i32, start: i32, e0: i32, e1: i32, indices: usize, cs: usize, base: usize, rowBytes: usize, jb: usize,
  gathered: bool,
): void {
  const po = <usize>p0 << 2;
  const qo = <usize>q0 << 2;
  const a = A + <usize>p0 * aBytes + qo;
  let a0 = v128.load(a), a1 = v128.load(a + aBytes), a2 = v128.load(a + 2 * aBytes), a3 = v128.load(a + 3 * aBytes);
  let g = base + <usize>(e0 - start) * rowBytes + jb;
  let cp = cs + (<usize>(e0 - start) << 2);
  for (let e = e0; e < e1; e++) {
    const y = gathered ? g : base + <usize>load<i32>(indices + (<usize>e << 2)) * rowBytes + jb;
    g += rowBytes;
    const c = v128.load32_splat(cp);
    cp += 4;
    const y0 = f32x4.mul(c, v128.load(y + qo));
    a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(y + po), y0));
    a1 = f32x4.add(a1, f32x4.mul(v128.load32_splat(y + po, 4), y0));
    a2 = f32x4.add(a2, f32x4.mul(v128.load32_splat(y + po, 8), y0));
    a3 = f32x4.add(a3, f32x4.mul(v128.load32_splat(y + po, 12), y0));
  }
  v128.store(a, a0);
  v128.store(a + aBytes, a1);
  v128.store(a + 2 * aBytes, a2);
  v128.store(a + 3 * aBytes, a3);
}

/**
 * r[0..bp) = Σ_e w_e y_e[B] with w_e = [r_e > 0](1 + c₁_e) − c₁_e ŷ_e, sixteen lanes at a time
 * in registers (lanes past |B| take other coordinates' values into entries never read).
 */
function rhsBlock(
  r: usize, bpBytes: usize, start: i32, end: i32, indices: usize, values: usize, pred: usize, cs: usize, base: usize, rowBytes: usize, jb: usize,
  gathered: bool,
): void {
  for (let o: usize = 0; o < bpBytes; o += 64) {
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
    const wide = o + 64 <= bpBytes;
    for (let e = start; e < end; e++) {
      const c1 = load<f32>(cs + (<usize>(e - start) << 2));
      const w = f32x4.splat((load<f32>(values + (<usize>e << 2)) > 0 ? c1 + 1 : <f32>0) - c1 * load<f32>(pred + (<usize>(e - start) << 2)));
      const y = entryRow(e, start, indices, base, rowBytes, jb, gathered) + o;
      a0 = f32x4.add(a0, f32x4.mul(w, v128.load(y)));
      if (!wide) continue;
      a1 = f32x4.add(a1, f32x4.mul(w, v128.load(y, 16)));
      a2 = f32x4.add(a2, f32x4.mul(w, v128.load(y, 32)));
      a3 = f32x4.add(a3, f32x4.mul(w, v128.load(y, 48)));
    }
    v128.store(r + o, a0);
    if (!wide) {
      // the tail of fewer than 16 lanes: the rest one vector at a time
      for (let t: usize = o + 16; t < bpBytes; t += 16) {
        let acc = f32x4.splat(0);
        for (let e = start; e < end; e++) {
          const c1 = load<f32>(cs + (<usize>(e - start) << 2));
          const w = f32x4.splat((load<f32>(values + (<usize>e << 2)) > 0 ? c1 + 1 : <f32>0) - c1 * load<f32>(pred + (<usize>(e - start) << 2)));
          acc = f32x4.add(acc, f32x4.mul(w, v128.load(entryRow(e, start, indices, base, rowBytes, jb, gathered) + t)));
        }
        v128.store(r + t, acc);
      }
      break;
    }
    v128.store(r + o, a1, 16);
    v128.store(r + o, a2, 32);
    v128.store(r + o, a3, 48);
  }
}
