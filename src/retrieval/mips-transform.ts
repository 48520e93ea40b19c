/**
 * The MIPS → cosine reduction (Bachrach et al. 2014, "Speeding up the Xbox recommender system
 * using a Euclidean transformation for inner-product spaces"): with M = max_i ‖y_i‖, each target
 * becomes ỹ_i = [y_i, √(M² − ‖y_i‖²)] / M, a unit vector, and a query q becomes q̃ = [q, 0] / ‖q‖.
 * Then q̃ᵀỹ_i = qᵀy_i / (‖q‖·M): for a fixed query the cosine in the augmented space orders targets
 * exactly as the inner product does, so a cosine index (LSH, HNSW) answers MIPS.
 */
export function augmentTargets(Y: Float32Array, rank: number): { rows: Float32Array; maxNorm: number } {
  const n = Y.length / rank;
  const norms2 = new Float64Array(n);
  let max2 = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let a = 0; a < rank; a++) s += Y[i * rank + a]! * Y[i * rank + a]!;
    norms2[i] = s;
    if (s > max2) max2 = s;
  }
  const M = Math.sqrt(max2) || 1;
  const d = rank + 1;
  const rows = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < rank; a++) rows[i * d + a] = Y[i * rank + a]! / M;
    rows[i * d + rank] = Math.sqrt(Math.max(0, max2 - norms2[i]!)) / M;
  }
  return { rows, maxNorm: M };
}

/** q̃ = [q, 0] / ‖q‖ for query row `row` of Q, written into `out` (length rank + 1); a zero q stays zero. */
export function augmentQuery(Q: Float32Array, row: number, rank: number, out: Float32Array): Float32Array {
  let s = 0;
  for (let a = 0; a < rank; a++) s += Q[row * rank + a]! * Q[row * rank + a]!;
  const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
  for (let a = 0; a < rank; a++) out[a] = Q[row * rank + a]! * inv;
  out[rank] = 0;
  return out;
}

/**
 * Norm-ranging (Yan et al. 2018, "Norm-Ranging LSH for Maximum Inner Product Search"): the targets
 * split into `ranges` groups of equal size by norm, each transformed with its own M_p = the largest
 * norm in its group, so a few very long vectors (the most popular items of an ALS fit) no longer
 * squash every other target's cosine towards 0. Returns the augmented unit rows and each row's group
 * (0 = the longest vectors). One range is the plain transform.
 */
export function augmentTargetsByNorm(Y: Float32Array, rank: number, ranges: number): { rows: Float32Array; range: Uint8Array } {
  const n = Y.length / rank;
  const norms2 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let a = 0; a < rank; a++) s += Y[i * rank + a]! * Y[i * rank + a]!;
    norms2[i] = s;
  }
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => norms2[b]! - norms2[a]! || a - b);
  const range = new Uint8Array(n);
  const max2 = new Float64Array(ranges);
  order.forEach((i, pos) => {
    const p = Math.min(ranges - 1, Math.floor((pos * ranges) / n));
    range[i] = p;
    if (norms2[i]! > max2[p]!) max2[p] = norms2[i]!;
  });
  const d = rank + 1;
  const rows = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const m2 = max2[range[i]!]!;
    const M = Math.sqrt(m2) || 1;
    for (let a = 0; a < rank; a++) rows[i * d + a] = Y[i * rank + a]! / M;
    rows[i * d + rank] = Math.sqrt(Math.max(0, m2 - norms2[i]!)) / M;
  }
  return { rows, range };
}
