import type { Interactions } from '../data/interactions.js';
import { Random } from '../data/random.js';
import { cutPoints } from '../data/split-ratios.js';
import { trainValidationPlan, type SplitPlan } from './split-plan.js';

/** How `tune` cuts its training data into inner training and validation parts. */
export type ValidationMethod = 'stratified' | 'random' | 'chrono';

/**
 * One inner train/validation split of the training data `data`, refitted on all of it at the end:
 *
 * - 'random': rows shuffled with Random(seed), the first round(ratio·n) train (trainValidationPlan);
 * - 'stratified': per user, as `stratifiedSplit` (recommenders' python_stratified_split): rows
 *   shuffled with Random(seed), then each user's first round(ratio·count) rows train, the rest
 *   validate, so every user with 2+ rows is on both sides (the ML-100k benchmark's own split);
 * - 'chrono': per user, rows by timestamp (ties by row order), the earliest round(ratio·count) train.
 *
 * round is half-to-even (cutPoints). A user with one row keeps it in training.
 */
export function validationPlan(data: Interactions, method: ValidationMethod, ratio: number, seed: number): SplitPlan {
  if (!(ratio > 0 && ratio < 1)) throw new RangeError(`validation: ratio must be in (0, 1), got ${ratio}; e.g. 0.8 keeps 80% of each user's rows for training`);
  if (method === 'random') return trainValidationPlan(data, ratio, seed);
  if (method !== 'stratified' && method !== 'chrono') {
    throw new RangeError(`validation: method must be 'stratified', 'random' or 'chrono', got ${JSON.stringify(method)}`);
  }
  const n = data.users.length;
  if (n < 2) throw new RangeError(`validation: ${n} row(s) cannot be split into training and validation; pass more data`);
  const order = new Int32Array(n);
  for (let r = 0; r < n; r++) order[r] = r;
  if (method === 'stratified') new Random(seed).shuffle(order);
  else {
    const t = data.timestamps;
    if (!t) throw new RangeError("validation: 'chrono' needs timestamps, and the data has none; use --validation stratified or read a file with a timestamp column");
    order.sort((a, b) => t[a]! - t[b]! || a - b);
  }
  // bucket rows by user, keeping `order` within each user (stable counting sort)
  const numUsers = data.userIds.size;
  const start = new Int32Array(numUsers + 1);
  for (let r = 0; r < n; r++) start[data.users[r]! + 1]!++;
  for (let u = 0; u < numUsers; u++) start[u + 1]! += start[u]!;
  const fill = start.slice(0, numUsers);
  const bucketed = new Int32Array(n);
  for (let j = 0; j < n; j++) bucketed[fill[data.users[order[j]!]!]!++] = order[j]!;
  const fold = new Int32Array(n);
  let validation = 0;
  for (let u = 0; u < numUsers; u++) {
    const s = start[u]!;
    const count = start[u + 1]! - s;
    const cut = cutPoints([ratio, 1 - ratio], count)[1]!;
    for (let j = 0; j < count; j++) fold[bucketed[s + j]!] = j < cut ? 1 : 0;
    validation += count - cut;
  }
  if (validation === 0) throw new RangeError(`validation: ratio ${ratio} leaves no validation row (every user has too few rows); lower the ratio`);
  return { kind: 'train-validation', data, fold, splits: 1, full: data };
}
