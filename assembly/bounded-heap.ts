/**
 * Bounded min-heaps of (score, target) pairs for top-K, in linear memory: heap `off` occupies
 * K slots of the score array hs (f32) and the index array hi (i32) from slot off, its size at
 * sizePtr. The root is the worst kept pair, so a newcomer only has to beat the root — the twin of
 * the heap in src/kernels/top-k.ts, with the same order: higher score first, ties to the lower
 * target index.
 */

/** a ranks below b: lower score, or equal score and higher index. */
@inline function worse(sa: f32, ia: i32, sb: f32, ib: i32): bool {
  return sa < sb || (sa == sb && ia > ib);
}

@inline export function hsAt(hs: usize, off: usize, i: i32): f32 {
  return load<f32>(hs + ((off + <usize>i) << 2));
}

@inline function hiAt(hi: usize, off: usize, i: i32): i32 {
  return load<i32>(hi + ((off + <usize>i) << 2));
}

@inline function put(hs: usize, hi: usize, off: usize, i: i32, s: f32, idx: i32): void {
  store<f32>(hs + ((off + <usize>i) << 2), s);
  store<i32>(hi + ((off + <usize>i) << 2), idx);
}

export function heapPush(hs: usize, hi: usize, off: usize, sizePtr: usize, K: i32, s: f32, idx: i32): void {
  let size = load<i32>(sizePtr);
  if (size < K) {
    let i = size++;
    store<i32>(sizePtr, size);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!worse(s, idx, hsAt(hs, off, parent), hiAt(hi, off, parent))) break;
      put(hs, hi, off, i, hsAt(hs, off, parent), hiAt(hi, off, parent));
      i = parent;
    }
    put(hs, hi, off, i, s, idx);
    return;
  }
  // the root is the worst kept; replace it when the newcomer is better
  if (!worse(hsAt(hs, off, 0), hiAt(hi, off, 0), s, idx)) return;
  siftDown(hs, hi, off, size, s, idx);
}

function siftDown(hs: usize, hi: usize, off: usize, size: i32, s: f32, idx: i32): void {
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= size) break;
    const r = l + 1;
    let c = l;
    if (r < size && worse(hsAt(hs, off, r), hiAt(hi, off, r), hsAt(hs, off, l), hiAt(hi, off, l))) c = r;
    if (!worse(hsAt(hs, off, c), hiAt(hi, off, c), s, idx)) break;
    put(hs, hi, off, i, hsAt(hs, off, c), hiAt(hi, off, c));
    i = c;
  }
  put(hs, hi, off, i, s, idx);
}

/** Pops the heap worst-first into the output row from the back, leaving it best-first. */
export function heapDrain(hs: usize, hi: usize, off: usize, size: i32, outIdx: usize, outScore: usize, outOff: usize): void {
  for (let n = size; n > 0; n--) {
    store<i32>(outIdx + ((outOff + <usize>(n - 1)) << 2), hiAt(hi, off, 0));
    store<f32>(outScore + ((outOff + <usize>(n - 1)) << 2), hsAt(hs, off, 0));
    const lastS = hsAt(hs, off, n - 1);
    const lastI = hiAt(hi, off, n - 1);
    if (n > 1) siftDown(hs, hi, off, n - 1, lastS, lastI);
  }
}
