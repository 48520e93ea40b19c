import { FLUSH_EVERY, addBlock, flushMatrix, tileWidth } from './normal-equation';
import { scrA32 } from './scratch';

/**
 * Partial Gram matrix of the rows [bounds[chunk], bounds[chunk+1]) of Y (n × kp f32):
 * P_chunk = Σ_r y_r y_rᵀ, lower triangle, written to partials + chunk·kp²·8 (f64). Same float32
 * GEMM blocks with float64 flushes as the normal equations (the rows are their own weights). The full YᵀY is the sum of the partials
 * in chunk order (gramReduce): chunks depend only on n, never on the thread count, so YᵀY has the
 * same bits for 1 and N threads.
 */
export function gramChunk(chunk: i32, scratch: usize, bounds: usize, Y: usize, kp: i32, k: i32, partials: usize): i32 {
  const A32 = scrA32(scratch, kp);
  const out = partials + (<usize>chunk * <usize>(kp * kp) << 3);
  memory.fill(A32, 0, <usize>(kp * kp) << 2);
  const rowBytes = <usize>kp << 2;
  const end = load<i32>(bounds + (<usize>(chunk + 1) << 2));
  const start = load<i32>(bounds + (<usize>chunk << 2));
  if (start == end) memory.fill(out, 0, <usize>(kp * kp) << 3);
  let r = start;
  while (r < end) {
    const B = min(end - r, FLUSH_EVERY);
    const rows = Y + <usize>r * rowBytes;
    addBlock(A32, rows, rows, B, kp, k);
    flushMatrix(A32, out, r == start ? 0 : out, kp, k);
    r += B;
  }
  return -1;
}

/**
 * YᵀY = Σ_c partials[c] in chunk order, made full symmetric (upper = lower), zero past the rank;
 * written as f64 to out64 and rounded to f32 in out32 (kp × kp each).
 */
export function gramReduce(partials: usize, numChunks: i32, kp: i32, k: i32, out64: usize, out32: usize): void {
  const matBytes = <usize>(kp * kp) << 3;
  memory.fill(out64, 0, matBytes);
  for (let c = 0; c < numChunks; c++) {
    const P = partials + <usize>c * matBytes;
    for (let a = 0; a < k; a++) {
      const w = tileWidth(a & ~3, kp);
      for (let j = 0; j < w; j += 2) {
        const o = (<usize>(a * kp + j)) << 3;
        v128.store(out64 + o, f64x2.add(v128.load(out64 + o), v128.load(P + o)));
      }
    }
  }
  for (let a = 0; a < kp; a++) {
    for (let j = 0; j < kp; j++) {
      let v: f64 = 0;
      if (a < k && j < k) v = j <= a ? load<f64>(out64 + (<usize>(a * kp + j) << 3)) : load<f64>(out64 + (<usize>(j * kp + a) << 3));
      store<f64>(out64 + (<usize>(a * kp + j) << 3), v);
    }
  }
  for (let i = 0; i < kp * kp; i++) store<f32>(out32 + (<usize>i << 2), <f32>load<f64>(out64 + (<usize>i << 3)));
}
