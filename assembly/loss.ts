import { dot32 } from './vectors';

/**
 * Terms of the ALS objective (src/als/loss.ts) over the rows [bounds[chunk], bounds[chunk+1]) of a
 * CSR over factors F (this side) and G (the other side), written as two f64 to out + chunk·16:
 *
 *   [0] data:  explicit Σ (r − s)²;  implicit Σ c(p − s)² − s²  (s = f_rᵀg_i, c = 1 + α|r|, p = [r > 0])
 *   [1] reg:   Σ_r n_r ‖f_r‖²  (n_r: ratings, or positive ratings for implicit)
 *
 * With `withData` 0 only [1] is computed (the item side's regulariser). The implicit data term
 * still lacks Σ_all s² = tr(XᵀX·YᵀY), added by the caller from the Gram matrices.
 */
export function lossChunk(
  chunk: i32, scratch: usize, bounds: usize,
  indptr: usize, indices: usize, values: usize, F: usize, G: usize,
  kp: i32, implicit: i32, alpha: f64, withData: i32, out: usize,
): i32 {
  const rowBytes = <usize>kp << 2;
  let data: f64 = 0;
  let reg: f64 = 0;
  const rowEnd = load<i32>(bounds + (<usize>(chunk + 1) << 2));
  for (let r = load<i32>(bounds + (<usize>chunk << 2)); r < rowEnd; r++) {
    const f = F + <usize>r * rowBytes;
    const end = load<i32>(indptr + (<usize>(r + 1) << 2));
    let n = 0;
    for (let e = load<i32>(indptr + (<usize>r << 2)); e < end; e++) {
      const rating = <f64>load<f32>(values + (<usize>e << 2));
      if (implicit) n += i32(rating > 0);
      else n++;
      if (!withData) continue;
      const s = <f64>dot32(f, G + <usize>load<i32>(indices + (<usize>e << 2)) * rowBytes, kp);
      if (implicit) {
        const c = 1 + alpha * abs<f64>(rating);
        const p: f64 = rating > 0 ? 1 : 0;
        data += c * (p - s) * (p - s) - s * s;
      } else {
        data += (rating - s) * (rating - s);
      }
    }
    reg += <f64>n * <f64>dot32(f, f, kp);
  }
  const o = out + (<usize>chunk << 4);
  store<f64>(o, data);
  store<f64>(o, reg, 8);
  return -1;
}
