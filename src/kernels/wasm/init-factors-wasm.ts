import type { IdMap } from '../../data/id-map.js';
import { rowSeeds } from '../../als/init-factors.js';
import { KernelMemory, MemoryLayout } from './kernel-memory.js';
import type { WasmModule } from './wasm-api.js';

/** Rows drawn per call: the WASM memory holds this many rows' seeds and factors at most. */
const BATCH_ROWS = 16384;

/**
 * initFactors (als/init-factors.ts) on the WASM kernels (assembly/init-rows.ts), with the same
 * bits: the row seeds are hashed here, the draws made in WASM in batches of BATCH_ROWS rows (so
 * the temporary memory stays small whatever the number of ids). A fresh process's first fit
 * draws its factors in WASM code compiled up front, not in JavaScript that has yet to be
 * optimised (ML-100k at rank 64: ~20 ms less).
 */
export function initFactorsWasm(module: WasmModule, ids: Pick<IdMap, 'size' | 'toExternal'>, rank: number, seed: number, stream: number, std = 0): Float32Array {
  const n = ids.size;
  const out = new Float32Array(n * rank);
  if (n === 0) return out;
  const seeds = rowSeeds(ids, seed, stream);
  const batch = Math.min(n, BATCH_ROWS);
  const layout = new MemoryLayout();
  const seedsAt = layout.alloc(batch * 4);
  const rowsAt = layout.alloc(batch * rank * 4);
  const mem = new KernelMemory(module, layout.bytes);
  for (let r0 = 0; r0 < n; r0 += batch) {
    const m = Math.min(batch, n - r0);
    new Uint32Array(mem.memory.buffer, seedsAt, m).set(seeds.subarray(r0, r0 + m));
    mem.exports.initRows(seedsAt, m, rank, rowsAt, std);
    out.set(mem.f32.subarray(rowsAt >> 2, (rowsAt >> 2) + m * rank), r0 * rank);
  }
  return out;
}
