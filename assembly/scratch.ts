import { FLUSH_EVERY } from './normal-equation';

/**
 * Per-thread scratch space, carved from one block at `s` for rank padded to `kp`:
 *
 *   A64  kp×kp f64   normal-equation matrix (lower triangle), Cholesky factor in place
 *   A32  kp×kp f32   float32 accumulator flushed into A64 every FLUSH_EVERY entries
 *   b64  kp f64      right-hand side, then the solution
 *   b32  kp f32      float32 accumulator of the right-hand side
 *   v0–v7 kp f32     conjugate-gradient vectors x, r, p, Ap of a pair of rows (cg-rows.ts)
 *   Yb, Wb           FLUSH_EVERY × kp f32 each: a block of gathered rows y_e and weighted rows c_e·y_e
 *   NNLS work        sub kp×kp f64; rhs, z, grad kp f64 each; free, freeIdx kp i32 each
 *                    (the NNLS solution, kp f64, goes to v0–v1)
 *   gather           (CG and iALS++, sized by the caller after scratchBytes(kp)) gatherCap × kp f32;
 *                    CG packs both rows of a pair into it while they fit
 *
 * `scratchBytes(kp)` is the size; every offset is a multiple of 16 bytes because kp is a multiple of 4.
 */
@inline export function scrA64(s: usize, kp: i32): usize { return s; }
@inline export function scrA32(s: usize, kp: i32): usize { return s + (<usize>(kp * kp) << 3); }
@inline export function scrB64(s: usize, kp: i32): usize { return scrA32(s, kp) + (<usize>(kp * kp) << 2); }
@inline export function scrB32(s: usize, kp: i32): usize { return scrB64(s, kp) + (<usize>kp << 3); }
/** CG vector i (0 ≤ i < 8). */
@inline export function scrVec(s: usize, kp: i32, i: i32): usize { return scrB32(s, kp) + (<usize>((1 + i) * kp) << 2); }
@inline export function scrYb(s: usize, kp: i32): usize { return scrVec(s, kp, 8); }
@inline export function scrWb(s: usize, kp: i32): usize { return scrYb(s, kp) + (<usize>(FLUSH_EVERY * kp) << 2); }
@inline export function scrNnls(s: usize, kp: i32): usize { return scrWb(s, kp) + (<usize>(FLUSH_EVERY * kp) << 2); }

/** NNLS work: sub-matrix, then three kp-vectors of f64, then two of i32. */
@inline export function nnlsBytes(kp: i32): usize { return (<usize>(kp * kp) << 3) + (<usize>(3 * kp) << 3) + (<usize>(2 * kp) << 2); }

export function scratchBytes(kp: i32): usize {
  return scrNnls(0, kp) + nnlsBytes(kp);
}

/** Where the CG gather buffer starts: right after the fixed part; the caller sizes it (cgChunk's gatherCap). */
@inline export function scrGather(s: usize, kp: i32): usize { return s + scratchBytes(kp); }
