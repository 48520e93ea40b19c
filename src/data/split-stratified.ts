import type { Interactions } from './interactions.js';
import { Random } from './random.js';
import { cutPoints, normaliseRatios, partsFromAssignment, requireRows, type SplitRatio } from './split-ratios.js';

/** Options of stratifiedSplit. */
export interface StratifiedSplitOptions {
  /** Train fraction in (0, 1), or a list of positive weights for more parts. */
  ratio: SplitRatio;
  /** Seed of the within-group shuffle; default 42. */
  seed?: number;
  /** Drop users (or items) with fewer rows than this; default 1 (keep all). */
  minRating?: number;
  /** Group, and filter, by 'user' (default) or 'item'. */
  filterBy?: 'user' | 'item';
}

/**
 * Stratified split (as `recommenders`' python_stratified_split): users (or items, by `filterBy`)
 * with fewer than `minRating` rows are dropped; each remaining user's rows are shuffled with
 * Random(seed), and the first round(ratio · count) go to train, the rest to test — so every kept
 * user has rows on both sides in proportion. `round` is half-to-even, as Python's.
 */
export function stratifiedSplit(data: Interactions, opts: StratifiedSplitOptions): Interactions[] {
  const who = 'stratifiedSplit';
  const seed = opts.seed ?? 42;
  if (!Number.isFinite(seed)) throw new Error(`${who}: seed must be a finite number, got ${seed}`);
  const fractions = normaliseRatios(opts.ratio, who);
  const n = requireRows(data, who);
  const order = new Int32Array(n);
  for (let r = 0; r < n; r++) order[r] = r;
  new Random(seed).shuffle(order);
  return splitWithinGroups(data, order, fractions, opts, who);
}

/**
 * The engine of the stratified and chronological splits. `order` lists all rows in the order that
 * decides which rows of a group come first; rows are bucketed by group keeping that order (a
 * stable counting sort), groups smaller than minRating dropped, and each group's first
 * round(count · cumulative fraction) rows assigned to the earlier parts.
 */
export function splitWithinGroups(
  data: Interactions,
  order: Int32Array,
  fractions: readonly number[],
  opts: { minRating?: number; filterBy?: 'user' | 'item' },
  who: string,
): Interactions[] {
  const filterBy = opts.filterBy ?? 'user';
  if (filterBy !== 'user' && filterBy !== 'item') {
    throw new Error(`${who}: filterBy must be 'user' or 'item', got ${JSON.stringify(filterBy)}`);
  }
  const minRating = opts.minRating ?? 1;
  if (!Number.isInteger(minRating) || minRating < 1) {
    throw new Error(`${who}: minRating must be an integer >= 1, got ${minRating}`);
  }
  const keys = filterBy === 'user' ? data.users : data.items;
  const groups = (filterBy === 'user' ? data.userIds : data.itemIds).size;
  const n = keys.length;
  const start = new Int32Array(groups + 1);
  for (let r = 0; r < n; r++) start[keys[r]! + 1]++;
  for (let g = 0; g < groups; g++) start[g + 1] += start[g]!;
  const bucketed = new Int32Array(n);
  const fill = start.slice(0, groups);
  for (let j = 0; j < n; j++) {
    const r = order[j]!;
    bucketed[fill[keys[r]!]!++] = r;
  }
  const partOf = new Int32Array(n).fill(-1);
  let kept = 0;
  for (let g = 0; g < groups; g++) {
    const s = start[g]!;
    const count = start[g + 1]! - s;
    if (count === 0 || count < minRating) continue;
    kept++;
    const cut = cutPoints(fractions, count);
    for (let k = 0; k < fractions.length; k++) {
      for (let j = cut[k]!; j < cut[k + 1]!; j++) partOf[bucketed[s + j]!] = k;
    }
  }
  if (kept === 0) {
    throw new Error(`${who}: no ${filterBy} has at least minRating = ${minRating} rows; lower minRating`);
  }
  return partsFromAssignment(data, partOf, fractions.length);
}
