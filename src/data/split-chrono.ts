import type { Interactions } from './interactions.js';
import { normaliseRatios, requireRows, type SplitRatio } from './split-ratios.js';
import { splitWithinGroups } from './split-stratified.js';

/** Options of chronoSplit. */
export interface ChronoSplitOptions {
  /** Train fraction in (0, 1), or a list of positive weights for more parts. */
  ratio: SplitRatio;
  /** Drop users (or items) with fewer rows than this; default 1 (keep all). */
  minRating?: number;
  /** Group, and filter, by 'user' (default) or 'item'. */
  filterBy?: 'user' | 'item';
}

/**
 * Chronological split (as `recommenders`' python_chrono_split): like stratifiedSplit, but each
 * user's rows are ordered by timestamp, ties by input row order, and the earliest
 * round(ratio · count) go to train — so per user every train timestamp ≤ every test timestamp.
 */
export function chronoSplit(data: Interactions, opts: ChronoSplitOptions): Interactions[] {
  const who = 'chronoSplit';
  const fractions = normaliseRatios(opts.ratio, who);
  const n = requireRows(data, who);
  const ts = data.timestamps;
  if (!ts) {
    throw new Error(
      `${who}: the data has no timestamps; read data with a timestamp column (reader option timestampCol) ` +
        'or use stratifiedSplit or randomSplit',
    );
  }
  let unknown = 0;
  let first = -1;
  for (let r = 0; r < n; r++) {
    if (Number.isNaN(ts[r]!)) {
      unknown++;
      if (first < 0) first = r;
    }
  }
  if (unknown > 0) {
    throw new Error(
      `${who}: ${unknown} row(s) have no timestamp (NaN), the first at row ${first}; ` +
        'fill them in, drop those rows, or use stratifiedSplit',
    );
  }
  const order = new Int32Array(n);
  for (let r = 0; r < n; r++) order[r] = r;
  order.sort((a, b) => ts[a]! - ts[b]! || a - b);
  return splitWithinGroups(data, order, fractions, opts, who);
}
