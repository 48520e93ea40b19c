/**
 * The CSRs of a fit kept outside WASM memory (plain ArrayBuffers, which a 32-bit WASM memory cannot
 * address and which are freed as soon as the fit ends), streamed through one window inside it:
 * before each task, the entries of a run of consecutive chunks are copied into the window, and the
 * kernels get pointers shifted so that their absolute entry offsets land in it.
 *
 * Why shifting works: the kernels address entry e of a CSR as `indices + 4e` in u32 arithmetic,
 * which wraps modulo 2³². A window holding entries [e0, e1) at byte W is therefore passed as
 * `indices = W − 4·e0 (mod 2³²)`: for every e in [e0, e1), indices + 4e = W + 4(e − e0). The indptr
 * (absolute offsets, < 2³¹) and the factors stay in WASM memory as they are, so nothing in the
 * kernels changes, and neither do the results: a windowed fit has the same bits as a resident one.
 */

/** Values of a host CSR: float32, or 8/16-bit integers when every rating is one (compactValues). */
export type HostValues = Float32Array | Uint8Array | Int8Array | Uint16Array | Int16Array;

/** One side's CSR entries in host memory: column indices (16-bit when they fit) and values. */
export interface HostCsr {
  indices: Int32Array | Uint16Array;
  values: HostValues;
}

/** A run of consecutive chunks [c0, c1) and the entries [e0, e1) of their rows. */
export interface CsrWindow {
  c0: number;
  c1: number;
  e0: number;
  e1: number;
}

/**
 * Entries of the window when a fit has to stream and the caller did not say: 2²⁰ (8 MiB of indices
 * and values). Small, as it adds to the peak; large enough that a window holds hundreds of chunks
 * (~2,000 entries each at rank 64), so the threads' wait at each window's end is lost in its work.
 */
export const DEFAULT_WINDOW_ENTRIES = 1 << 20;

/** An index array for `n` entries whose values are < `bound`: 16-bit when bound ≤ 65536 (half the bytes). */
export function compactIndices(n: number, bound: number): Int32Array | Uint16Array {
  return bound <= 65536 ? new Uint16Array(n) : new Int32Array(n);
}

/**
 * An array for `n` copies of the values in `ratings`: the narrowest integer type that holds them
 * all when every one is a whole number (star ratings, counts of clicks or plays: 1 byte instead of
 * 4, and exact — such integers are exactly representable in float32, so the window's float32 copy
 * has the original bits), else float32. −0 is kept as float32 (an integer array would make it +0).
 */
export function compactValues(ratings: Float32Array, n: number): HostValues {
  let lo = 0;
  let hi = 0;
  for (let j = 0; j < ratings.length; j++) {
    const r = ratings[j]!;
    if (!Number.isInteger(r) || Object.is(r, -0)) return new Float32Array(n);
    if (r < lo) lo = r;
    else if (r > hi) hi = r;
  }
  if (lo >= 0 && hi <= 255) return new Uint8Array(n);
  if (lo >= -128 && hi <= 127) return new Int8Array(n);
  if (lo >= 0 && hi <= 65535) return new Uint16Array(n);
  if (lo >= -32768 && hi <= 32767) return new Int16Array(n);
  return new Float32Array(n);
}

/** A zeroed array of `n` values of the same type as `a`. */
export function valuesLike(a: HostValues, n: number): HostValues {
  if (a instanceof Uint8Array) return new Uint8Array(n);
  if (a instanceof Int8Array) return new Int8Array(n);
  if (a instanceof Uint16Array) return new Uint16Array(n);
  if (a instanceof Int16Array) return new Int16Array(n);
  return new Float32Array(n);
}

/**
 * Zeroed host arrays for both CSRs of `ratings.length` entries: the item CSR's user indices and the
 * user CSR's item indices in 16 bits where the other side has ≤ 65,536 rows, the values compact.
 */
export function hostCsrPair(ratings: Float32Array, numUsers: number, numItems: number) {
  const nnz = ratings.length;
  const itemValues = compactValues(ratings, nnz);
  return {
    itemIndices: compactIndices(nnz, numUsers),
    itemValues,
    userIndices: compactIndices(nnz, numItems),
    userValues: valuesLike(itemValues, nnz),
  };
}

/** Entries in the largest chunk of `bounds` (rows [bounds[c], bounds[c+1]) of a CSR with `indptr`). */
export function largestChunk(indptr: Int32Array, bounds: Int32Array): number {
  let m = 0;
  for (let c = 0; c + 1 < bounds.length; c++) m = Math.max(m, indptr[bounds[c + 1]!]! - indptr[bounds[c]!]!);
  return m;
}

/**
 * Consecutive chunks grouped into windows of at most `capacity` entries each (capacity must be at
 * least largestChunk: a chunk is never split, as a thread solves it in one call).
 */
export function windowPlan(indptr: Int32Array, bounds: Int32Array, capacity: number): CsrWindow[] {
  const out: CsrWindow[] = [];
  const chunks = bounds.length - 1;
  let c0 = 0;
  while (c0 < chunks) {
    const e0 = indptr[bounds[c0]!]!;
    let c1 = c0 + 1;
    while (c1 < chunks && indptr[bounds[c1 + 1]!]! - e0 <= capacity) c1++;
    const e1 = indptr[bounds[c1]!]!;
    if (e1 - e0 > capacity) throw new Error(`csr window: chunk ${c0} holds ${e1 - e0} entries, over the window's ${capacity}`);
    out.push({ c0, c1, e0, e1 });
    c0 = c1;
  }
  return out;
}

/** Copies the entries of `w` into the window (indices widened to int32, values to float32) at int32/f32 element offsets. */
export function loadWindow(csr: HostCsr, w: CsrWindow, i32: Int32Array, indicesAt: number, f32: Float32Array, valuesAt: number): void {
  i32.set(csr.indices.subarray(w.e0, w.e1), indicesAt);
  f32.set(csr.values.subarray(w.e0, w.e1), valuesAt);
}

/** The pointer a kernel gets for entries [e0, …) held at byte `at`: at − 4·e0, as a wrapped int32. */
export function shiftedPointer(at: number, e0: number): number {
  return (at - 4 * e0) | 0;
}
