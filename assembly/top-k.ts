import { hsum } from './vectors';
import { heapDrain, heapPush, hsAt } from './bounded-heap';

/**
 * Top-K by dot product for the result rows [bounds[chunk], bounds[chunk+1]) — the twin of
 * src/kernels/top-k.ts: result row j scores query row queryRows[j] of Q against every target,
 * skips the targets its seen CSR row lists (original target indices, seenIndptr = 0 for none) and
 * NaN scores, and keeps the best K in a bounded min-heap (ties to the lower target index).
 *
 * Queries go in blocks of QUERY_BLOCK against tiles of TARGET_TILE targets, scored by a 4 × 2
 * register-blocked f32x4 kernel, so memory is O(block × tile + targets / 8), never queries ×
 * targets. Output rows: K original target indices best first (−1 past the candidates) in outIdx,
 * their scores (NaN there) in outScore.
 *
 * Norm pruning (exact): the caller stores the targets in T by decreasing norm — position p holds
 * target perm[p], of norm tnorm[p] (inv is perm's inverse) — and qnorm[row] = ‖q_row‖. Since
 * qᵀt ≤ ‖q‖‖t‖, once every query of a block has K kept scores all above ‖q‖·tnorm[p]·(1 + δ), no
 * target from position p on can enter a list, and the block stops there. δ = kp·2⁻²³ covers the
 * float32 rounding of the computed scores (|error| ≤ kp·2⁻²⁴·Σ|q_a t_a| ≤ kp·2⁻²⁴·‖q‖‖t‖), so the
 * lists are exactly those of the full scan. Seen targets are marked in a bitmap over positions.
 *
 * boundScale c ∈ (0, 1] relaxes the bound to c·‖q‖·tnorm[p]·(1 + δ) (src/retrieval/norm-scan.ts):
 * c = 1 is the exact scan; c < 1 stops sooner, assuming no target beyond has cosine > c with q.
 */
const QUERY_BLOCK: i32 = 32;
export const TARGET_TILE: i32 = 256;
/** Marker in a scratch block whose seen bitmaps are all zero (any other value: zero them first). */
export const CLEAN: u32 = 0x5ee1c1ea;

/** 32-bit words of one query's seen bitmap over `numTargets` positions. */
@inline export function bitmapWords(numTargets: i32): i32 {
  return (numTargets + 31) >> 5;
}

export function topKScratchBytes(K: i32, numTargets: i32): usize {
  return (
    (<usize>(QUERY_BLOCK * TARGET_TILE) << 2) +
    (<usize>(QUERY_BLOCK * K) << 3) +
    (<usize>QUERY_BLOCK << 3) +
    16 +
    (<usize>(QUERY_BLOCK * bitmapWords(numTargets)) << 2)
  );
}

export function topKChunk(
  chunk: i32, scratch: usize, bounds: usize,
  queryRows: usize, Q: usize, T: usize, numTargets: i32, kp: i32, K: i32,
  seenIndptr: usize, seenIndices: usize, outIdx: usize, outScore: usize,
  perm: usize, inv: usize, qnorm: usize, tnorm: usize, boundScale: f64,
): i32 {
  const tile = scratch;
  const hs = tile + (<usize>(QUERY_BLOCK * TARGET_TILE) << 2);
  const hi = hs + (<usize>(QUERY_BLOCK * K) << 2);
  const sizes = hi + (<usize>(QUERY_BLOCK * K) << 2);
  const done = sizes + (<usize>QUERY_BLOCK << 2);
  const clean = done + (<usize>QUERY_BLOCK << 2);
  const bitmap = clean + 16;
  const words = bitmapWords(numTargets);
  // The bitmaps are left all zero after each query (markSeen clears the words it set), so they are
  // zeroed in full only when this scratch block was not left clean by a finished call (first use,
  // another kernel's data, a trap mid-call): at 1M targets the full fill (32 bitmaps, 3.9 MB) cost
  // ~200 µs, most of a norm-pruned query.
  if (load<u32>(clean) != CLEAN || load<i32>(clean, 4) != numTargets) {
    memory.fill(bitmap, 0, <usize>(QUERY_BLOCK * words) << 2);
    store<i32>(clean, numTargets, 4);
  }
  store<u32>(clean, 0);
  const slack: f64 = (1 + <f64>kp / 8388608) * boundScale; // (1 + δ)·c
  const qEnd = load<i32>(bounds + (<usize>(chunk + 1) << 2));
  for (let q0 = load<i32>(bounds + (<usize>chunk << 2)); q0 < qEnd; q0 += QUERY_BLOCK) {
    const qb = min(QUERY_BLOCK, qEnd - q0);
    for (let b = 0; b < qb; b++) {
      store<i32>(sizes + (<usize>b << 2), 0);
      if (seenIndptr) markSeen(bitmap + (<usize>(b * words) << 2), load<i32>(queryRows + (<usize>(q0 + b) << 2)), seenIndptr, seenIndices, inv, numTargets, 1);
    }
    for (let t0 = 0; t0 < numTargets; t0 += TARGET_TILE) {
      if (markDone(queryRows, q0, qb, hs, sizes, done, K, qnorm, load<f64>(tnorm + (<usize>t0 << 3)) * slack)) break;
      const tb = min(TARGET_TILE, numTargets - t0);
      scoreTile(queryRows, q0, qb, Q, T, t0, tb, kp, tile, done);
      for (let b = 0; b < qb; b++) {
        if (load<i32>(done + (<usize>b << 2))) continue;
        const off = <usize>(b * K);
        const sizePtr = sizes + (<usize>b << 2);
        const seen = bitmap + (<usize>(b * words) << 2);
        const base = tile + (<usize>(b * TARGET_TILE) << 2);
        // the worst kept score once the heap is full: most scores fall below it and stop here
        let bar: f32 = load<i32>(sizePtr) == K ? hsAt(hs, off, 0) : -Infinity;
        for (let t = 0; t < tb; t++) {
          const s = load<f32>(base + (<usize>t << 2));
          if (!(s >= bar)) continue; // below the bar, or NaN (NaN factors never rank)
          const pos = t0 + t;
          if ((load<u32>(seen + (<usize>(pos >> 5) << 2)) >> (pos & 31)) & 1) continue;
          heapPush(hs, hi, off, sizePtr, K, s, load<i32>(perm + (<usize>pos << 2)));
          if (load<i32>(sizePtr) == K) bar = hsAt(hs, off, 0);
        }
      }
    }
    for (let b = 0; b < qb; b++) {
      const o = <usize>((q0 + b) * K);
      const size = load<i32>(sizes + (<usize>b << 2));
      heapDrain(hs, hi, <usize>(b * K), size, outIdx, outScore, o);
      for (let j = size; j < K; j++) {
        store<i32>(outIdx + ((o + <usize>j) << 2), -1);
        store<f32>(outScore + ((o + <usize>j) << 2), NaN);
      }
      if (seenIndptr) markSeen(bitmap + (<usize>(b * words) << 2), load<i32>(queryRows + (<usize>(q0 + b) << 2)), seenIndptr, seenIndices, inv, numTargets, 0);
    }
  }
  store<u32>(clean, CLEAN);
  return -1;
}

/** Sets (on = 1) or clears (on = 0) the bits of query row `row`'s seen targets, by position (indices out of range are ignored). */
export function markSeen(bits: usize, row: i32, seenIndptr: usize, seenIndices: usize, inv: usize, numTargets: i32, on: i32): void {
  const end = load<i32>(seenIndptr + (<usize>(row + 1) << 2));
  for (let e = load<i32>(seenIndptr + (<usize>row << 2)); e < end; e++) {
    const target = load<i32>(seenIndices + (<usize>e << 2));
    if (<u32>target >= <u32>numTargets) continue;
    const pos = load<i32>(inv + (<usize>target << 2));
    const w = bits + (<usize>(pos >> 5) << 2);
    if (on) store<u32>(w, load<u32>(w) | (<u32>1 << (pos & 31)));
    else store<u32>(w, 0);
  }
}

/**
 * done[b] = 1 for each query of the block whose K kept scores all lie above ‖q‖·bound, the most any
 * remaining target can score; true when that holds for the whole block.
 */
function markDone(queryRows: usize, q0: i32, qb: i32, hs: usize, sizes: usize, done: usize, K: i32, qnorm: usize, bound: f64): bool {
  let all = true;
  for (let b = 0; b < qb; b++) {
    let d = load<i32>(sizes + (<usize>b << 2)) == K;
    if (d) {
      const qn = load<f64>(qnorm + (<usize>load<i32>(queryRows + (<usize>(q0 + b) << 2)) << 3));
      d = qn * bound < <f64>hsAt(hs, <usize>(b * K), 0);
    }
    store<i32>(done + (<usize>b << 2), i32(d));
    all = all && d;
  }
  return all;
}

/**
 * tile[b][t] = Q[queryRows[q0+b]] · T[t0+t] in f32x4, four queries by two targets at a time; groups
 * of four queries that are all done, and single done queries, are skipped.
 */
function scoreTile(queryRows: usize, q0: i32, qb: i32, Q: usize, T: usize, t0: i32, tb: i32, kp: i32, tile: usize, done: usize): void {
  const rowBytes = <usize>kp << 2;
  let b = 0;
  for (; b + 4 <= qb; b += 4) {
    if (i32x4.all_true(v128.load(done + (<usize>b << 2)))) continue;
    const a0 = Q + <usize>load<i32>(queryRows + (<usize>(q0 + b) << 2)) * rowBytes;
    const a1 = Q + <usize>load<i32>(queryRows + (<usize>(q0 + b + 1) << 2)) * rowBytes;
    const a2 = Q + <usize>load<i32>(queryRows + (<usize>(q0 + b + 2) << 2)) * rowBytes;
    const a3 = Q + <usize>load<i32>(queryRows + (<usize>(q0 + b + 3) << 2)) * rowBytes;
    const out = tile + (<usize>(b * TARGET_TILE) << 2);
    const stride = <usize>TARGET_TILE << 2;
    let t = 0;
    for (; t + 2 <= tb; t += 2) {
      const u0 = T + <usize>(t0 + t) * rowBytes;
      const u1 = u0 + rowBytes;
      let s00 = f32x4.splat(0), s01 = f32x4.splat(0), s10 = f32x4.splat(0), s11 = f32x4.splat(0);
      let s20 = f32x4.splat(0), s21 = f32x4.splat(0), s30 = f32x4.splat(0), s31 = f32x4.splat(0);
      for (let o: usize = 0; o < rowBytes; o += 16) {
        const v0 = v128.load(u0 + o);
        const v1 = v128.load(u1 + o);
        const w0 = v128.load(a0 + o);
        s00 = f32x4.add(s00, f32x4.mul(w0, v0));
        s01 = f32x4.add(s01, f32x4.mul(w0, v1));
        const w1 = v128.load(a1 + o);
        s10 = f32x4.add(s10, f32x4.mul(w1, v0));
        s11 = f32x4.add(s11, f32x4.mul(w1, v1));
        const w2 = v128.load(a2 + o);
        s20 = f32x4.add(s20, f32x4.mul(w2, v0));
        s21 = f32x4.add(s21, f32x4.mul(w2, v1));
        const w3 = v128.load(a3 + o);
        s30 = f32x4.add(s30, f32x4.mul(w3, v0));
        s31 = f32x4.add(s31, f32x4.mul(w3, v1));
      }
      const p = out + (<usize>t << 2);
      store<f32>(p, hsum(s00));
      store<f32>(p, hsum(s01), 4);
      store<f32>(p + stride, hsum(s10));
      store<f32>(p + stride, hsum(s11), 4);
      store<f32>(p + 2 * stride, hsum(s20));
      store<f32>(p + 2 * stride, hsum(s21), 4);
      store<f32>(p + 3 * stride, hsum(s30));
      store<f32>(p + 3 * stride, hsum(s31), 4);
    }
    if (t < tb) {
      const u = T + <usize>(t0 + t) * rowBytes;
      const p = out + (<usize>t << 2);
      store<f32>(p, dot1(a0, u, rowBytes));
      store<f32>(p + stride, dot1(a1, u, rowBytes));
      store<f32>(p + 2 * stride, dot1(a2, u, rowBytes));
      store<f32>(p + 3 * stride, dot1(a3, u, rowBytes));
    }
  }
  for (; b < qb; b++) {
    if (load<i32>(done + (<usize>b << 2))) continue;
    scoreOne(Q + <usize>load<i32>(queryRows + (<usize>(q0 + b) << 2)) * rowBytes, T + <usize>t0 * rowBytes, tb, rowBytes, tile + (<usize>(b * TARGET_TILE) << 2));
  }
}

/**
 * out[t] = a · U[t] for tb targets of one query (a lone query: a single request, the tail of a
 * block): four targets at a time, one accumulator each (four independent chains, not one), summed
 * in the same order as the four-query path so a query scores the same bits alone or in a block.
 */
export function scoreOne(a: usize, U: usize, tb: i32, rowBytes: usize, out: usize): void {
  let t = 0;
  for (; t + 4 <= tb; t += 4) {
    const u0 = U + <usize>t * rowBytes;
    const u1 = u0 + rowBytes;
    const u2 = u1 + rowBytes;
    const u3 = u2 + rowBytes;
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
    for (let o: usize = 0; o < rowBytes; o += 16) {
      const w = v128.load(a + o);
      s0 = f32x4.add(s0, f32x4.mul(w, v128.load(u0 + o)));
      s1 = f32x4.add(s1, f32x4.mul(w, v128.load(u1 + o)));
      s2 = f32x4.add(s2, f32x4.mul(w, v128.load(u2 + o)));
      s3 = f32x4.add(s3, f32x4.mul(w, v128.load(u3 + o)));
    }
    const p = out + (<usize>t << 2);
    store<f32>(p, hsum(s0));
    store<f32>(p, hsum(s1), 4);
    store<f32>(p, hsum(s2), 8);
    store<f32>(p, hsum(s3), 12);
  }
  for (; t < tb; t++) store<f32>(out + (<usize>t << 2), dot1(a, U + <usize>t * rowBytes, rowBytes));
}

/** a · u with one f32x4 accumulator, lanes summed by hsum: the order of every path of scoreTile. */
@inline function dot1(a: usize, u: usize, rowBytes: usize): f32 {
  let s = f32x4.splat(0);
  for (let o: usize = 0; o < rowBytes; o += 16) s = f32x4.add(s, f32x4.mul(v128.load(a + o), v128.load(u + o)));
  return hsum(s);
}
