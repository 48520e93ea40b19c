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
