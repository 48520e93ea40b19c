/**
 * Multiply-adds of one 'ials++' row (assembly/ials-rows.ts) per entry and per row, for the chunk
 * planner (chunk-bounds.ts): per entry, the prediction (kp), then for each of the kp/b blocks the
 * lower triangle of y[B]y[B]ᵀ (b²/2), the right-hand side (b) and the prediction update (b); per
 * row, g = YᵀY x (kp²), the g updates (kp·b per block, kp² in all) and each block's Cholesky (b³/6).
 */
export function ialsppCost(kp: number, blockSize = 32): [perEntry: number, perRow: number] {
  const b = Math.min(blockSize, kp);
  const blocks = Math.ceil(kp / b);
  return [kp + blocks * ((b * b) / 2 + 2 * b), 2 * kp * kp + (blocks * b * b * b) / 6];
}

/** Bytes of gathered rows a thread may hold (as CG's gather buffer, scratch-size.ts). */
const GATHER_LIMIT = 64 * 2 ** 20;

/**
 * The scratch an 'ials++' thread needs beyond the fixed part, for rows of at most `maxRowEntries`:
 * `gatherCap` rows of kp floats (the longest row, within GATHER_LIMIT; longer rows are read in
 * place), then one prediction and one c₁ = α|r| per entry of the longest row. `extraRows` is the
 * whole in units of a kp-float row, what threadScratchBytes takes.
 */
export function ialsppScratch(maxRowEntries: number, kp: number): { gatherCap: number; predCap: number; extraRows: number } {
  const gatherCap = Math.min(maxRowEntries, Math.floor(GATHER_LIMIT / (kp * 4)));
  return { gatherCap, predCap: maxRowEntries, extraRows: gatherCap + 2 * Math.ceil(maxRowEntries / kp) };
}
