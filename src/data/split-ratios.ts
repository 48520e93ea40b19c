import { selectRows, type Interactions } from './interactions.js';

/**
 * Shared by the splitters: split ratios, cut points, and turning a row → part assignment into
 * Interactions. Every part keeps the input's row order and shares its id maps.
 */

/** A split ratio: r in (0, 1) meaning [r, 1 − r], or a list of positive weights. */
export type SplitRatio = number | readonly number[];

/**
 * The ratios as fractions summing to 1: r → [r, 1 − r]; a list w → w / Σw, so [3, 1] and
 * [0.75, 0.25] are the same split.
 */
export function normaliseRatios(ratio: SplitRatio, who: string): number[] {
  if (typeof ratio === 'number') {
    if (!(ratio > 0 && ratio < 1)) {
      throw new Error(`${who}: ratio must be in (0, 1) (the train fraction) or a list of positive weights, got ${ratio}`);
    }
    return [ratio, 1 - ratio];
  }
  if (!Array.isArray(ratio) || ratio.length === 0) {
    throw new Error(`${who}: ratio must be a number in (0, 1) or a non-empty list of positive weights, got ${JSON.stringify(ratio)}`);
  }
  let total = 0;
  for (const w of ratio) {
    if (typeof w !== 'number' || !(w > 0) || !Number.isFinite(w)) {
      throw new Error(`${who}: every ratio weight must be a positive finite number, got ${JSON.stringify(ratio)}`);
    }
    total += w;
  }
  return ratio.map((w) => w / total);
}

/**
 * Round half to even (banker's rounding), as Python's round() that the `recommenders` splitters
 * use: 2.5 → 2, 3.5 → 4, 1.4 → 1.
 */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * Cut points of n ordered rows into parts with the given fractions: part k is
 * [cut[k], cut[k+1]) with cut[0] = 0, cut[k] = round(n · (f_0 + … + f_{k−1})), cut[m] = n.
 * Cumulative rounding keeps the sizes summing to n exactly.
 */
export function cutPoints(fractions: readonly number[], n: number): Int32Array {
  const m = fractions.length;
  const cut = new Int32Array(m + 1);
  let cumulative = 0;
  for (let k = 1; k < m; k++) {
    cumulative += fractions[k - 1]!;
    cut[k] = Math.min(n, Math.max(cut[k - 1]!, roundHalfEven(cumulative * n)));
  }
  cut[m] = n;
  return cut;
}

/** Throws when `data` has no rows. */
export function requireRows(data: Interactions, who: string): number {
  const n = data.users.length;
  if (n === 0) throw new Error(`${who}: the data has no rows; read or generate interactions before splitting`);
  return n;
}

/**
 * The parts named by `partOf` (row r goes to part partOf[r]; −1 drops it), each in input row order,
 * sharing the id maps of `data`.
 */
export function partsFromAssignment(data: Interactions, partOf: Int32Array, parts: number): Interactions[] {
  const sizes = new Int32Array(parts);
  for (let r = 0; r < partOf.length; r++) if (partOf[r]! >= 0) sizes[partOf[r]!]++;
  const rows = Array.from(sizes, (s) => new Int32Array(s));
  const fill = new Int32Array(parts);
  for (let r = 0; r < partOf.length; r++) {
    const p = partOf[r]!;
    if (p >= 0) rows[p]![fill[p]!++] = r;
  }
  return rows.map((idx) => selectRows(data, idx));
}
