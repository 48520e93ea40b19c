import { choleskySolve } from './cholesky';
import { nnlsBytes } from './scratch';

/**
 * Non-negative least squares on the normal equations, min ½ xᵀA x − bᵀx subject to x ≥ 0, by the
 * Lawson–Hanson active-set method — a line-by-line twin of src/kernels/nnls.ts (same thresholds,
 * same order of decisions). A is k × k, full symmetric, row stride `stride`, f64; the solution goes
 * to x (k f64). `work` holds nnlsBytes(kp) bytes. Returns 1, or 0 when a free subsystem is not
 * positive definite (x is then unspecified; the caller reports the row).
 */
export function nnlsSolve(A: usize, b: usize, k: i32, stride: i32, x: usize, work: usize, kp: i32): i32 {
  const sub = work;
  const rhs = sub + (<usize>(kp * kp) << 3);
  const z = rhs + (<usize>kp << 3);
  const grad = z + (<usize>kp << 3);
  const free = grad + (<usize>kp << 3);
  const freeIdx = free + (<usize>kp << 2);
  memory.fill(free, 0, <usize>kp << 2);
  memory.fill(x, 0, <usize>k << 3);
  const rowBytes = <usize>stride << 3;
  const maxOuter = 3 * k + 10;
  for (let outer = 0; outer < maxOuter; outer++) {
    // gradient of the negative objective: b − A x
    let best = -1;
    let bestVal = 1e-12;
    for (let i = 0; i < k; i++) {
      let s = load<f64>(b + (<usize>i << 3));
      const ri = A + <usize>i * rowBytes;
      for (let j = 0; j < k; j++) s -= load<f64>(ri + (<usize>j << 3)) * load<f64>(x + (<usize>j << 3));
      store<f64>(grad + (<usize>i << 3), s);
      if (!load<i32>(free + (<usize>i << 2)) && s > bestVal) {
        bestVal = s;
        best = i;
      }
    }
    if (best < 0) return 1;
    store<i32>(free + (<usize>best << 2), 1);
    for (let inner = 0; inner <= k; inner++) {
      let m = 0;
      for (let i = 0; i < k; i++) if (load<i32>(free + (<usize>i << 2))) store<i32>(freeIdx + (<usize>(m++) << 2), i);
      for (let p = 0; p < m; p++) {
        const i = load<i32>(freeIdx + (<usize>p << 2));
        store<f64>(rhs + (<usize>p << 3), load<f64>(b + (<usize>i << 3)));
        for (let q = 0; q < m; q++) {
          const j = load<i32>(freeIdx + (<usize>q << 2));
          store<f64>(sub + (<usize>(p * m + q) << 3), load<f64>(A + <usize>i * rowBytes + (<usize>j << 3)));
        }
      }
      if (!choleskySolve(sub, rhs, m, m)) return 0;
      memory.fill(z, 0, <usize>k << 3);
      let feasible = true;
      for (let p = 0; p < m; p++) {
        const v = load<f64>(rhs + (<usize>p << 3));
        store<f64>(z + (<usize>load<i32>(freeIdx + (<usize>p << 2)) << 3), v);
        if (v <= 0) feasible = false;
      }
      if (feasible) {
        memory.copy(x, z, <usize>k << 3);
        break;
      }
      // step from x towards z as far as feasibility allows, then drop variables that hit zero
      let alpha = 1.0;
      for (let p = 0; p < m; p++) {
        const i = <usize>load<i32>(freeIdx + (<usize>p << 2)) << 3;
        const zi = load<f64>(z + i);
        if (zi <= 0) {
          const xi = load<f64>(x + i);
          const a = xi / (xi - zi);
          if (a < alpha) alpha = a;
        }
      }
      for (let i = 0; i < k; i++) {
        const o = <usize>i << 3;
        const xi = load<f64>(x + o) + alpha * (load<f64>(z + o) - load<f64>(x + o));
        store<f64>(x + o, xi);
        if (load<i32>(free + (<usize>i << 2)) && xi <= 1e-15) {
          store<f64>(x + o, 0);
          store<i32>(free + (<usize>i << 2), 0);
        }
      }
    }
  }
  return 1;
}

/** Bytes of `work` for nnlsSolve (re-exported so the layout lives in one place). */
export function nnlsWorkBytes(kp: i32): usize {
  return nnlsBytes(kp);
}
