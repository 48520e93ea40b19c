import { heapDrain, heapPush, hsAt } from './bounded-heap';
import { CLEAN, TARGET_TILE, bitmapWords, markSeen, scoreOne } from './top-k';

/**
 * Top-K through an inverted file (IVF) — the twin of src/retrieval/ivf.ts. The caller stores the
 * targets grouped by list (list l at positions [listStart[l], listStart[l+1])) and, inside each list,
 * by decreasing norm: position p holds target perm[p] of norm tnorm[p] (inv is perm's inverse). For
 * each query (result row j, query row queryRows[j]) the kernel scores the query against the
 * numLists list centroids C, keeps the nprobe best lists (ties to the lower list), and scans those
 * lists best list first with the exact kernel's arithmetic (scoreOne: the same score bits as
 * topKChunk), each list stopped by its own norm bound ‖q‖·tnorm[p]·(1 + δ)·c < the K-th kept score
 * (c = boundScale; 1 is exact within the probed lists). Seen targets are skipped through a bitmap
 * over positions, NaN scores never rank, ties go to the lower target index. With nprobe = numLists
 * and c = 1 the lists are the exact top-K's.
 *
 * Output rows: K original target indices best first (−1 past the candidates) in outIdx, their
 * scores (NaN there) in outScore. One query at a time: a query's work is a few lists, not the table.
 */
export function ivfScratchBytes(K: i32, numTargets: i32, numLists: i32): usize {
  return (
    (<usize>max(TARGET_TILE, numLists) << 2) + // scores of a tile, or of the centroids
    (<usize>K << 3) + 16 + // result heap and its size
    (<usize>numLists << 4) + 16 + // probe heap, its size, and the probes drained best first
    16 + // clean marker
    (<usize>bitmapWords(numTargets) << 2)
  );
}

export function ivfChunk(
  chunk: i32, scratch: usize, bounds: usize,
  queryRows: usize, Q: usize, T: usize, numTargets: i32, kp: i32, K: i32,
  seenIndptr: usize, seenIndices: usize, outIdx: usize, outScore: usize,
  perm: usize, inv: usize, qnorm: usize, tnorm: usize, boundScale: f64,
  C: usize, numLists: i32, listStart: usize, nprobe: i32,
): i32 {
  const tile = scratch;
  const hs = tile + (<usize>max(TARGET_TILE, numLists) << 2);
  const hi = hs + (<usize>K << 2);
  const sizePtr = hi + (<usize>K << 2);
  const phs = sizePtr + 16;
  const phi = phs + (<usize>numLists << 2);
  const probeIdx = phi + (<usize>numLists << 2);
  const probeScore = probeIdx + (<usize>numLists << 2);
  const psizePtr = probeScore + (<usize>numLists << 2);
  const clean = psizePtr + 16;
  const bitmap = clean + 16;
  // as in topKChunk: the bitmap is left all zero by each finished query, zeroed in full only when
  // this scratch block was not left clean
  if (load<u32>(clean) != CLEAN || load<i32>(clean, 4) != numTargets) {
    memory.fill(bitmap, 0, <usize>bitmapWords(numTargets) << 2);
    store<i32>(clean, numTargets, 4);
  }
  store<u32>(clean, 0);
  const rowBytes = <usize>kp << 2;
  const slack: f64 = (1 + <f64>kp / 8388608) * boundScale;
  const probes = min(nprobe, numLists);
  const qEnd = load<i32>(bounds + (<usize>(chunk + 1) << 2));
  for (let j = load<i32>(bounds + (<usize>chunk << 2)); j < qEnd; j++) {
    const row = load<i32>(queryRows + (<usize>j << 2));
    const q = Q + <usize>row * rowBytes;
    const qn = load<f64>(qnorm + (<usize>row << 3));
    // the nprobe lists whose centroids score highest
    scoreOne(q, C, numLists, rowBytes, tile);
    store<i32>(psizePtr, 0);
    let pbar: f32 = -Infinity;
    for (let l = 0; l < numLists; l++) {
      const s = load<f32>(tile + (<usize>l << 2));
      if (!(s >= pbar)) continue;
      heapPush(phs, phi, 0, psizePtr, probes, s, l);
      if (load<i32>(psizePtr) == probes) pbar = hsAt(phs, 0, 0);
    }
    const numProbed = load<i32>(psizePtr);
    heapDrain(phs, phi, 0, numProbed, probeIdx, probeScore, 0);
    if (seenIndptr) markSeen(bitmap, row, seenIndptr, seenIndices, inv, numTargets, 1);
    store<i32>(sizePtr, 0);
    let bar: f32 = -Infinity;
    for (let p = 0; p < numProbed; p++) {
      const l = load<i32>(probeIdx + (<usize>p << 2));
      const end = load<i32>(listStart + (<usize>(l + 1) << 2));
      for (let t0 = load<i32>(listStart + (<usize>l << 2)); t0 < end; t0 += TARGET_TILE) {
        // the rest of this list is shorter than needed to beat the K-th kept score
        if (load<i32>(sizePtr) == K && qn * (load<f64>(tnorm + (<usize>t0 << 3)) * slack) < <f64>bar) break;
        const tb = min(TARGET_TILE, end - t0);
        scoreOne(q, T + <usize>t0 * rowBytes, tb, rowBytes, tile);
        for (let t = 0; t < tb; t++) {
          const s = load<f32>(tile + (<usize>t << 2));
          if (!(s >= bar)) continue;
          const pos = t0 + t;
          if ((load<u32>(bitmap + (<usize>(pos >> 5) << 2)) >> (pos & 31)) & 1) continue;
          heapPush(hs, hi, 0, sizePtr, K, s, load<i32>(perm + (<usize>pos << 2)));
          if (load<i32>(sizePtr) == K) bar = hsAt(hs, 0, 0);
        }
      }
    }
    const size = load<i32>(sizePtr);
    const o = <usize>j * <usize>K;
    heapDrain(hs, hi, 0, size, outIdx, outScore, o);
    for (let m = size; m < K; m++) {
      store<i32>(outIdx + ((o + <usize>m) << 2), -1);
      store<f32>(outScore + ((o + <usize>m) << 2), NaN);
    }
    if (seenIndptr) markSeen(bitmap, row, seenIndptr, seenIndices, inv, numTargets, 0);
  }
  store<u32>(clean, CLEAN);
  return -1;
}
